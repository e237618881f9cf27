#include "ui/shell/Walkthrough.h"

#include <QHBoxLayout>
#include <algorithm>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "ui/shell/SettingsKeys.h"

namespace pb::ui {

namespace {
struct Step {
    const char* view;
    const char* title;
    const char* body;
};

// QT_TRANSLATE_NOOP marks the texts for lupdate; they are translated when shown.
const Step kSteps[] = {
    {"architecture", QT_TRANSLATE_NOOP("pb::ui::Walkthrough", "Welcome to PruneBench"),
     QT_TRANSLATE_NOOP("pb::ui::Walkthrough",
                       "This is SmolLM2-135M, a small LLaMA-family model with 30 decoder blocks. Structured pruning "
                       "makes it smaller in two ways: <b>width</b> (fewer attention heads and MLP channels in each "
                       "block) and <b>depth</b> (fewer blocks). PruneBench shows what each costs.")},
    {"graph", QT_TRANSLATE_NOOP("pb::ui::Walkthrough", "The dependency rule"),
     QT_TRANSLATE_NOOP("pb::ui::Walkthrough",
                       "Weights are coupled: removing one KV group removes its rows in q, k and v <i>and</i> the "
                       "matching columns of o_proj; one MLP channel is a row of gate and up and a column of down. "
                       "Click a head, group or channel in <b>Dependencies</b> to see every coupled row and column.")},
    {"heatmap", QT_TRANSLATE_NOOP("pb::ui::Walkthrough", "Which units matter"),
     QT_TRANSLATE_NOOP("pb::ui::Walkthrough",
                       "<b>Importance</b> colours every head, group and channel by a criterion: magnitude, Taylor "
                       "(weight × gradient), Wanda, FLAP, and for whole blocks Block Influence, perplexity or SLEB. "
                       "Hover a criterion in any list to read how it works.")},
    {"plan", QT_TRANSLATE_NOOP("pb::ui::Walkthrough", "Make a plan"),
     QT_TRANSLATE_NOOP("pb::ui::Walkthrough",
                       "In <b>Plan</b>, set ratios per layer or for a range of layers, and drag whole blocks to the "
                       "dropped area. Totals update live: parameters, MACs and a latency estimate, next to the depth "
                       "plan that removes the same parameters. Every edit can be undone.")},
    {"compare", QT_TRANSLATE_NOOP("pb::ui::Walkthrough", "Measure and save"),
     QT_TRANSLATE_NOOP("pb::ui::Walkthrough",
                       "<b>Compare</b> prunes and measures perplexity and generations; <b>Charts</b> sweeps width "
                       "against depth; <b>Recovery</b> trains LoRA adapters and measures zero-shot accuracy. "
                       "File › Save writes the model, the plan and a report. Help › Walk-through shows this again.")},
};
constexpr int kStepCount = int(sizeof(kSteps) / sizeof(kSteps[0]));
} // namespace

Walkthrough::Walkthrough(std::function<void(const QString&)> showView, QWidget* parent)
    : QDialog(parent), showView_(std::move(showView)), counter_(new QLabel(this)), title_(new QLabel(this)),
      body_(new QLabel(this)), back_(new QPushButton(tr("Back"), this)), next_(new QPushButton(tr("Next"), this)) {
    setObjectName(QStringLiteral("walkthrough"));
    setWindowTitle(tr("Walk-through"));
    setModal(false);
    setMinimumWidth(460);
    counter_->setObjectName(QStringLiteral("sectionHint"));
    QFont f = title_->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.25);
    title_->setFont(f);
    body_->setWordWrap(true);
    body_->setTextFormat(Qt::RichText);
    body_->setMinimumHeight(110);
    body_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    next_->setObjectName(QStringLiteral("primaryButton"));
    next_->setDefault(true);
    auto* skip = new QPushButton(tr("Close"), this);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(skip);
    buttons->addStretch(1);
    buttons->addWidget(back_);
    buttons->addWidget(next_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(10);
    layout->addWidget(counter_);
    layout->addWidget(title_);
    layout->addWidget(body_, 1);
    layout->addLayout(buttons);

    connect(skip, &QPushButton::clicked, this, &QDialog::accept);
    connect(back_, &QPushButton::clicked, this, [this]() { setStep(step_ - 1); });
    connect(next_, &QPushButton::clicked, this, [this]() {
        if (step_ + 1 >= kStepCount) accept();
        else setStep(step_ + 1);
    });
    setStep(0);
}

int Walkthrough::stepCount() { return kStepCount; }

void Walkthrough::setStep(int step) {
    step_ = std::clamp(step, 0, kStepCount - 1);
    const Step& s = kSteps[step_];
    counter_->setText(tr("Step %1 of %2").arg(step_ + 1).arg(kStepCount));
    title_->setText(tr(s.title));
    body_->setText(tr(s.body));
    back_->setEnabled(step_ > 0);
    next_->setText(step_ + 1 == kStepCount ? tr("Done") : tr("Next"));
    if (showView_) showView_(QString::fromLatin1(s.view));
}

bool Walkthrough::wasShown() { return QSettings().value(keys::kWalkthroughShown, false).toBool(); }
void Walkthrough::markShown() { QSettings().setValue(keys::kWalkthroughShown, true); }

} // namespace pb::ui
