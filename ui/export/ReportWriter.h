#pragma once
// The workbench report, written by core's one report writer (core/report/report.h): this
// file only gathers what the workbench has (model, plan totals, comparison, sweep, recovery
// and zero-shot accuracy) into pb::report::ReportData, and hands the Qt charts over as
// PNG files drawn beside the report (NAME-<id>.png).
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

#include "core/report/report.h"
#include "core/util/output_path.h"

class QChartView;

namespace pb::ui {

class RecoverySession;
class Workbench;

struct ReportChart {
    QString id;      // file suffix: "width-vs-depth"
    QString title;   // heading in the report
    QChartView* view = nullptr;
};

// What the report says, from the workbench (no model open: the model section only).
pb::report::ReportData reportData(const Workbench& bench, const RecoverySession* recovery);

// Writes path (…/NAME.md) and the chart PNGs beside it (the folder is created when
// missing). Returns the files written (the Markdown last); empty with *error set when
// something could not be written, or when the report or a chart file breaks the output rule
// for `sources` (core/util/output_path.h; checked before writing any).
QStringList writeReport(const QString& path, const Workbench& bench, const RecoverySession* recovery,
                        const QList<ReportChart>& charts, QString* error,
                        const std::vector<pb::SourcePath>& sources = {});

} // namespace pb::ui
