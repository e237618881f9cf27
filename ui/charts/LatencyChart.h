#pragma once
// Measured latency curves (core/bench/latency.h: random weights of each shape on the current
// device): prefill time against the context length at batch 1, and decode speed against the
// batch size, one line per shape (the original grey and dashed, width blue, depth orange),
// with the device the points were measured on and a Measure button. Each chart exports as
// PNG, SVG and CSV; empty states say what to press. Used by the Charts and Compare tabs.
#include <QWidget>

#include <vector>

#include "core/report/results.h"

class QChartView;
class QLabel;
class QPushButton;

namespace pb::ui {

class ChartEmptyState;

class LatencyChart : public QWidget {
    Q_OBJECT
public:
    // tabbed: the two charts as two tabs of one card (where the row is shared), else side by side.
    explicit LatencyChart(QWidget* parent = nullptr, bool tabbed = false);

    // The profiles to draw (the original first); those not measured are left out. `hint`: what
    // the curves are of (the tooltip), `emptyMessage`: shown while none is measured.
    void setProfiles(const std::vector<pb::LatencyProfile>& profiles, const QString& hint, const QString& emptyMessage);
    const std::vector<pb::LatencyProfile>& profiles() const { return profiles_; }

    QChartView* prefillChart() const { return prefill_; }
    QChartView* decodeChart() const { return decode_; }
    ChartEmptyState* prefillEmpty() const { return prefillEmpty_; }
    ChartEmptyState* decodeEmpty() const { return decodeEmpty_; }
    QPushButton* measureButton() const { return measure_; }
    QLabel* caption() const { return caption_; }
    // label,kind,batch,context,ms,tokens_per_s,cached for every point drawn.
    QString csv() const;

Q_SIGNALS:
    void measureRequested();
    void message(const QString& text);  // an export's result

private:
    void rebuild();

    QChartView* prefill_;
    QChartView* decode_;
    ChartEmptyState* prefillEmpty_;
    ChartEmptyState* decodeEmpty_;
    QPushButton* measure_;
    QLabel* caption_;
    std::vector<pb::LatencyProfile> profiles_;
    QString hint_, emptyMessage_;
};

} // namespace pb::ui
