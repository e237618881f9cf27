#pragma once
// A chart in a rounded card with its Export… button below, right-aligned: the layout the
// Charts and Recovery tabs share. With an empty state (ui/charts/ChartEmptyState.h), Export…
// is disabled while the chart is empty.
class QPushButton;
class QWidget;

namespace pb::ui {

class ChartEmptyState;

QWidget* chartCard(QWidget* parent, QWidget* chart, QPushButton* exportButton, ChartEmptyState* empty = nullptr);

} // namespace pb::ui
