#pragma once
// The plan tab: the per-layer table (ratios edited with spin boxes), a global ratio over a
// layer range, the selected layer's units as toggles with their live what-if (UnitStrip), the
// hidden-size ratio with its cost and measured effect (HiddenSizeCard), the budget search
// (BudgetSearchCard: per-layer ratios for a parameter budget, loaded as an edit), the block lists (drag
// blocks into "Dropped blocks" and back), live totals
// and the depth plan with the same parameter count, undo/redo, load JSON and save it in
// both forms (ratios, or the resolved kept units the views hatch), and a note when the
// hatched plan is stale.
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QToolButton;

namespace pb::ui {

class BlockListWidget;
class BudgetSearchCard;
class HiddenSizeCard;
class UnitStrip;
class PlanDocument;
class PlanStateLabel;
class PlanTableModel;
class TextsLabel;
class Workbench;

class PlanEditor : public QWidget {
    Q_OBJECT
public:
    explicit PlanEditor(Workbench* bench, QWidget* parent = nullptr);

    QTableView* table() const { return table_; }
    PlanTableModel* tableModel() const { return model_; }
    BlockListWidget* keptList() const { return kept_; }
    BlockListWidget* droppedList() const { return dropped_; }
    // Sub-block depth: the blocks whose attention / MLP alone is removed (drag a block in).
    BlockListWidget* noAttentionList() const { return noAttention_; }
    BlockListWidget* noMlpList() const { return noMlp_; }
    QDoubleSpinBox* globalAttention() const { return globalAttention_; }
    QDoubleSpinBox* globalMlp() const { return globalMlp_; }
    QSpinBox* firstLayer() const { return first_; }
    QSpinBox* lastLayer() const { return last_; }
    QPushButton* applyGlobalButton() const { return applyGlobal_; }
    QLabel* totalsLabel() const { return totals_; }
    QPushButton* pruneButton() const { return prune_; }
    PlanStateLabel* planStateLabel() const { return planState_; }
    TextsLabel* textsLabel() const { return texts_; }
    QPushButton* measureLatencyButton() const { return measureLatency_; }
    QLabel* latencyNote() const { return latencyNote_; }
    HiddenSizeCard* hiddenSize() const { return hidden_; }
    BudgetSearchCard* budgetSearch() const { return budget_; }
    void showBudgetSearch();  // brings its card to the front (below the table)
    UnitStrip* unitStrip() const { return units_; }

public Q_SLOTS:
    void applyGlobal();
    void loadPlan();
    void savePlan();          // Save Plan (ratios)
    void saveResolvedPlan();  // Save Resolved Plan (kept units)
    bool measureLatency();    // the original's, the plan's and its twin's shapes (Workbench::latencyShapes)

Q_SIGNALS:
    void pruneRequested();

private:
    void rebuildBlocks();
    void updateTotals();
    void configChanged();

    Workbench* bench_;
    PlanDocument* doc_;
    PlanTableModel* model_;
    QTableView* table_;
    QDoubleSpinBox* globalAttention_;
    QDoubleSpinBox* globalMlp_;
    QSpinBox* first_;
    QSpinBox* last_;
    QPushButton* applyGlobal_;
    BlockListWidget* kept_;
    BlockListWidget* dropped_;
    BlockListWidget* noAttention_ = nullptr;
    BlockListWidget* noMlp_ = nullptr;
    QLabel* totals_;
    QLabel* depthTwin_;
    QToolButton* undo_;
    QToolButton* redo_;
    QPushButton* prune_;
    PlanStateLabel* planState_;
    TextsLabel* texts_;
    QLabel* latencyNote_;
    QPushButton* measureLatency_;
    HiddenSizeCard* hidden_;
    BudgetSearchCard* budget_ = nullptr;
    QTabWidget* aux_ = nullptr;  // the unit strip and the budget search, one at a time
    UnitStrip* units_;
};

} // namespace pb::ui
