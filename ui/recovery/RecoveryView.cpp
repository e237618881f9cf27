#include "ui/recovery/RecoveryView.h"

#include "ui/charts/ChartCard.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartExport.h"
#include "ui/plan/PlanStateLabel.h"
#include "ui/shell/HarnessMenu.h"
#include "ui/session/JobRunner.h"
#include "ui/recovery/LossChart.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/Workbench.h"
#include "ui/charts/ZeroShotChart.h"

namespace pb::ui {

RecoveryView::RecoveryView(RecoverySession* recovery, QWidget* parent)
    : QWidget(parent), recovery_(recovery), steps_(new QSpinBox(this)), rank_(new QSpinBox(this)),
      alpha_(new QDoubleSpinBox(this)), lr_(new QDoubleSpinBox(this)), items_(new QSpinBox(this)),
      run_(new QPushButton(tr("Recover"), this)), hint_(new QLabel(this)), loss_(new LossChart(this)),
      zeroShot_(new ZeroShotChart(this)) {
    setObjectName(QStringLiteral("recoveryView"));
    const jobs::RecoveryRequest& r = recovery_->request();
    steps_->setRange(1, 100000);
    steps_->setValue(int(r.steps));
    steps_->setToolTip(tr("Optimizer steps of LoRA training (4 windows of 128 tokens each)"));
    rank_->setRange(1, 256);
    rank_->setValue(int(r.rank));
    rank_->setToolTip(tr("LoRA rank r: the adapters add r × (in + out) parameters per weight"));
    alpha_->setRange(0.5, 1024);
    alpha_->setDecimals(1);
    alpha_->setValue(r.alpha);
    alpha_->setToolTip(tr("LoRA alpha: the adapters' output is scaled by alpha / r"));
    lr_->setDecimals(5);
    lr_->setRange(0.00001, 0.1);
    lr_->setSingleStep(0.0001);
    lr_->setValue(r.lr);
    lr_->setToolTip(tr("Peak learning rate of AdamW (linear warm-up, then linear decay)"));
    items_->setRange(0, 1000);
    items_->setValue(int(r.task_items));
    items_->setToolTip(tr("Items per zero-shot task (built-in offline tasks: state capitals, word sentiment, "
                          "Moby-Dick cloze; 0 skips the evaluation)"));
    run_->setObjectName(QStringLiteral("primaryButton"));
    run_->setToolTip(tr("Prune by the current plan, measure zero-shot accuracy, train LoRA adapters on the calibration "
                        "text (File › Calibration Text; by default the State of the Union, demo:sotu) and measure again"));
    hint_->setObjectName(QStringLiteral("sectionHint"));
    hint_->setWordWrap(true);

    auto* bar = new QHBoxLayout;
    bar->setSpacing(8);
    auto add = [&](const QString& label, QWidget* w) {
        auto* l = new QLabel(label, this);
        l->setToolTip(w->toolTip());
        bar->addWidget(l);
        bar->addWidget(w);
    };
    add(tr("Steps"), steps_);
    add(tr("Rank"), rank_);
    add(tr("Alpha"), alpha_);
    add(tr("Learning rate"), lr_);
    add(tr("Task items"), items_);
    bar->addStretch(1);
    bar->addWidget(run_);

    auto* exportLoss = new QPushButton(tr("Export…"), this);
    auto* exportZs = new QPushButton(tr("Export…"), this);
    exportLoss->setToolTip(tr("Save the chart as PNG and SVG and its data as CSV"));
    exportZs->setToolTip(exportLoss->toolTip());
    exportLoss->setObjectName(QStringLiteral("exportLossChart"));
    exportZs->setObjectName(QStringLiteral("exportZeroShotChart"));
    auto* charts = new QHBoxLayout;
    charts->setSpacing(12);
    charts->addWidget(chartCard(this, loss_, exportLoss, loss_->emptyState()), 1);
    charts->addWidget(chartCard(this, zeroShot_, exportZs, zeroShot_->emptyState()), 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(bar);
    layout->addWidget(hint_);
    layout->addWidget(new PlanStateLabel(recovery_->bench(), this));  // Recover cuts the hatched plan
    layout->addLayout(charts, 1);

    connect(run_, &QPushButton::clicked, this, &RecoveryView::run);
    connect(exportLoss, &QPushButton::clicked, this, [this]() {
        const QString m = exportChartInteractive(this, loss_, loss_->csv(), QStringLiteral("lora-loss"));
        if (!m.isEmpty()) hint_->setText(m);
    });
    connect(exportZs, &QPushButton::clicked, this, [this]() {
        const QString m = exportChartInteractive(this, zeroShot_, zeroShot_->csv(), QStringLiteral("zero-shot"));
        if (!m.isEmpty()) hint_->setText(m);
    });
    connect(recovery_, &RecoverySession::lossAdded, loss_, &LossChart::addSample);
    connect(recovery_, &RecoverySession::runStarted, this, [this]() {
        loss_->clear(recovery_->request().steps);
        loss_->setEmptyMessage(tr("Pruning by the plan and measuring before training; the loss appears here step by step."));
    });
    connect(recovery_, &RecoverySession::resultChanged, this, &RecoveryView::showResult);
    JobRunner* runner = recovery_->bench()->session()->jobs();
    connect(runner, &JobRunner::started, this, [this]() { run_->setEnabled(false); });
    connect(runner, &JobRunner::finished, this, [this]() { run_->setEnabled(true); });
    showResult();
}

bool RecoveryView::run() {
    jobs::RecoveryRequest& r = recovery_->request();
    r.steps = steps_->value();
    r.rank = rank_->value();
    r.alpha = alpha_->value();
    r.lr = lr_->value();
    r.task_items = items_->value();
    r.eval_every = std::max(1, steps_->value() / 5);
    return recovery_->run();
}

QString RecoveryView::summary() const {
    const auto& res = recovery_->result();
    if (!res) return {};
    QString text = tr("%n step(s) in %1 s: validation loss %2 → %3; %4 % of parameters removed; %5 trainable LoRA parameters.",
                      nullptr, int(res->steps_done))
                       .arg(res->seconds, 0, 'f', 1)
                       .arg(res->val_before, 0, 'f', 3)
                       .arg(res->val_after, 0, 'f', 3)
                       .arg(res->removed_fraction * 100.0, 0, 'f', 1)
                       .arg(QLocale().toString(qlonglong(res->trainable_params)));
    if (res->stopped) text += QLatin1Char(' ') + tr("Stopped early: %1").arg(QString::fromStdString(res->message));
    if (!res->before.empty())
        text += QLatin1Char(' ') + tr("Zero-shot scored by the rules of %1 (File › Zero-shot Harness).")
                                       .arg(HarnessMenu::label(res->harness));
    const QStringList sig = zeroShot_->significanceLines();
    if (!sig.isEmpty())
        text += QLatin1Char(' ') + tr("Zero-shot after vs before (paired, exact McNemar on the same items): %1.")
                                       .arg(sig.join(QStringLiteral("; ")));
    return text;
}

void RecoveryView::showResult() {
    const auto& res = recovery_->result();
    if (res) {
        loss_->setHistory(res->history, res->steps_done);
        zeroShot_->setResults(res->before, res->after);
        if (res->before.empty() && res->after.empty())
            zeroShot_->emptyState()->setMessage(tr("The last run measured no zero-shot task (Task items was 0)."));
        hint_->setText(summary());
    } else {
        if (recovery_->losses().empty()) loss_->clear(recovery_->request().steps);
        zeroShot_->setResults({}, {});
        hint_->setText(tr("LoRA recovery trains small low-rank adapters on the pruned model to win back some of what "
                          "pruning cost. Set up the plan first; the loss curve fills in while the job runs."));
    }
}

} // namespace pb::ui
