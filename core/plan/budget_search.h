#pragma once
// Non-uniform width budgets (issue 18): per-layer ratios that remove a given fraction of the
// parameters, as a plain ratio-form PruningPlan (one attention and MLP ratio per layer) that
// the Plan tab edits and prune --plan replays. The searches:
//  - uniform: one ratio for every layer in range (widthRatioForParamFraction; what
//    --target-params always did);
//  - owl: Outlier-Weighed Layerwise ratios (OWL, Yin et al. 2023, arXiv 2310.05175): a layer
//    with more activation outliers (entries of |W|·||X|| above M x the layer's mean) keeps more,
//    ratio_l = target - (2λ·(D_l - min D)/(max D - min D) - their mean), then fitted to the
//    budget; the outlier ratios D_l come from core/prune/outlier_ratio.h;
//  - greedy: from the uniform ratios fitted to the budget, moves of units between two layers
//    that lower the calibration loss at the same parameter count (core/prune/budget_greedy.h).
// This file holds the torch-free rules: names, refusals, layer cuts in units, OWL's rule and the
// exact fit to the budget (parameters counted by prunedConfig).
#include <cstdint>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/plan/criteria.h"
#include "core/plan/plan.h"

namespace pb {

enum class BudgetSearch { Uniform, Owl, Greedy };

std::string budgetSearchName(BudgetSearch method);
BudgetSearch parseBudgetSearch(const std::string& name);  // throws pb::Error naming the choices
std::string budgetSearchList();                             // "uniform, owl, greedy"

struct Budget {
    double fraction = 0.2;  // of all the model's parameters, in (0, 1)
    int first = 0, last = -1;  // the layers whose width is cut (last -1: the last layer)
    AttentionUnit unit = AttentionUnit::Group;
    int64_t round_to = 1;   // MLP widths kept a multiple of this
};

// What a search may start from, refused with the reason: a depth criterion (it scores no width
// unit), a ranking other than local (global and adaptive set the per-layer split themselves),
// bias compensation with greedy (the masked what-if the search measures carries none) and a
// hidden cut (the budget is spread over the layers' widths only).
void checkBudgetSearch(BudgetSearch method, Criterion criterion, const std::string& ranking, bool compensates_biases,
                       double hidden_ratio);

// Units a layer's attention is cut in: KV groups (Group) or query heads per group (Head).
int64_t attentionUnits(const LayerDims& d, AttentionUnit unit);

// Units removed per layer: attention units and MLP channels.
struct LayerCut {
    int64_t attention = 0;
    int64_t mlp = 0;
    bool operator==(const LayerCut& o) const { return attention == o.attention && mlp == o.mlp; }
};

// The cuts a ratio plan makes (unitsRemoved, as resolvePlan counts them).
std::vector<LayerCut> cutsOf(const ModelConfig& model, const PruningPlan& plan);
// The ratio plan making exactly these cuts (ratio = removed / units), criterion and ranking left
// at their defaults for the caller to set.
PruningPlan planOf(const ModelConfig& model, const std::vector<LayerCut>& cuts, const Budget& budget);
// The most a layer may lose: all attention units but one (none when it has one), all MLP
// channels but one rounding unit.
LayerCut maxCut(const LayerDims& d, const Budget& budget);

int64_t removedParams(const ModelConfig& model, const PruningPlan& plan);  // before - after (prunedConfig)
int64_t targetRemovedParams(const ModelConfig& model, double fraction);     // round(fraction x all)
// Parameters of one rounding unit: the most that round_to MLP channels of a layer in range
// hold. The fit lands within half of it; tests allow one.
int64_t budgetUnitParams(const ModelConfig& model, const Budget& budget);

// The continuous per-layer ratios (layers outside the budget's range ignored) shifted by one
// constant, rounded to units and completed MLP unit by MLP unit so that the plan removes the
// budget's target within half a rounding unit. Throws pb::Error for a fraction outside (0, 1)
// or beyond what cutting these layers can remove (saying the most it can).
PruningPlan fitToBudget(const ModelConfig& model, const std::vector<double>& ratios, const Budget& budget);

// OWL's rule on the layers' outlier ratios (one per layer in range, in order): target minus
// the outlier ratios scaled to [0, 2λ] and centred. Equal outlier ratios give the target.
struct OwlOptions {
    double m = 5.0;        // an entry is an outlier above m x its layer's mean |W|·||X||
    double lambda = 0.08;  // the ratios spread over target ± λ
};
std::vector<double> owlLayerRatios(const std::vector<double>& outlier_ratio, double target, double lambda);
void checkOwlOptions(const OwlOptions& o);  // m > 0, λ in [0, 0.5]

} // namespace pb
