#pragma once
// Which charts a report holds, built from its data: for a prune the kept widths per
// layer, the block scores (depth criteria) and perplexity before/after; for a sweep
// perplexity against the fraction of parameters removed, one line per criterion.
#include <string>
#include <vector>

#include "core/report/report.h"
#include "core/report/svg_chart.h"

namespace pb::report {

struct NamedChart {
    std::string id;    // file suffix: NAME-<id>.svg
    std::string title; // heading in the report
    svg::SvgChart chart;
};

std::vector<NamedChart> reportCharts(const ReportData& data);

// The axes every zero-shot accuracy-vs-removed chart shares (percent removed, accuracy in percent
// from 0 to 100 with the 95% Wilson interval as whiskers), titled `title`.
svg::LineChart zeroShotAccuracyAxes(const std::string& title);

} // namespace pb::report
