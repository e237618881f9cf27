#include "ui/plan/HiddenSizeCard.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>

#include <cmath>

#include "core/plan/criteria.h"
#include "ui/jobs/HiddenEffectJob.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Format.h"
#include "ui/widgets/StyledLabel.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

HiddenSizeCard::HiddenSizeCard(Workbench* bench, PlanDocument* doc, QWidget* parent)
    : QWidget(parent), bench_(bench), doc_(doc), ratio_(new QDoubleSpinBox(this)), cost_(new QLabel(this)),
      effect_(new QLabel(this)), measure_(new QPushButton(tr("Measure effect"), this)) {
    setObjectName(QStringLiteral("tableCard"));
    ratio_->setObjectName(QStringLiteral("hiddenRatio"));
    ratio_->setRange(0, 90);
    ratio_->setSingleStep(5);
    ratio_->setDecimals(1);
    ratio_->setSuffix(tr(" %"));
    ratio_->setKeyboardTracking(false);  // one plan edit per value, not per keystroke
    ratio_->setAccessibleName(tr("Hidden channels removed"));
    ratio_->setToolTip(tr("Fraction of the hidden (residual-stream) channels removed from every layer at once: the "
                          "embedding and lm_head columns, every q/k/v/gate/up column, every o_proj/down_proj row and "
                          "the norms' weights (LLM-Pruner's channel strategy). The channels are ranked by their "
                          "importance summed over all those weights."));
    cost_->setObjectName(QStringLiteral("hiddenCost"));
    cost_->setTextFormat(Qt::RichText);
    cost_->setWordWrap(true);
    effect_->setObjectName(QStringLiteral("sectionHint"));
    effect_->setTextFormat(Qt::RichText);
    effect_->setWordWrap(true);
    effect_->setAccessibleName(tr("Measured effect of the hidden cut"));
    measure_->setObjectName(QStringLiteral("measureHiddenEffect"));
    measure_->setToolTip(tr("Prune the open model by the hidden cut alone (the channels scored on the calibration "
                            "text) and measure its calibration loss and perplexity on the evaluation text, on the "
                            "worker"));
    auto* caption = new QLabel(tr("&Hidden size"), this);
    caption->setBuddy(ratio_);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(14, 10, 14, 12);
    grid->setHorizontalSpacing(8);
    grid->addWidget(styledLabel(tr("Hidden size"), QStringLiteral("sectionTitle"), this), 0, 0, 1, 3);
    grid->addWidget(caption, 1, 0);
    grid->addWidget(ratio_, 1, 1);
    grid->addWidget(measure_, 1, 2, Qt::AlignRight);
    grid->addWidget(cost_, 2, 0, 1, 3);
    grid->addWidget(effect_, 3, 0, 1, 3);
    grid->setColumnStretch(2, 1);

    connect(ratio_, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            [this](double percent) { doc_->setHiddenRatio(percent / 100.0); });
    connect(doc_, &PlanDocument::planChanged, this, &HiddenSizeCard::sync);
    connect(doc_, &PlanDocument::configChanged, this, [this]() {
        measured_.reset();
        sync();
    });
    connect(measure_, &QPushButton::clicked, this, &HiddenSizeCard::measureEffect);
    connect(bench_->session()->jobs(), &JobRunner::started, this, [this]() { measure_->setEnabled(false); });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, [this]() { sync(); });
    sync();
}

pb::Criterion HiddenSizeCard::hiddenCriterion() const {
    const pb::CriterionInfo* chosen = pb::findCriterion(bench_->chosen().width.toStdString());
    return chosen && pb::scoresHiddenChannels(chosen->id) ? chosen->id : pb::defaults::kWidthCriterion;
}

void HiddenSizeCard::sync() {
    const PlanTotals t = doc_->totals();
    const double ratio = doc_->plan().hidden_ratio;
    {
        const QSignalBlocker block(ratio_);
        ratio_->setValue(ratio * 100.0);
    }
    const bool model = doc_->hasModel();
    ratio_->setEnabled(model);
    measure_->setEnabled(model && ratio > 0 && !bench_->session()->jobs()->busy());
    if (!model) {
        cost_->setText(tr("Open a model to cut its hidden size."));
    } else if (!t.valid) {
        cost_->setText(QStringLiteral("<span style='color:%1'>%2</span>").arg(themeColors().error.name(), t.error.toHtmlEscaped()));
    } else if (t.hiddenAfter == t.hiddenBefore) {
        cost_->setText(tr("Hidden size %1 in every layer: the plan keeps every channel of the residual stream.")
                           .arg(t.hiddenBefore));
    } else {
        const double share = t.paramsBefore > 0 ? double(t.hiddenParams) / double(t.paramsBefore) : 0.0;
        cost_->setText(tr("Hidden size %1 → <b>%2</b> in every layer: <b>−%3</b> parameters (%4 of the model) and "
                          "<b>−%5</b> MACs per 128 tokens, the hidden cut's share of the totals.")
                           .arg(t.hiddenBefore)
                           .arg(t.hiddenAfter)
                           .arg(format::compact(t.hiddenParams), format::percent(share, 1), format::compact(t.hiddenMacs)));
    }
    showEffect();
}

void HiddenSizeCard::showEffect() {
    if (!measured_) {
        effect_->setText(tr("Measure effect prunes the open model by this cut and measures its loss and perplexity "
                            "(on the worker; a few seconds to a minute)."));
        return;
    }
    const pb::HiddenEffect& e = *measured_;
    QString text = tr("Measured, hidden cut alone (%1 → %2 channels, scored by %3): perplexity %4 → <b>%5</b> (×%6) on "
                      "%7 × 128 tokens of %8; calibration loss %9 → <b>%10</b>; %11.")
                       .arg(e.hidden_before)
                       .arg(e.hidden_after)
                       .arg(QString::fromStdString(pb::criterionName(e.criterion)))
                       .arg(e.ppl_before, 0, 'f', 2)
                       .arg(e.ppl_after, 0, 'f', 2)
                       .arg(e.ppl_after / e.ppl_before, 0, 'f', 3)
                       .arg(e.ppl_windows)
                       .arg(measuredText_)
                       .arg(e.loss_before, 0, 'f', 4)
                       .arg(e.loss_after, 0, 'f', 4)
                       .arg(format::seconds(e.seconds));
    if (std::abs(measuredRatio_ - doc_->plan().hidden_ratio) > 1e-9)
        text += QStringLiteral(" <span style='color:%1'>%2</span>")
                    .arg(themeColors().warnText.name(), tr("(for %1; the ratio has changed since)").arg(format::percent(measuredRatio_, 1)));
    effect_->setText(text);
}

bool HiddenSizeCard::measureEffect() {
    const ModelPtr model = bench_->model();
    const double ratio = doc_->plan().hidden_ratio;
    if (!model || !(ratio > 0)) return false;
    JobRunner* runner = bench_->session()->jobs();
    if (runner->busy()) return false;
    pb::HiddenEffectRequest r;
    r.hidden_ratio = ratio;
    r.criterion = hiddenCriterion();
    r.calib = bench_->settings().calib;
    r.ppl_text = bench_->settings().pplText;
    r.ppl_windows = bench_->settings().pplWindows;
    const QString textName = QString::fromStdString(r.ppl_text);
    auto work = [model, r](const pb::ProgressFn& progress) { return jobs::hiddenEffect(model, r, progress); };
    auto done = [this, model, ratio, textName](const pb::HiddenEffect& e) {
        if (model != bench_->model()) return;
        measured_ = e;
        measuredRatio_ = ratio;
        measuredText_ = textName;
        showEffect();
        Q_EMIT effectMeasured();
    };
    return runner->start(tr("Hidden size %1: measuring its effect").arg(format::percent(ratio, 1)), std::move(work),
                         std::move(done));
}

} // namespace pb::ui
