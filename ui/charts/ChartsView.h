#pragma once
// Qt Charts: perplexity against the fraction of parameters removed, width and depth
// criteria on the same axes (from a sweep job), and per-block sensitivity (block scores).
// Each chart exports as PNG and SVG and its data as CSV (ui/charts/ChartExport.h).
#include <QWidget>

#include <vector>

class QCheckBox;
class QSpinBox;
class QLineEdit;
class QPushButton;
class QChartView;
class QChart;
class QLabel;

namespace pb::ui {

class ChartEmptyState;
class CriterionCombo;
class LatencyChart;
class OverlayChart;
class Workbench;
class ZeroShotCurveChart;

class ChartsView : public QWidget {
    Q_OBJECT
public:
    explicit ChartsView(Workbench* bench, QWidget* parent = nullptr);

    QChartView* pplChart() const { return ppl_; }
    QChartView* sensitivityChart() const { return sensitivity_; }
    OverlayChart* overlay() const { return overlay_; }
    QLineEdit* fractionsEdit() const { return fractions_; }
    QCheckBox* logScale() const { return log_; }
    QLabel* hint() const { return hint_; }
    ChartEmptyState* pplEmpty() const { return pplEmpty_; }
    ChartEmptyState* sensitivityEmpty() const { return sensitivityEmpty_; }
    LatencyChart* latencyChart() const { return latency_; }
    QCheckBox* zeroShotCheck() const { return zeroShot_; }
    // LoRA steps each point is recovered with after the sweep (0: none; only with Zero-shot).
    QSpinBox* loraSteps() const { return loraSteps_; }
    ZeroShotCurveChart* zeroShotCurves() const { return curves_; }
    // The built-in tasks a sweep scores when Zero-shot is ticked, and their items.
    static QStringList zeroShotTasks();
    static int zeroShotItems();

    // CSV of the sweep points / of the block scores shown.
    QString sweepCsv() const;
    QString sensitivityCsv() const;
    std::vector<double> fractions() const;
    void setCriteria(const QString& width, const QString& depth);  // parsed from the edit (invalid entries skipped)

public Q_SLOTS:
    bool runSweep();
    void rebuildPpl();
    void rebuildSensitivity();
    void rebuildLatency();

private:
    void exportChart(QChartView* view, const QString& csv, const QString& base);

    Workbench* bench_;
    CriterionCombo* width_;
    CriterionCombo* depth_;
    QLineEdit* fractions_;
    QCheckBox* log_;
    bool logChosen_ = false;  // the user clicked Log scale: no automatic choice after that
    QPushButton* run_;
    QCheckBox* zeroShot_;
    QSpinBox* loraSteps_;
    ZeroShotCurveChart* curves_;
    QLabel* hint_;
    QChartView* ppl_;
    QChartView* sensitivity_;
    OverlayChart* overlay_;
    ChartEmptyState* pplEmpty_;
    ChartEmptyState* sensitivityEmpty_;
    LatencyChart* latency_;
};

} // namespace pb::ui
