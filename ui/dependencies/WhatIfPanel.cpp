#include "ui/dependencies/WhatIfPanel.h"

#include <QCheckBox>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

#include "ui/jobs/WhatIfJob.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/StyledLabel.h"

namespace pb::ui {

WhatIfPanel::WhatIfPanel(Workbench* bench, QWidget* parent)
    : QWidget(parent), bench_(bench), result_(new QLabel(this)), live_(new QCheckBox(tr("&Live what-if"), this)),
      timer_(new QTimer(this)) {
    setObjectName(QStringLiteral("whatIfPanel"));
    auto* title = styledLabel(tr("What if it were removed?"), QStringLiteral("fieldCaption"), this);
    result_->setWordWrap(true);
    result_->setTextFormat(Qt::RichText);
    result_->setObjectName(QStringLiteral("sectionHint"));
    result_->setAccessibleName(tr("What-if result"));
    live_->setChecked(true);
    live_->setToolTip(tr("Recompute the calibration loss without the selected unit whenever the selection changes "
                         "(on %1 × %2 calibration tokens, on the worker)")
                          .arg(jobs::kWhatIfSamples)
                          .arg(jobs::kWhatIfTokens));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(title);
    layout->addWidget(result_);
    layout->addWidget(live_);
    timer_->setSingleShot(true);
    timer_->setInterval(250);  // the selection settles (spin box arrows, quick clicks)
    connect(timer_, &QTimer::timeout, this, [this]() { runNow(); });
    connect(live_, &QCheckBox::toggled, this, [this](bool on) {
        if (on) schedule();
    });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, [this]() {
        if (waiting_ && !bench_->session()->jobs()->busy()) schedule();
    });
}

QString WhatIfPanel::text() const { return result_->text(); }

void WhatIfPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (answeredFor_ != asked_) schedule();
}

QString WhatIfPanel::unitName() const {
    switch (kind_) {
        case pb::GroupKind::AttentionGroup: return tr("KV group %1 of block %2").arg(unit_).arg(layer_);
        case pb::GroupKind::QueryHead: return tr("query head %1 of block %2").arg(unit_).arg(layer_);
        case pb::GroupKind::MlpChannel:
            if (count_ > 1) return tr("MLP channels %1–%2 of block %3").arg(unit_).arg(unit_ + count_ - 1).arg(layer_);
            return tr("MLP channel %1 of block %2").arg(unit_).arg(layer_);
        case pb::GroupKind::Block: return tr("block %1").arg(layer_);
        case pb::GroupKind::AttentionSublayer: return tr("the attention of block %1").arg(layer_);
        case pb::GroupKind::MlpSublayer: return tr("the MLP of block %1").arg(layer_);
        case pb::GroupKind::HiddenChannel: return tr("hidden channel %1").arg(unit_);
        default: break;
    }
    return {};
}

void WhatIfPanel::setUnit(int layer, pb::GroupKind kind, int unit, int count) {
    if (layer == layer_ && kind == kind_ && unit == unit_ && count == count_) return;
    layer_ = layer;
    kind_ = kind;
    unit_ = unit;
    count_ = count;
    ++asked_;
    if (kind_ == pb::GroupKind::HiddenChannel) {
        timer_->stop();
        result_->setText(tr("A hidden channel runs through every tensor: removing it needs a pruned model "
                            "(Compare tab), not a mask."));
        return;
    }
    result_->setText(live_->isChecked() ? tr("Computing the loss without %1…").arg(unitName())
                                        : tr("Turn on Live what-if to see the loss without %1.").arg(unitName()));
    schedule();
}

void WhatIfPanel::schedule() {
    if (live_->isChecked() && kind_ != pb::GroupKind::HiddenChannel && layer_ >= 0) timer_->start();
}

bool WhatIfPanel::runNow() {
    timer_->stop();
    waiting_ = false;
    if (answeredFor_ == asked_ && layer_ >= 0) return false;  // shown already
    if (layer_ < 0 || kind_ == pb::GroupKind::HiddenChannel || !jobs::canWhatIf(bench_->model())) return false;
    if (!isVisible()) return false;  // a hidden tab computes nothing
    JobRunner* runner = bench_->session()->jobs();
    if (runner->busy()) {
        waiting_ = true;  // once the running job is out
        result_->setText(tr("Waiting for the running job to compute the loss without %1…").arg(unitName()));
        return false;
    }
    jobs::WhatIfRequest r;
    r.calib = bench_->settings().calib;
    r.unit = {layer_, kind_, unit_, count_};
    const ModelPtr model = bench_->model();
    const quint64 asked = asked_;
    const QString name = unitName();
    auto work = [model, r](const pb::ProgressFn& progress) { return jobs::whatIf(model, r, progress); };
    auto done = [this, model, asked, name](const jobs::WhatIfResult& w) {
        if (model != bench_->model()) return;
        Q_EMIT answeredFor(int(w.unit.layer), w.unit.kind, int(w.unit.unit), int(w.unit.count), w.base_loss,
                           w.loss_without);  // still true of its unit when the selection moved on
        if (asked != asked_) return;  // the selection moved on: its own run follows
        answeredFor_ = asked;
        const double delta = w.loss_without - w.base_loss;
        const QString sign = delta >= 0 ? QStringLiteral("+") : QString();
        result_->setText(tr("Without %1 the calibration loss goes from %2 to <b>%3</b> (%4%5), perplexity ×%6.<br>"
                            "<span>%7 × %8 calibration tokens, %9 s.</span>")
                             .arg(name)
                             .arg(w.base_loss, 0, 'f', 4)
                             .arg(w.loss_without, 0, 'f', 4)
                             .arg(sign)
                             .arg(delta, 0, 'f', 4)
                             .arg(std::exp(delta), 0, 'f', 3)
                             .arg(w.samples)
                             .arg(w.tokens)
                             .arg(w.seconds, 0, 'f', 2));
        Q_EMIT answered();
    };
    return runner->start(tr("What if: %1").arg(name), std::move(work), std::move(done));
}

} // namespace pb::ui
