#pragma once
// The budget search as one call (issue 18; the rules: core/plan/budget_search.h): the per-layer
// ratios that remove a fraction of the parameters, by the uniform ratio, OWL's outlier-aware
// ratios (core/prune/outlier_ratio.h) or the greedy search on the calibration loss
// (core/prune/budget_greedy.h). The result is a ratio-form plan for the Plan tab and prune.
// Torch-free header (the Plan tab's job includes it).
#include <cstdint>
#include <optional>
#include <vector>

#include "core/plan/budget_search.h"
#include "core/plan/defaults.h"
#include "core/plan/scores.h"
#include "core/prune/budget_greedy.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;
struct Calibration;

struct BudgetSearchRequest {
    BudgetSearch method = BudgetSearch::Uniform;
    Budget budget;
    // The criterion that ranks each layer's units (greedy: scored here, as pb::ScoreOptions).
    Criterion criterion = defaults::kWidthCriterion;
    Aggregation aggregation = defaults::kAggregation;
    int64_t batch = 2;          // calibration samples per pass
    uint64_t seed = 0;          // the random criterion
    std::optional<bool> bias_compensation;  // PruningPlan::bias_compensation (greedy refuses it on)
    OwlOptions owl;
    GreedyBudgetOptions greedy;
};

struct BudgetSearchResult {
    BudgetSearch method = BudgetSearch::Uniform;
    PruningPlan plan;                 // ratio form, one ratio per layer (criterion and unit set)
    double uniform_ratio = 0;         // the budget's one uniform ratio (widthRatioForParamFraction)
    int64_t target_removed = 0, removed = 0, unit_params = 0;  // parameters
    std::vector<double> outlier_ratio;      // owl: per layer of the range
    std::vector<double> owl_ratio;          // owl: the ratios OWL's rule gives, before the fit
    std::optional<GreedyBudgetResult> greedy;
    std::optional<WidthScores> scores;      // greedy: the scores its masks were chosen by
    double seconds = 0;
};

// Refuses what checkBudgetSearch refuses and a budget the layers cannot hold. The model's
// weights are as before when it returns (or throws pb::Cancelled).
BudgetSearchResult searchBudget(LlamaModel& model, const Calibration& calib, const BudgetSearchRequest& request,
                                const ProgressFn& progress = {});

} // namespace pb
