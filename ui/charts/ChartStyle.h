#pragma once
// The look shared by every chart: a plain white chart with a bold title, small margins,
// legend at the bottom, no animation.
#include <QString>

class QChart;

namespace pb::ui {

QChart* makeStyledChart(const QString& title);

} // namespace pb::ui
