#pragma once
// The LoRA loss curve: training loss every step and validation loss where measured,
// against the optimizer step. Points arrive live from a running recovery job.
#include <QChartView>

#include <vector>

#include "ui/jobs/RecoveryJobs.h"

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace pb::ui {

class ChartEmptyState;

class LossChart : public QChartView {
    Q_OBJECT
public:
    explicit LossChart(QWidget* parent = nullptr);

    void clear(int64_t plannedSteps = 0);
    void addSample(const jobs::LossSample& sample);
    void setHistory(const std::vector<jobs::LossSample>& history, int64_t plannedSteps = 0);

    int trainPoints() const;
    int validationPoints() const;
    QString csv() const;
    // Empty until the first sample; the message says what to do (or what is happening).
    ChartEmptyState* emptyState() const { return empty_; }
    void setEmptyMessage(const QString& message);

private:
    void fitAxes();

    std::vector<jobs::LossSample> samples_;
    int64_t planned_ = 0;
    QLineSeries* train_ = nullptr;
    QLineSeries* val_ = nullptr;
    QScatterSeries* valDots_ = nullptr;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    ChartEmptyState* empty_ = nullptr;
    QString emptyMessage_;
};

} // namespace pb::ui
