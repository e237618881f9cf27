#pragma once
// Chart export: the chart as PNG and SVG, its data as CSV, all three beside each other
// (NAME.png, NAME.svg, NAME.csv). Rendering only; the data comes from the caller.
#include <QString>

class QChartView;
class QWidget;

namespace pb::ui {

bool exportChartPng(QChartView* view, const QString& path);
bool exportChartSvg(QChartView* view, const QString& path);  // QSvgGenerator, vector output
bool writeTextFile(const QString& path, const QString& text);

// Writes base.png, base.svg and base.csv (base: path without suffix). Returns the paths
// written, empty when one of them could not be written.
QStringList exportChartFiles(QChartView* view, const QString& csv, const QString& base);

// Asks for a file name (PNG) and writes the three files. Returns a one-line message for
// the view to show ("" when the user cancelled).
QString exportChartInteractive(QWidget* parent, QChartView* view, const QString& csv, const QString& suggestedName);

} // namespace pb::ui
