#include "ui/importance/HeatmapView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabBar>
#include <QVBoxLayout>

#include "core/plan/criteria.h"
#include "ui/importance/CriterionCombo.h"
#include "ui/importance/CriterionText.h"
#include "ui/importance/DisagreementView.h"
#include "ui/importance/FusionAlphaPanel.h"
#include "ui/importance/HeatmapWidget.h"
#include "ui/session/JobRunner.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanStateLabel.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/StyledLabel.h"

namespace pb::ui {

namespace {
QLabel* caption(const QString& text, QWidget* parent) { return styledLabel(text, QStringLiteral("fieldCaption"), parent); }
QLabel* buddy(QLabel* label, QWidget* field) {
    label->setBuddy(field);
    return label;
}
} // namespace

HeatmapView::HeatmapView(Workbench* bench, QWidget* parent)
    : QWidget(parent), bench_(bench), width_(new CriterionCombo(false, this)), aggregation_(makeAggregationCombo(this)),
      unit_(new QComboBox(this)), block_(new CriterionCombo(true, this)), samples_(new QSpinBox(this)),
      tokens_(new QSpinBox(this)), score_(new QPushButton(tr("Score"), this)), status_(new QLabel(this)),
      heatmap_(new HeatmapWidget(this)), planState_(new PlanStateLabel(bench, this)),
      fusion_(new FusionAlphaPanel(this)), pageBar_(new QTabBar(this)),
      pages_(new QStackedWidget(this)), disagreement_(new DisagreementView(bench, this)) {
    setObjectName(QStringLiteral("heatmapView"));
    unit_->addItem(attentionUnitLabel(pb::AttentionUnit::Group));  // index = HeatmapWidget's AttentionUnit
    unit_->addItem(attentionUnitLabel(pb::AttentionUnit::Head));
    unit_->setToolTip(tr("Attention units shown: whole KV groups (what group pruning removes) or single query heads"));
    samples_->setRange(1, 256);
    samples_->setValue(int(bench_->settings().calib.samples));
    samples_->setToolTip(tr("Calibration samples drawn from the calibration text (File › Calibration Text; by default the State of the Union addresses, demo:sotu)"));
    tokens_->setRange(8, 2048);
    tokens_->setValue(int(bench_->settings().calib.seq_len));
    tokens_->setToolTip(tr("Tokens per calibration sample"));
    width_->setCriterion(bench_->widthCriterion());
    block_->setCriterion(bench_->blockCriterion());
    score_->setObjectName(QStringLiteral("primaryButton"));
    score_->setToolTip(tr("Score the open model with these criteria on a worker thread (cancel in the status bar)"));
    status_->setObjectName(QStringLiteral("sectionHint"));
    status_->setWordWrap(true);

    // Screen readers name each field; the captions are buddies (Alt+letter focuses the field).
    width_->setAccessibleName(tr("Width criterion"));
    aggregation_->setAccessibleName(tr("Aggregation"));
    unit_->setAccessibleName(tr("Attention unit shown"));
    block_->setAccessibleName(tr("Depth criterion"));
    samples_->setAccessibleName(tr("Calibration samples"));
    tokens_->setAccessibleName(tr("Tokens per calibration sample"));
    heatmap_->setAccessibleName(tr("Importance heatmap"));
    status_->setAccessibleName(tr("Scoring status"));

    auto* bar = new QHBoxLayout;
    bar->setSpacing(8);
    bar->addWidget(buddy(caption(tr("&Width"), this), width_));
    bar->addWidget(width_);
    bar->addWidget(aggregation_);
    bar->addWidget(unit_);
    bar->addSpacing(12);
    bar->addWidget(buddy(caption(tr("&Depth"), this), block_));
    bar->addWidget(block_);
    bar->addSpacing(12);
    bar->addWidget(buddy(caption(tr("Ca&libration"), this), samples_));
    bar->addWidget(samples_);
    bar->addWidget(buddy(caption(tr("×"), this), tokens_));
    bar->addWidget(tokens_);
    bar->addWidget(caption(tr("tokens"), this));
    bar->addStretch(1);
    bar->addWidget(score_);

    auto* card = new QWidget(this);
    card->setObjectName(QStringLiteral("tableCard"));
    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(1, 1, 1, 1);
    cardLayout->addWidget(heatmap_);

    // Two pages: the heatmap of the chosen criteria, and where two criteria disagree.
    auto* heatmapPage = new QWidget(this);
    auto* heatmapLayout = new QVBoxLayout(heatmapPage);
    heatmapLayout->setContentsMargins(0, 0, 0, 0);
    heatmapLayout->setSpacing(10);
    heatmapLayout->addLayout(bar);
    heatmapLayout->addWidget(status_);
    heatmapLayout->addWidget(planState_);
    heatmapLayout->addWidget(fusion_);
    heatmapLayout->addWidget(card, 1);
    pages_->addWidget(heatmapPage);
    pages_->addWidget(disagreement_);
    pageBar_->addTab(tr("Heatmap"));
    pageBar_->addTab(tr("Where criteria disagree"));
    pageBar_->setDrawBase(false);
    pageBar_->setExpanding(false);
    pageBar_->setAccessibleName(tr("Importance pages"));
    pageBar_->setTabToolTip(1, tr("Rank correlation per layer between two criteria, and the units they rank most differently"));
    connect(pageBar_, &QTabBar::currentChanged, pages_, &QStackedWidget::setCurrentIndex);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 8, 16, 12);
    layout->setSpacing(8);
    layout->addWidget(pageBar_, 0, Qt::AlignLeft);
    layout->addWidget(pages_, 1);

    connect(width_, &QComboBox::currentIndexChanged, this, &HeatmapView::choicesChanged);
    connect(aggregation_, &QComboBox::currentIndexChanged, this, &HeatmapView::choicesChanged);
    connect(block_, &QComboBox::currentIndexChanged, this, &HeatmapView::choicesChanged);
    connect(unit_, &QComboBox::currentIndexChanged, this, [this](int i) {
        heatmap_->setAttentionUnit(i == 0 ? HeatmapWidget::AttentionUnit::Groups : HeatmapWidget::AttentionUnit::Heads);
    });
    connect(score_, &QPushButton::clicked, this, &HeatmapView::score);
    // The calibration's size is part of the scores' identity: a change marks the plan stale.
    connect(samples_, &QSpinBox::valueChanged, this, &HeatmapView::calibrationChanged);
    connect(tokens_, &QSpinBox::valueChanged, this, &HeatmapView::calibrationChanged);
    if (bench_->model()) heatmap_->setConfig(bench_->model()->config);
    connect(bench_, &Workbench::modelChanged, this, [this]() {
        if (bench_->model()) heatmap_->setConfig(bench_->model()->config);
        refresh();
    });
    connect(bench_, &Workbench::scoresChanged, this, &HeatmapView::refresh);
    // A calibration chosen elsewhere (a screenshot scene, a test) shows here at once, so
    // that Score does not write the old size back.
    connect(bench_, &Workbench::planStateChanged, this, &HeatmapView::syncCalibration);
    // The combos show the workbench's choice (also when it is chosen elsewhere: Compare,
    // the walk-through, a screenshot), so that Score scores what the plan note names.
    connect(bench_, &Workbench::criteriaChanged, this, [this]() {
        const Workbench::ScoreChoice c = bench_->chosen();
        const QSignalBlocker bw(width_), ba(aggregation_), bb(block_);
        if (!c.width.isEmpty()) width_->setCriterion(c.width);
        if (const int i = aggregation_->findData(c.aggregation); i >= 0) aggregation_->setCurrentIndex(i);
        if (!c.block.isEmpty()) block_->setCriterion(c.block);
    });
    connect(bench_->plan(), &PlanDocument::planChanged, this, &HeatmapView::refresh);
    connect(bench_->session()->jobs(), &JobRunner::started, this, [this]() { score_->setEnabled(false); });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, [this]() {
        score_->setEnabled(true);
        refresh();
    });
    refresh();
}

void HeatmapView::showDisagreement(bool on) { pageBar_->setCurrentIndex(on ? 1 : 0); }

bool HeatmapView::score() {
    bench_->setCalibrationSize(samples_->value(), tokens_->value());
    return bench_->selectCriteria(width_->criterion(), aggregation_->currentData().toString(), block_->criterion());
}

void HeatmapView::calibrationChanged() {
    bench_->setCalibrationSize(samples_->value(), tokens_->value());
}

void HeatmapView::choicesChanged() {
    // A choice already in the cache is shown at once; otherwise the plan is marked stale
    // (PlanStateLabel) until Score.
    const QString agg = aggregation_->currentData().toString();
    bench_->chooseCriteria(width_->criterion(), agg, block_->criterion());
    if (!bench_->isCached(width_->criterion(), agg, block_->criterion()))
        status_->setText(tr("%1 / %2 with %3 is not scored yet: press Score.").arg(width_->currentText(), agg, block_->currentText()));
}

void HeatmapView::syncCalibration() {
    // Follow the chosen calibration without writing it back half-way.
    const QSignalBlocker blockSamples(samples_), blockTokens(tokens_);
    samples_->setValue(int(bench_->settings().calib.samples));
    tokens_->setValue(int(bench_->settings().calib.seq_len));
}

void HeatmapView::refresh() {
    syncCalibration();
    const auto* ws = bench_->widthScores();
    const auto* bs = bench_->blockScores();
    heatmap_->setScores(ws, bs);
    fusion_->setScores(ws);  // fusion's alpha per layer and how it was chosen (hidden otherwise)
    heatmap_->setPlan(bench_->resolvedPlan(), bench_->plan()->plan().dropped_blocks);
    const bool busy = bench_->session()->jobs()->busy();
    QStringList parts;
    if (!bench_->model()) {
        parts << tr("Open a model to score it.");
    } else {
        // The shown scores' names (the combos may already hold another choice).
        const QString shownWidth = bench_->widthCriterion() == width_->criterion() ? width_->currentText() : bench_->widthCriterion();
        const QString shownBlock = bench_->blockCriterion() == block_->criterion() ? block_->currentText() : bench_->blockCriterion();
        parts << (ws ? tr("%1 (%2): scored in %3 s.")
                           .arg(shownWidth, bench_->aggregation())
                           .arg(ws->seconds, 0, 'f', 1)
                     : tr("%1: not scored yet.").arg(width_->currentText()));
        parts << (bs ? tr("%1: scored in %2 s.").arg(shownBlock).arg(bs->seconds, 0, 'f', 1)
                     : tr("%1: not scored yet.").arg(block_->currentText()));
        if (!ws && !bs) heatmap_->setPlaceholder(busy ? tr("Scoring… progress and Cancel are in the status bar.")
                                                      : tr("Press Score to compute importance on %1 × %2 calibration tokens.")
                                                            .arg(samples_->value())
                                                            .arg(tokens_->value()));
        parts << tr("Hatched: removed by the plan.");
    }
    status_->setText(parts.join(QLatin1Char(' ')));
}

} // namespace pb::ui
