#pragma once
// The Plan tab's budget search (issue 18): per-layer ratios that remove a fraction of the
// parameters, found by core (core/prune/budget_planner.h: OWL's outlier-aware ratios or the
// greedy search on the calibration loss) on the worker (ui/jobs/BudgetSearchJob), over the
// editor's layer range, and loaded into the editable plan as one undoable edit. The budget is a
// fraction of the parameters, or of the original's measured prefill or decode time on the
// current device (core/bench/latency_budget.h).
#include <QWidget>

#include <optional>

#include "core/prune/budget_planner.h"
#include "ui/jobs/BudgetSearchJob.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace pb::ui {

class PlanDocument;
class Workbench;

class BudgetSearchCard : public QWidget {
    Q_OBJECT
public:
    // first / last: the editor's layer range spin boxes (read when the search starts).
    BudgetSearchCard(Workbench* bench, PlanDocument* doc, QSpinBox* first, QSpinBox* last, QWidget* parent = nullptr);

    QDoubleSpinBox* targetSpin() const { return target_; }
    QComboBox* methodCombo() const { return method_; }
    // What the target counts: the parameters removed (-1), or the time kept, by pb::LatencyMetric.
    QComboBox* budgetKind() const { return kind_; }
    QPushButton* searchButton() const { return search_; }
    QLabel* resultLabel() const { return result_; }
    pb::Criterion criterion() const;  // the chosen width criterion, else the default

public Q_SLOTS:
    bool runSearch();  // starts the job; false (with the reason shown) when it cannot start

Q_SIGNALS:
    void searched();   // a result was loaded into the plan

private:
    void sync();
    void showResult(const jobs::BudgetSearchJobResult& r);
    void kindChanged();

    Workbench* bench_;
    PlanDocument* doc_;
    QSpinBox* first_;
    QSpinBox* last_;
    QDoubleSpinBox* target_;
    QComboBox* kind_;
    QLabel* caption_;
    QComboBox* method_;
    QPushButton* search_;
    QLabel* result_;
};

} // namespace pb::ui
