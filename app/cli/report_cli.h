#pragma once
// --report for prune and sweep: the option, an early check of the path, and writing
// the report (PNG charts when this build can rasterise, else SVG).
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/report/report.h"

namespace pbcli {

OptionSpec reportOption();
// Throws pb::Error before any work when --report points into the source model's folder.
void checkReportArgs(const Args& args, const std::string& source);
// Writes the report named by --report, logs the files on stderr and returns them.
// `sources`: the run's plan and texts (output_check.h), protected like the model.
std::vector<std::string> writeReportFromArgs(const Args& args, pb::report::ReportData data,
                                             const std::vector<pb::SourcePath>& sources = {});

// The command line as typed, for the report (set once by main).
void setCommandLine(int argc, char** argv);
const std::string& commandLine();

} // namespace pbcli
