#pragma once
// Zero-shot accuracy against the fraction of parameters removed, for one task of a sweep that
// scored tasks at every point (core/prune/sweep.h SweepOptions::tasks): a curve per criterion
// (width solid with dots, depth dashed with squares), each point with its 95% Wilson interval
// as a vertical whisker (core/evalzs/stats.h), the dense model's accuracy as a dashed line in a
// band of its interval, and the chance level dotted. A combo picks the task. When the sweep
// also recovered its points with LoRA (Workbench::sweepRecovered), each curve has its
// after-LoRA twin (hollow markers, dodged a little to the right so both whiskers show) and the
// dense model after LoRA is a dash-dot line.
#include <QWidget>

#include <vector>

#include "core/report/results.h"

class QChartView;
class QComboBox;

namespace pb::ui {

class ChartEmptyState;

class ZeroShotCurveChart : public QWidget {
    Q_OBJECT
public:
    explicit ZeroShotCurveChart(QWidget* parent = nullptr);

    // The sweep's points; keeps the chosen task when the new points have it.
    void setPoints(const std::vector<pb::SweepPoint>& points);
    // The points after `steps` LoRA steps (core/prune/size_sweep.h recoverSweepPoints); empty: none.
    void setRecovered(const std::vector<pb::SizeRow>& rows, int steps);
    QChartView* chartView() const { return view_; }
    QComboBox* taskCombo() const { return task_; }
    ChartEmptyState* emptyState() const { return empty_; }
    // criterion,kind,removed_fraction,task,n,acc,ci95_lo,ci95_hi,mcnemar_p_vs_dense,lora_steps,
    // mcnemar_p_vs_before_lora: a row per point before LoRA (lora_steps 0) and one per point after.
    QString csv() const;

    // What is drawn for the chosen task (percent), for tests.
    struct Drawn {
        QString criterion;
        bool depth = false;
        bool recovered = false;  // after LoRA
        double x = 0, y = 0, lo = 0, hi = 0;
    };
    std::vector<Drawn> drawn() const { return drawn_; }
    int whiskerCount() const { return whiskers_; }

private:
    void rebuild();

    QComboBox* task_;
    QChartView* view_;
    ChartEmptyState* empty_;
    std::vector<pb::SweepPoint> points_;
    std::vector<pb::SizeRow> recovered_;
    int steps_ = 0;
    std::vector<Drawn> drawn_;
    int whiskers_ = 0;
};

} // namespace pb::ui
