#pragma once
// Zero-shot accuracy per task, before and after recovery, as grouped bars (the tasks'
// chance level, 25 % for four choices, as a dashed line).
#include <QChartView>

#include <vector>

#include "ui/jobs/RecoveryJobs.h"

namespace pb::ui {

class ChartEmptyState;

class ZeroShotChart : public QChartView {
    Q_OBJECT
public:
    explicit ZeroShotChart(QWidget* parent = nullptr);

    void setResults(const std::vector<jobs::TaskAccuracy>& before, const std::vector<jobs::TaskAccuracy>& after);
    // Accuracy (0..1) shown for a task; -1 when the task is not in that set.
    double shownAccuracy(const QString& task, bool after) const;
    QString csv() const;
    ChartEmptyState* emptyState() const { return empty_; }

private:
    std::vector<jobs::TaskAccuracy> before_, after_;
    ChartEmptyState* empty_;
};

} // namespace pb::ui
