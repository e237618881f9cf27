#pragma once
// The workbench report: one Markdown file with the numbers the workbench has (model, plan
// totals, comparison, sweep, block scores, recovery and zero-shot accuracy) and the
// charts as PNG files beside it (NAME-<chart>.png), linked from the text.
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <vector>

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

// The Markdown text; chart images are referenced as <baseName>-<id>.png.
QString reportMarkdown(const Workbench& bench, const RecoverySession* recovery, const QList<ReportChart>& charts,
                       const QString& baseName);
// Writes path (…/NAME.md) and the chart PNGs beside it. Returns the files written; empty
// with *error set when something could not be written, or when the report or a chart file
// breaks the output rule for `sources` (core/util/output_path.h; checked before writing any).
QStringList writeReport(const QString& path, const Workbench& bench, const RecoverySession* recovery,
                        const QList<ReportChart>& charts, QString* error,
                        const std::vector<pb::SourcePath>& sources = {});

} // namespace pb::ui
