#include "ui/plan/PlanEditor.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include "core/plan/plan.h"
#include "ui/importance/CriterionText.h"
#include "ui/plan/BlockListWidget.h"
#include "ui/plan/BudgetSearchCard.h"
#include "ui/plan/HiddenSizeCard.h"
#include "ui/plan/UnitStrip.h"
#include "ui/widgets/Format.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanFiles.h"
#include "ui/plan/PlanStateLabel.h"
#include "ui/plan/PlanTableModel.h"
#include "ui/plan/TextsLabel.h"
#include "ui/plan/RatioDelegate.h"
#include "ui/session/JobRunner.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/StyledLabel.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {
QLabel* title(const QString& text, QWidget* parent) { return styledLabel(text, QStringLiteral("sectionTitle"), parent); }
QLabel* hint(const QString& text, QWidget* parent) {
    QLabel* l = styledLabel(text, QStringLiteral("sectionHint"), parent);
    l->setWordWrap(true);
    return l;
}
QWidget* card(QWidget* parent) {
    auto* w = new QWidget(parent);
    w->setObjectName(QStringLiteral("tableCard"));
    return w;
}
QLabel* buddyLabel(const QString& text, QWidget* field, QWidget* parent) {
    auto* l = new QLabel(text, parent);
    l->setBuddy(field);
    return l;
}
QDoubleSpinBox* percentSpin(QWidget* parent) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(0, 95);
    s->setSingleStep(5);
    s->setDecimals(0);
    s->setSuffix(QObject::tr(" %"));
    return s;
}
} // namespace

PlanEditor::PlanEditor(Workbench* bench, QWidget* parent)
    : QWidget(parent), bench_(bench), doc_(bench->plan()), model_(new PlanTableModel(doc_, this)), table_(new QTableView(this)),
      globalAttention_(percentSpin(this)), globalMlp_(percentSpin(this)), first_(new QSpinBox(this)), last_(new QSpinBox(this)),
      applyGlobal_(new QPushButton(tr("Apply"), this)), kept_(new BlockListWidget(this)), dropped_(new BlockListWidget(this)),
      totals_(new QLabel(this)), depthTwin_(new QLabel(this)), undo_(new QToolButton(this)), redo_(new QToolButton(this)),
      prune_(new QPushButton(tr("Prune and compare"), this)), planState_(new PlanStateLabel(bench, this)),
      texts_(new TextsLabel(bench, false, this)), latencyNote_(new QLabel(this)),
      measureLatency_(new QPushButton(tr("Measure latency"), this)), hidden_(new HiddenSizeCard(bench, bench->plan(), this)),
      units_(new UnitStrip(bench, bench->plan(), this)) {
    setObjectName(QStringLiteral("planEditor"));

    table_->setObjectName(QStringLiteral("layerTable"));
    table_->setModel(model_);
    table_->setItemDelegateForColumn(PlanTableModel::AttentionRatio, new RatioDelegate(table_));
    table_->setItemDelegateForColumn(PlanTableModel::MlpRatio, new RatioDelegate(table_));
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(26);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setShowGrid(false);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);

    globalAttention_->setValue(25);
    globalMlp_->setValue(25);
    globalAttention_->setToolTip(tr("Fraction of attention units removed in each layer of the range"));
    globalMlp_->setToolTip(tr("Fraction of MLP channels removed in each layer of the range"));
    first_->setToolTip(tr("First layer pruned (LLM-Pruner keeps the first 4)"));
    last_->setToolTip(tr("Last layer pruned (LLM-Pruner keeps the last 2)"));
    applyGlobal_->setToolTip(tr("Set these ratios on the layer range and 0 elsewhere (one undo step)"));

    // The buttons' actions carry no shortcut: Ctrl+Z / Ctrl+Shift+Z belong to Edit > Undo / Redo
    // (ui/shell/MainWindow), which act on the same history from every tab.
    QAction* undo = doc_->undoStack()->createUndoAction(this, tr("Undo"));
    QAction* redo = doc_->undoStack()->createRedoAction(this, tr("Redo"));
    undo_->setDefaultAction(undo);
    redo_->setDefaultAction(redo);
    undo_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    redo_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* load = new QPushButton(tr("Load…"), this);
    // Save in the two forms, named for what they write (ui/plan/PlanFiles.h).
    auto* save = new QPushButton(tr("Save…"), this);
    save->setObjectName(QStringLiteral("savePlanButton"));
    auto* saveMenu = new QMenu(save);
    QAction* saveRatios = saveMenu->addAction(tr("Save Plan (ratios)…"), this, &PlanEditor::savePlan);
    QAction* saveResolved = saveMenu->addAction(tr("Save Resolved Plan (kept units)…"), this, &PlanEditor::saveResolvedPlan);
    saveMenu->setToolTipsVisible(true);
    saveRatios->setToolTip(tr("The ratios as edited; prunebench-cli prune --plan resolves them again with its own scores"));
    saveResolved->setToolTip(tr("The kept heads, groups and channels the heatmap hatches, with the calibration they come "
                                "from; prunebench-cli prune --plan replays them exactly"));
    save->setMenu(saveMenu);
    load->setToolTip(tr("Load a plan (PruneBench plan JSON)"));
    save->setToolTip(tr("Save the plan as JSON: its ratios, or the kept units the views hatch"));
    prune_->setObjectName(QStringLiteral("primaryButton"));
    prune_->setToolTip(tr("Prune with this plan and the chosen criterion, and compare with the depth plan of equal size"));
    measureLatency_->setObjectName(QStringLiteral("measureLatency"));
    measureLatency_->setToolTip(tr("Time prefill (128 tokens) and decoding (batch 1) of the original, the plan's shape and "
                                   "its twin on random weights on the current device"));
    latencyNote_->setObjectName(QStringLiteral("sectionHint"));
    latencyNote_->setWordWrap(true);
    texts_->setObjectName(QStringLiteral("sectionHint"));

    // Top bar: global ratio over a range, history, files.
    auto* bar = new QHBoxLayout;
    bar->setSpacing(8);
    // Screen readers name each field; the captions are buddies (Alt+letter focuses the field).
    globalAttention_->setAccessibleName(tr("Attention ratio for the layer range"));
    globalMlp_->setAccessibleName(tr("MLP ratio for the layer range"));
    first_->setAccessibleName(tr("First layer of the range"));
    last_->setAccessibleName(tr("Last layer of the range"));
    table_->setAccessibleName(tr("Ratios per layer"));
    kept_->setAccessibleName(tr("Kept blocks"));
    dropped_->setAccessibleName(tr("Dropped blocks"));
    totals_->setAccessibleName(tr("Plan totals"));
    bar->addWidget(buddyLabel(tr("A&ttention"), globalAttention_, this));
    bar->addWidget(globalAttention_);
    bar->addWidget(buddyLabel(tr("&MLP"), globalMlp_, this));
    bar->addWidget(globalMlp_);
    bar->addWidget(buddyLabel(tr("o&n layers"), first_, this));
    bar->addWidget(first_);
    bar->addWidget(buddyLabel(tr("t&o"), last_, this));
    bar->addWidget(last_);
    bar->addWidget(applyGlobal_);
    bar->addStretch(1);
    bar->addWidget(undo_);
    bar->addWidget(redo_);
    bar->addSpacing(8);
    bar->addWidget(load);
    bar->addWidget(save);
    bar->addSpacing(8);
    bar->addWidget(prune_);

    // Left: the width table.
    auto* tableCard = card(this);
    auto* tl = new QVBoxLayout(tableCard);
    tl->setContentsMargins(1, 1, 1, 1);
    tl->addWidget(table_);
    // Below it, one card at a time (the window has room for the table and one of them at 1280x800):
    // the selected layer's units with their what-if, and the budget search.
    budget_ = new BudgetSearchCard(bench, doc_, first_, last_, this);
    aux_ = new QTabWidget(this);
    aux_->setObjectName(QStringLiteral("planCards"));
    aux_->setDocumentMode(true);
    aux_->addTab(units_, tr("&Units and what-if"));
    aux_->addTab(budget_, tr("&Budget search"));
    auto* left = new QVBoxLayout;
    left->setSpacing(12);
    left->addWidget(tableCard, 1);
    left->addWidget(aux_);

    // Right: blocks and totals.
    kept_->setObjectName(QStringLiteral("keptBlocks"));
    dropped_->setObjectName(QStringLiteral("droppedBlocks"));
    auto* blocksCard = card(this);
    auto* bl = new QGridLayout(blocksCard);
    bl->setContentsMargins(12, 10, 12, 12);
    bl->setHorizontalSpacing(10);
    bl->addWidget(title(tr("Blocks"), blocksCard), 0, 0);
    bl->addWidget(title(tr("Dropped blocks"), blocksCard), 0, 1);
    bl->addWidget(kept_, 1, 0);
    bl->addWidget(dropped_, 1, 1);
    // Sub-block depth (BlockPruner): a block's attention or MLP alone, the residual stream passing by.
    noAttention_ = new BlockListWidget(blocksCard);
    noMlp_ = new BlockListWidget(blocksCard);
    noAttention_->setObjectName(QStringLiteral("noAttentionBlocks"));
    noMlp_->setObjectName(QStringLiteral("noMlpBlocks"));
    noAttention_->setAccessibleName(tr("Blocks without attention"));
    noMlp_->setAccessibleName(tr("Blocks without MLP"));
    bl->addWidget(title(tr("Attention removed"), blocksCard), 2, 0);
    bl->addWidget(title(tr("MLP removed"), blocksCard), 2, 1);
    bl->addWidget(noAttention_, 3, 0);
    bl->addWidget(noMlp_, 3, 1);
    bl->setRowStretch(1, 3);
    bl->setRowStretch(3, 2);
    bl->setColumnStretch(0, 1);
    bl->setColumnStretch(1, 1);
    bl->addWidget(hint(tr("Drag whole blocks to the right to remove them (depth pruning), and back to keep them. Drag a "
                          "block onto Attention removed or MLP removed to take out that part alone (sub-blocks, "
                          "BlockPruner): the residual stream passes by."), blocksCard), 4, 0, 1, 2);

    auto* totalsCard = card(this);
    auto* ml = new QVBoxLayout(totalsCard);
    ml->setContentsMargins(14, 10, 14, 12);
    ml->addWidget(title(tr("Totals"), totalsCard));
    totals_->setObjectName(QStringLiteral("planTotals"));
    totals_->setTextFormat(Qt::RichText);
    totals_->setWordWrap(true);
    depthTwin_->setObjectName(QStringLiteral("sectionHint"));
    depthTwin_->setTextFormat(Qt::RichText);
    depthTwin_->setWordWrap(true);
    ml->addWidget(totals_);
    ml->addWidget(depthTwin_);
    auto* latencyRow = new QHBoxLayout;
    latencyRow->setSpacing(8);
    latencyRow->addWidget(latencyNote_, 1);
    latencyRow->addWidget(measureLatency_, 0, Qt::AlignTop);
    ml->addLayout(latencyRow);

    // The right column scrolls when the window is too short for it (nothing is cut off); the
    // block lists keep room for a few rows each.
    for (BlockListWidget* list : {kept_, dropped_, noAttention_, noMlp_}) list->setMinimumHeight(72);
    auto* rightPage = new QWidget;
    auto* right = new QVBoxLayout(rightPage);
    right->setContentsMargins(0, 0, 0, 0);
    right->setSpacing(12);
    right->addWidget(totalsCard);  // what the plan comes to, first
    right->addWidget(blocksCard, 1);
    right->addWidget(hidden_);
    auto* rightScroll = new QScrollArea(this);
    rightScroll->setObjectName(QStringLiteral("planRightColumn"));
    rightScroll->setFrameShape(QFrame::NoFrame);
    rightScroll->setWidgetResizable(true);
    rightScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    rightScroll->setWidget(rightPage);

    auto* body = new QHBoxLayout;
    body->setSpacing(12);
    body->addLayout(left, 3);
    body->addWidget(rightScroll, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(bar);
    layout->addWidget(planState_);
    layout->addWidget(texts_);
    layout->addLayout(body, 1);

    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) units_->setLayer(current.row());
            });
    connect(applyGlobal_, &QPushButton::clicked, this, &PlanEditor::applyGlobal);
    connect(load, &QPushButton::clicked, this, &PlanEditor::loadPlan);
    connect(prune_, &QPushButton::clicked, this, &PlanEditor::pruneRequested);
    connect(dropped_, &BlockListWidget::blocksDropped, this,
            [this](const QList<int>& b) { doc_->dropBlocks(std::vector<int>(b.begin(), b.end())); });
    connect(kept_, &BlockListWidget::blocksDropped, this, [this](const QList<int>& b) {
        // Back from any list: the block whole again (its dropped state or removed parts undone).
        std::vector<int> v(b.begin(), b.end());
        doc_->restoreBlocks(v);
        doc_->restoreSubBlocks(v, pb::SubBlockPart::Attention);
        doc_->restoreSubBlocks(v, pb::SubBlockPart::Mlp);
    });
    connect(noAttention_, &BlockListWidget::blocksDropped, this, [this](const QList<int>& b) {
        doc_->removeSubBlocks(std::vector<int>(b.begin(), b.end()), pb::SubBlockPart::Attention);
    });
    connect(noMlp_, &BlockListWidget::blocksDropped, this, [this](const QList<int>& b) {
        doc_->removeSubBlocks(std::vector<int>(b.begin(), b.end()), pb::SubBlockPart::Mlp);
    });
    connect(doc_, &PlanDocument::configChanged, this, &PlanEditor::configChanged);
    connect(doc_, &PlanDocument::planChanged, this, [this]() {
        rebuildBlocks();
        updateTotals();
    });
    connect(bench_, &Workbench::scoresChanged, this, &PlanEditor::rebuildBlocks);
    connect(bench_, &Workbench::latencyChanged, this, &PlanEditor::updateTotals);
    connect(measureLatency_, &QPushButton::clicked, this, &PlanEditor::measureLatency);
    connect(bench_->session()->jobs(), &JobRunner::started, this, [this]() { measureLatency_->setEnabled(false); });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, [this]() { measureLatency_->setEnabled(true); });
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &PlanEditor::updateTotals);
    configChanged();
}

void PlanEditor::showBudgetSearch() { aux_->setCurrentWidget(budget_); }

void PlanEditor::configChanged() {
    const int n = doc_->layerCount();
    first_->setRange(0, std::max(0, n - 1));
    last_->setRange(0, std::max(0, n - 1));
    // LLM-Pruner's range: skip the first 4 and the last 2 layers (all layers when few).
    first_->setValue(n >= 8 ? 4 : 0);
    last_->setValue(n >= 8 ? n - 3 : std::max(0, n - 1));
    rebuildBlocks();
    updateTotals();
}

bool PlanEditor::measureLatency() { return bench_->measureLatency(bench_->latencyShapes(), false); }

void PlanEditor::applyGlobal() {
    doc_->applyGlobalRatio(globalAttention_->value() / 100.0, globalMlp_->value() / 100.0, first_->value(), last_->value());
}

void PlanEditor::loadPlan() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Plan"), {}, tr("Plans (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!doc_->load(path, &error)) QMessageBox::warning(this, tr("Could not load the plan"), error);
}

void PlanEditor::savePlan() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Plan (ratios)"), QStringLiteral("plan.json"), tr("Plans (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!saveRatioPlan(*bench_, path, &error)) QMessageBox::warning(this, tr("Could not save the plan"), error);
}

void PlanEditor::saveResolvedPlan() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Resolved Plan (kept units)"),
                                                      QStringLiteral("plan-resolved.json"), tr("Plans (*.json)"));
    if (path.isEmpty()) return;
    QPointer<PlanEditor> self(this);
    QString why;
    const bool started = pb::ui::saveResolvedPlan(*bench_, path, [self](bool ok, const QString& message) {
        if (self && !ok) QMessageBox::warning(self, tr("Could not save the plan"), message);
    }, &why);
    if (!started) QMessageBox::warning(this, tr("Could not save the plan"), why);
}

void PlanEditor::rebuildBlocks() {
    const pb::ModelConfig& c = doc_->config();
    const pb::BlockScores* scores = bench_->blockScores();
    QList<int> keptIds, droppedIds, noAttentionIds, noMlpIds;
    QStringList keptLabels, droppedLabels, keptTips, droppedTips, noAttentionLabels, noAttentionTips, noMlpLabels, noMlpTips;
    for (int i = 0; i < doc_->layerCount(); ++i) {
        QString label = tr("Block %1 · %2").arg(i, 2).arg(format::compact(c.layerParams(static_cast<size_t>(i))));
        QString tip = tr("Decoder block %1: attention + MLP + both norms").arg(i);
        if (scores && i < static_cast<int>(scores->scores.size())) {
            label += tr(" · score %1").arg(scores->scores[static_cast<size_t>(i)], 0, 'g', 3);
            tip += tr("\n%1 score: %2 (higher = more important)")
                       .arg(scores->criterion ? criterionLabel(pb::criterionName(*scores->criterion)) : QString())
                       .arg(scores->scores[static_cast<size_t>(i)], 0, 'g', 4);
        }
        const bool noAttn = !doc_->isDropped(i) && doc_->subBlockRemoved(i, pb::SubBlockPart::Attention);
        const bool noMlp = !doc_->isDropped(i) && doc_->subBlockRemoved(i, pb::SubBlockPart::Mlp);
        if (noAttn) label += tr(" · no attention"), tip += tr("\nIts attention is removed (sub-block): the residual stream passes by.");
        if (noMlp) label += tr(" · no MLP"), tip += tr("\nIts MLP is removed (sub-block): the residual stream passes by.");
        if (noAttn) {
            noAttentionIds << i;
            noAttentionLabels << tr("Block %1 · −%2").arg(i, 2).arg(format::compact(c.attentionParams(size_t(i))));
            noAttentionTips << tip;
        }
        if (noMlp) {
            noMlpIds << i;
            noMlpLabels << tr("Block %1 · −%2").arg(i, 2).arg(format::compact(c.mlpParams(size_t(i))));
            noMlpTips << tip;
        }
        if (doc_->isDropped(i)) droppedIds << i, droppedLabels << label, droppedTips << tip;
        else keptIds << i, keptLabels << label, keptTips << tip;
    }
    kept_->setBlocks(keptIds, keptLabels, keptTips);
    dropped_->setBlocks(droppedIds, droppedLabels, droppedTips);
    noAttention_->setBlocks(noAttentionIds, noAttentionLabels, noAttentionTips);
    noMlp_->setBlocks(noMlpIds, noMlpLabels, noMlpTips);
}

void PlanEditor::updateTotals() {
    const PlanTotals t = doc_->totals();
    if (!doc_->hasModel()) {
        totals_->setText(tr("Open a model to edit a plan."));
        depthTwin_->clear();
        return;
    }
    if (!t.valid) {
        totals_->setText(QStringLiteral("<span style='color:%1'>%2</span> %3")
                             .arg(themeColors().error.name(), tr("This plan does not fit the model:"), t.error.toHtmlEscaped()));
        depthTwin_->clear();
        return;
    }
    auto row = [caption = themeColors().caption.name()](const QString& k, const QString& v) {
        return QStringLiteral("<tr><td style='color:%1;padding-right:14px'>%2</td><td align='right'>%3</td></tr>").arg(caption, k, v);
    };
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    html += row(tr("Parameters"), tr("%1 → <b>%2</b>").arg(format::compact(t.paramsBefore), format::compact(t.paramsAfter)));
    html += row(tr("Removed"), QStringLiteral("<b>%1</b>").arg(format::percent(t.removedFraction, 1)));
    html += row(tr("MACs (128 tokens)"), tr("%1 → <b>%2</b>").arg(format::compact(t.macsBefore), format::compact(t.macsAfter)));
    html += row(tr("Blocks"), tr("%1 → <b>%2</b>").arg(t.blocksBefore).arg(t.blocksAfter));
    if (t.hiddenAfter != t.hiddenBefore)
        html += row(tr("Hidden size"), tr("%1 → <b>%2</b>").arg(t.hiddenBefore).arg(t.hiddenAfter));
    // Latency: measured on random weights of each shape on this device (core/bench/latency.h,
    // cached per shape), the estimate until it is.
    const std::vector<pb::LatencyShape> shapes = bench_->latencyShapes();
    const std::vector<pb::LatencyProfile> lat = bench_->latencyProfiles(shapes, false);
    const bool original = !lat.empty() && lat[0].measured();
    const bool planMeasured = original && lat.size() >= 2 && lat[1].measured();
    const QString faint = themeColors().faint.name();
    const auto times = [](double before, double after) {
        return before > 0 ? QStringLiteral(" (%1×)").arg(after / before, 0, 'f', 2) : QString();
    };
    if (planMeasured) {
        html += row(tr("Prefill (%1 tokens)").arg(lat[0].context),
                    tr("%1 → <b>%2 ms</b>").arg(lat[0].prefill_ms, 0, 'f', 1).arg(lat[1].prefill_ms, 0, 'f', 1) +
                        times(lat[0].prefill_ms, lat[1].prefill_ms));
        html += row(tr("Decode (batch 1)"), tr("%1 → <b>%2 tokens/s</b>")
                                                .arg(lat[0].decode_tokens_per_s, 0, 'f', 1)
                                                .arg(lat[1].decode_tokens_per_s, 0, 'f', 1));
        html += row(tr("Estimate"), QStringLiteral("<span style='color:%1'>%2</span>")
                                        .arg(faint, tr("%1× (formula, not measured)").arg(t.latencyRatio, 0, 'f', 2)));
    } else if (original && shapes.size() == 1) {
        html += row(tr("Prefill (%1 tokens)").arg(lat[0].context), tr("<b>%1 ms</b>").arg(lat[0].prefill_ms, 0, 'f', 1));
        html += row(tr("Decode (batch 1)"), tr("<b>%1 tokens/s</b>").arg(lat[0].decode_tokens_per_s, 0, 'f', 1));
    } else {
        html += row(tr("Latency (estimate)"), tr("<b>%1×</b> of the original").arg(t.latencyRatio, 0, 'f', 2) +
                                                  QStringLiteral(" <span style='color:%1'>%2</span>").arg(faint, tr("not measured")));
    }
    html += QStringLiteral("</table>");
    totals_->setText(html);
    if (original) {
        const pb::LatencyProfile& o = lat[0];
        QString device = QString::fromStdString(o.device);
        if (!o.device_name.empty()) device += QStringLiteral(" (%1)").arg(QString::fromStdString(o.device_name));
        if (o.device.rfind("cuda", 0) != 0 && o.threads > 0) device += tr(", %n thread(s)", nullptr, o.threads);
        latencyNote_->setText(tr("Measured on %1, %2: random weights of each shape; prefill to the first token at batch 1, "
                                 "decoding %3 tokens with the KV cache.")
                                  .arg(device, QString::fromStdString(o.dtype))
                                  .arg(o.new_tokens));
    } else {
        latencyNote_->setText(tr("Measure latency times prefill and decoding of the original and the plan's shapes on "
                                 "this device (a few seconds; cached per shape)."));
    }
    totals_->setToolTip(tr("Latency is measured on random weights of each shape on the current device (speed does not "
                           "depend on the values) and cached per shape, device, dtype and threads. Until it is, the "
                           "estimate stands in: half of the time scales with the MACs and half with the number of "
                           "sequential blocks."));
    if (t.equalDepthBlocks > 0 && t.removedFraction > 0) {
        QString twin = tr(" (%1 removed, latency ≈ %2×).").arg(format::percent(t.equalDepthFraction, 1)).arg(t.equalDepthLatencyRatio, 0, 'f', 2);
        if (original && lat.size() >= 3 && lat[2].measured() && lat[2].kind == "depth")
            twin = tr(" (%1 removed; measured: prefill %2×, decode %3 tokens/s).")
                       .arg(format::percent(t.equalDepthFraction, 1))
                       .arg(lat[2].prefill_ms / lat[0].prefill_ms, 0, 'f', 2)
                       .arg(lat[2].decode_tokens_per_s, 0, 'f', 1);
        depthTwin_->setText(tr("Depth plan with the same parameters: drop <b>%n block(s)</b>", nullptr, t.equalDepthBlocks) + twin);
    } else {
        depthTwin_->setText(tr("The plan removes nothing yet: apply ratios or drag blocks out."));
    }
}

} // namespace pb::ui
