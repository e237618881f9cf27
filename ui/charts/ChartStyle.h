#pragma once
// The look shared by every chart: a plain chart on the card's colour with a bold title, small
// margins, legend at the bottom, no animation; its colours are the theme's (ThemeColors).
#include <QColor>
#include <QString>

class QAbstractAxis;
class QChart;
class QLineSeries;
class QScatterSeries;

namespace pb::ui {

QChart* makeStyledChart(const QString& title);
// Gives the chart and every axis it has now the theme's colours (background, title, legend,
// labels, grid). Call it once the axes are added; again when the theme changes.
void themeChart(QChart* chart);

// One width or depth curve: a line in `color` (dashed for depth) and its points (circles for
// width, squares for depth, `marker` px, the depth ones 1 px larger).
void styleKindSeries(QLineSeries* line, QScatterSeries* dots, const QColor& color, bool depth, qreal marker);

// Adds a curve (line + its points) to `chart` on axes x and y; only the line has a legend entry.
void addCurve(QChart* chart, QLineSeries* line, QScatterSeries* dots, QAbstractAxis* x, QAbstractAxis* y);

} // namespace pb::ui
