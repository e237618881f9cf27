#pragma once
// prune --target-params F --budget-search uniform|owl|greedy (issue 18): the per-layer ratios of
// a parameter budget (core/prune/budget_planner.h), the checks made before the model loads, and
// what prune prints and writes of the search; prune --target-latency F: the parameter budget
// whose uniform cut meets a measured latency target (core/bench/latency_budget.h).
#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "app/cli/args.h"
#include "core/bench/latency_budget.h"
#include "core/model/loader.h"
#include "core/prune/budget_planner.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"

namespace pbcli {

std::vector<OptionSpec> budgetSearchOptions();
// --budget-search (uniform when absent); UsageError for another name.
pb::BudgetSearch budgetSearchArg(const Args& args);
// Before the model loads: UsageError for --budget-search without --target-params, with a depth
// criterion, a ranking other than local, bias compensation (greedy), --hidden-ratio, or a
// method's options given to another method.
void checkBudgetSearchArgs(const Args& args, pb::Criterion criterion);
// The search for the budget `fraction` of layers first..last.
pb::BudgetSearchResult budgetSearchFromArgs(const Args& args, pb::LoadedModel& m, const pb::ScoreOptions& so,
                                            const pb::Calibration& calib, const pb::ProgressFn& progress,
                                            double fraction, int first, int last, pb::AttentionUnit unit,
                                            int64_t round_to);
nlohmann::json budgetSearchJson(const pb::ModelConfig& c, const pb::BudgetSearchResult& r);
void printBudgetSearch(const pb::ModelConfig& c, const pb::BudgetSearchResult& r);

// --target-latency F and --latency-metric: the target as a LatencyBudget on --device/--dtype.
std::vector<OptionSpec> latencyBudgetOptions();
pb::LatencyBudget latencyBudgetArg(const Args& args);
// The budget's fraction of the parameters, found by measurement (progress on stderr).
pb::LatencyBudgetResult latencyBudgetFromArgs(const Args& args, const pb::ModelConfig& c, int first, int last,
                                              pb::AttentionUnit unit, int64_t round_to, const pb::ProgressFn& progress);
// The search's probes and the pruned plan's own measured ratio (plan_ratio).
nlohmann::json latencyBudgetJson(const pb::LatencyBudget& lb, const pb::LatencyBudgetResult& r, double plan_ratio);
void printLatencyBudget(const pb::LatencyBudget& lb, const pb::LatencyBudgetResult& r, double plan_ratio);

} // namespace pbcli
