#pragma once
// A calm note over the plan's views (plan editor, heatmap, Save dialog) when the hatched
// plan is not the one the current choices make: its ratios need scores, or the shown
// scores are of another criterion, aggregation or calibration (Workbench::planState()).
// Hidden when the plan is ready. It says what Compare, Recovery and Save do then.
#include <QLabel>

namespace pb::ui {

class Workbench;

class PlanStateLabel : public QLabel {
    Q_OBJECT
public:
    explicit PlanStateLabel(Workbench* bench, QWidget* parent = nullptr);

    // The note's sentence for the workbench's plan state; empty when the plan is ready.
    static QString textFor(const Workbench& bench);

public Q_SLOTS:
    void refresh();

private:
    Workbench* bench_;
};

} // namespace pb::ui
