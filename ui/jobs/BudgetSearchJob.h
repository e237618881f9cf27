#pragma once
// The Plan tab's budget search on the worker (issue 18): core's search (core/prune/budget_planner.h)
// for per-layer ratios removing a fraction of the open model's parameters, on the chosen
// calibration. Torch-free header.
#include "core/prune/budget_planner.h"
#include "core/prune/compare.h"
#include "ui/jobs/ModelPtr.h"

namespace pb::ui::jobs {

struct BudgetSearchJobRequest {
    pb::BudgetSearchRequest search;  // method, budget, criterion (greedy: its masks; every method: the plan's)
    pb::CalibrationSpec calib;       // owl's activations, greedy's scores and loss
};

pb::BudgetSearchResult budgetSearch(const ModelPtr& model, const BudgetSearchJobRequest& request,
                                    const pb::ProgressFn& progress);

} // namespace pb::ui::jobs
