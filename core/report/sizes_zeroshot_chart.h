#pragma once
// The cross-size sweep's zero-shot curves (issue 19 item 6): per task, accuracy against the
// fraction of parameters removed for each model's best width and best depth rows, with 95%
// Wilson whiskers, the dense model's accuracy as a band, chance dotted and, when the rows were
// recovered, the same after LoRA as a second series per kind (its own colour). Torch-free.
#include <string>
#include <vector>

#include "core/report/report_charts.h"
#include "core/report/results.h"

namespace pb::report {

// The tasks the rows were scored on, in the order of their first appearance.
std::vector<std::string> sizesTasks(const SizeSweepResult& r);

// One chart per task, ids "sizes-zeroshot-<task>"; none when no row has tasks.
std::vector<NamedChart> sizesZeroShotCharts(const SizeSweepResult& r);

} // namespace pb::report
