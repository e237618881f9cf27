#pragma once
// Zero-shot accuracy per task, before and after recovery, as grouped bars, each with its 95%
// Wilson interval drawn as a whisker (core/evalzs/stats.h); a task whose after-bar differs
// significantly from its before-bar (exact McNemar on the same items, p < 0.05) is marked
// with a star in its label. The axis names the chance level when every task has as many choices.
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
    // The whiskers drawn: (task, after, lo, hi) in percent, for tests.
    struct Whisker {
        QString task;
        bool after = false;
        double lo = 0, hi = 0;
    };
    std::vector<Whisker> whiskers() const;
    // "capitals: +6.0 pts, p 0.041 (significant)" per task with both stages; empty without.
    QStringList significanceLines() const;

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    std::vector<jobs::TaskAccuracy> before_, after_;
    ChartEmptyState* empty_;
};

} // namespace pb::ui
