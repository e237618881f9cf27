#pragma once
// Where two criteria disagree, drawn: for width criteria the rank correlation per layer
// (query heads and MLP channels, -1..1) as bars; for block criteria each block's rank under
// both criteria (0 = dropped first, 1 = kept longest).
#include <QChartView>

#include <optional>

#include "core/plan/disagreement.h"

namespace pb::ui {

class ChartEmptyState;

class DisagreementChart : public QChartView {
    Q_OBJECT
public:
    explicit DisagreementChart(QWidget* parent = nullptr);

    // d null: the empty state. For blocks, d->top holds every block (compareBlockScores with
    // top = the block count).
    void setDisagreement(const std::optional<pb::Disagreement>& d);
    // Bars drawn per series name ("MLP channels", ...), for tests.
    int barSets() const;
    ChartEmptyState* emptyState() const { return empty_; }

private:
    void rebuild();

    std::optional<pb::Disagreement> d_;
    ChartEmptyState* empty_;
};

} // namespace pb::ui
