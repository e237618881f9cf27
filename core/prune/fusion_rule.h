#pragma once
// The adaptive fusion rule (criterion `fusion`), shared by the in-memory scorer
// (width_criteria.cpp) and the streamed one (core/stream/streamed_gradient_scores.cpp). Both
// measure losses; this rule decides from them.
//
// The inputs: taylor_element1 (fine, α = 1) and taylor_vector (coarse, α = 0). Per layer the mix
// α·fine + (1 − α)·coarse·(Σ|fine| / Σ|coarse|) ranks the layer's units; α runs over a grid that
// holds both endpoints, so each input itself is a candidate. The units a mix removes are those
// the TARGET plan removes (its per-layer ratios, attention unit and rounding: resolvePlan's
// local rule), so a layer is judged by the cut the plan will make:
//  1. the calibration loss of each input's whole plan (every layer cut as that input says);
//     the better input is the start (α_start = 1 or 0; element1 on a tie);
//  2. per layer i, the loss of every α's cut of layer i with every other layer cut as the
//     start says (the pruned model's context, not the dense one); α moves off α_start only
//     when its loss is lower by more than kFusionTolerance (relative);
//  3. the calibration loss of the fused plan (every layer at its α). If it is not ≤ both
//     inputs' losses, the scores ARE the better input's (fusion falls back, and says so).
// So the fused plan's calibration loss never exceeds either input's on the probe samples.
// Torch-free header.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/arch/model_config.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"

namespace pb {

class MaskGuard;

inline constexpr double kFusionAlphas[] = {0.0, 0.25, 0.5, 0.75, 1.0};
inline constexpr int64_t kFusionProbeSamples = 32;  // the first calibration samples the losses are measured on
inline constexpr double kFusionTolerance = 1e-6;    // relative: a smaller gain keeps α_start
inline constexpr double kFusionDefaultRatio = 0.25; // target without a plan: this ratio of KV groups and channels

// The plan fused scores are chosen for: `plan` when given (scoring a pruning step: its ratios,
// attention unit, rounding and explicit keeps), else a uniform plan at `default_ratio` of KV
// groups and MLP channels on LLM-Pruner's default width layers (core/prune/sweep.h's
// defaultWidthLayers). Throws pb::Error when `plan` does not fit `c`.
PruningPlan fusionTarget(const ModelConfig& c, const std::optional<PruningPlan>& plan,
                         double default_ratio = kFusionDefaultRatio);

// One layer's mix: alpha·fine + (1 − alpha)·coarse·(Σ|fine| / Σ|coarse|). alpha = 1 is `fine`
// exactly; alpha = 0 is `coarse` rescaled (the same order). Throws when the sizes differ.
std::vector<double> fusionMix(const std::vector<double>& fine, const std::vector<double>& coarse, double alpha);

// What one layer's cut removes: query heads (every head of a removed KV group) and MLP
// channels, ascending.
struct FusionMask {
    std::vector<int64_t> heads, channels;
    bool empty() const { return heads.empty() && channels.empty(); }
    bool operator==(const FusionMask&) const = default;
};

// The units `target` removes from `layer` when that layer is ranked by the mix at `alpha`
// (resolvePlan on the target with that layer alone, local ranking).
FusionMask fusionMask(const ModelConfig& c, const PruningPlan& target, const WidthScores& fine,
                      const WidthScores& coarse, size_t layer, double alpha);
// Every layer's cut with layer i at alphas[i].
std::vector<FusionMask> fusionPlanMasks(const ModelConfig& c, const PruningPlan& target, const WidthScores& fine,
                                        const WidthScores& coarse, const std::vector<double>& alphas);
// Masks one layer's cut through `guard` (heads only when the layer has attention, channels
// only with an MLP): the masked model's output equals the cut model's.
void applyFusionMask(MaskGuard& guard, size_t layer, const LayerDims& d, const FusionMask& mask);

// Per layer: the distinct cuts of the grid (masks) and which one each alpha gives (of_alpha,
// indexed like kFusionAlphas).
struct FusionCandidates {
    std::vector<FusionMask> masks;
    std::vector<size_t> of_alpha;
};
std::vector<FusionCandidates> fusionCandidates(const ModelConfig& c, const PruningPlan& target,
                                               const WidthScores& fine, const WidthScores& coarse);

// What a scorer measures for the rule, each on the same probe samples (their mean next-token loss).
class FusionLosses {
public:
    virtual ~FusionLosses() = default;
    // The loss with every layer i cut by plans[k][i], for each k.
    virtual std::vector<double> planLosses(const std::vector<std::vector<FusionMask>>& plans) = 0;
    // [layer][candidate]: the loss with layer i cut by candidates[i].masks[j] and every other
    // layer by context[l]. Only the pairs with want[i][j] set are measured (the others: any value).
    virtual std::vector<std::vector<double>> layerLosses(const std::vector<FusionMask>& context,
                                                         const std::vector<FusionCandidates>& candidates,
                                                         const std::vector<std::vector<bool>>& want) = 0;
};

// The whole rule (steps 1-3 above): the fused scores (criterion unset, hidden = fine's) with
// fusion_alpha per layer and the fusion report. probe_samples: how many samples `losses` uses.
WidthScores fuseScores(const ModelConfig& c, const PruningPlan& target, const WidthScores& fine,
                       const WidthScores& coarse, FusionLosses& losses, int64_t probe_samples);

} // namespace pb
