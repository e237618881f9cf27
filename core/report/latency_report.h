#pragma once
// The measured latency in a report (core/bench/latency.h's profiles): rows for the plan's
// table, the latency section with its tables, and its two charts (prefill time against the
// context length, decode speed against the batch size: one line per shape, the original
// grey and dashed). No Qt, no torch.
#include <string>
#include <vector>

#include "core/report/report.h"
#include "core/report/report_charts.h"

namespace pb::report {

// "cpu (AMD EPYC 7B13, 2 threads), f32" / "cuda:0 (NVIDIA H200), bf16".
std::string latencyDevice(const LatencyProfile& p);

// The plan table's rows for measured prefill and decode (before, after, change) when both
// profiles are measured; "" otherwise (the caller shows the estimate).
std::string latencyPlanRows(const PlanSummary& p);

// "## Latency (measured)": how it was measured, the headline table, the curves as tables.
std::string latencySection(const LatencySummary& s);

// "latency-prefill" and "latency-decode" (only the curves with two points or more).
std::vector<NamedChart> latencyCharts(const LatencySummary& s);

} // namespace pb::report
