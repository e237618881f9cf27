#include "app/cli/report_cli.h"

#include <cstdio>

#include "app/cli/svg_png.h"

namespace pbcli {

namespace {

std::string& storedCommandLine() {
    static std::string line;
    return line;
}

std::string quoted(const std::string& a) {
    if (!a.empty() && a.find_first_of(" \t\"'$\\;&|<>*?()") == std::string::npos) return a;
    std::string s = "'";
    for (char c : a) s += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return s + "'";
}

} // namespace

OptionSpec reportOption() {
    return {"report", true,
            "write a Markdown report (NAME.md) with every number and the charts beside it (PNG and SVG)"};
}

void checkReportArgs(const Args& args, const std::string& source) {
    if (args.has("report")) pb::report::checkReportPath(args.get("report"), source);
}

std::vector<std::string> writeReportFromArgs(const Args& args, pb::report::ReportData data,
                                             const std::vector<pb::SourcePath>& sources) {
    data.command = commandLine();
    data.no_png_note = noPngNote();
    std::vector<std::string> files = pb::report::writeReport(args.get("report"), data, svgRasteriser(), sources);
    for (const std::string& f : files) std::fprintf(stderr, "report: wrote %s\n", f.c_str());
    return files;
}

void setCommandLine(int argc, char** argv) {
    std::string s = "prunebench-cli";
    for (int i = 1; i < argc; ++i) s += " " + quoted(argv[i]);
    storedCommandLine() = s;
}

const std::string& commandLine() { return storedCommandLine(); }

} // namespace pbcli
