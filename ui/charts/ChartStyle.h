#pragma once
// The look shared by every chart: a plain white chart with a bold title, small margins,
// legend at the bottom, no animation.
#include <QColor>
#include <QString>

class QAbstractAxis;
class QChart;
class QLineSeries;
class QScatterSeries;

namespace pb::ui {

QChart* makeStyledChart(const QString& title);

// One width or depth curve: a line in `color` (dashed for depth) and its points (circles for
// width, squares for depth, `marker` px, the depth ones 1 px larger).
void styleKindSeries(QLineSeries* line, QScatterSeries* dots, const QColor& color, bool depth, qreal marker);

// Adds a curve (line + its points) to `chart` on axes x and y; only the line has a legend entry.
void addCurve(QChart* chart, QLineSeries* line, QScatterSeries* dots, QAbstractAxis* x, QAbstractAxis* y);

} // namespace pb::ui
