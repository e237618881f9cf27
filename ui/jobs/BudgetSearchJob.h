#pragma once
// The Plan tab's budget search on the worker (issue 18): core's search (core/prune/budget_planner.h)
// for per-layer ratios removing a fraction of the open model's parameters, on the chosen
// calibration. With a latency budget (core/bench/latency_budget.h) the fraction is first found by
// measuring uniform cuts on the device, and the searched plan's shape is measured again.
// Torch-free header.
#include <cmath>
#include <optional>

#include "core/bench/latency_budget.h"
#include "core/prune/budget_planner.h"
#include "core/prune/compare.h"
#include "ui/jobs/ModelPtr.h"

namespace pb::ui::jobs {

struct BudgetSearchJobRequest {
    pb::BudgetSearchRequest search;  // method, budget, criterion (greedy: its masks; every method: the plan's)
    pb::CalibrationSpec calib;       // owl's activations, greedy's scores and loss
    std::optional<pb::LatencyBudget> latency;  // set: search.budget.fraction comes from this measured target
};

struct BudgetSearchJobResult {
    pb::BudgetSearchResult search;
    std::optional<pb::LatencyBudgetResult> latency;  // the measured probes (latency budgets)
    double plan_time_ratio = NAN;                    // the searched plan's shape, measured beside the original
    pb::LatencyMetric metric = pb::LatencyMetric::Prefill;  // what the latency budget counted
};

BudgetSearchJobResult budgetSearch(const ModelPtr& model, const BudgetSearchJobRequest& request,
                                   const pb::ProgressFn& progress);

} // namespace pb::ui::jobs
