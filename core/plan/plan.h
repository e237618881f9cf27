#pragma once
// A pruning plan: a plain value (JSON) that says what to remove. It is either
// "ratio" form (fractions per layer, to be resolved against importance scores) or
// "resolved" form (explicit kept unit indices), which replays exactly on the
// original model. Torch-free: the GUI edits plans directly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/arch/model_config.h"
#include "core/plan/criteria.h"
#include "core/plan/defaults.h"

namespace pb {

struct LayerPlan {
    double attention_ratio = 0.0;  // fraction of attention units removed
    double mlp_ratio = 0.0;        // fraction of MLP channels removed
    // Resolved form: the units kept, ascending. For attention_unit Group these are
    // KV groups; for Head they are query heads (the same count in every KV group).
    std::optional<std::vector<int64_t>> attention_keep;
    std::optional<std::vector<int64_t>> mlp_keep;
    // Bias compensation (PruningPlan::compensatesBiases): the calibration mean of every input
    // channel of o_proj ([n_heads*head_dim]) and of down_proj ([ffn]) of the ORIGINAL layer, as
    // measured when the channel was removed (iterative plans) or scored; the cut adds
    // W[:, removed] · mean[removed] to the projection's output bias. Empty: cut without it.
    std::vector<double> o_proj_input_mean;
    std::vector<double> down_proj_input_mean;
};

struct PruningPlan {
    // In JSON by their stable names (core/plan/criteria.h); defaults: core/plan/defaults.h.
    Criterion criterion = defaults::kWidthCriterion;
    Aggregation aggregation = defaults::kAggregation;
    AttentionUnit attention_unit = defaults::kAttentionUnit;  // Group (whole KV groups) or Head (query heads per group)
    // "local": each layer its ratio; "global": one threshold per module (attention, MLP);
    // "adaptive": FLAP's AL-AM structure, one threshold over the standardised scores of the
    // attention units and MLP channels of every pruned layer together, weighted by their
    // parameters, removing as many parameters as the ratios would (flap only).
    std::string ranking = "local";
    int64_t round_to = 1;              // kept widths rounded to a multiple of this (MLP channels)
    int iterative_steps = 1;           // re-score between steps
    std::vector<LayerPlan> layers;     // one per layer of the original model
    std::vector<int64_t> dropped_blocks;  // depth pruning: whole layers removed
    // Sub-block depth pruning (BlockPruner, core/plan/sub_block.h): the layers whose attention
    // (every head and KV group, o_proj and its norms) or whose MLP (every channel) is removed;
    // the residual stream passes by. Ascending; a layer is never in both (that is a dropped
    // block) nor in dropped_blocks. In JSON only when non-empty.
    std::vector<int64_t> dropped_attention;
    std::vector<int64_t> dropped_mlp;
    // FLAP's bias compensation (core/prune/bias_compensation.h): fold the calibration mean of
    // the removed input channels of o_proj/down_proj into their output bias. Unset: the
    // criterion's default (CriterionInfo::bias_compensation: on for flap).
    std::optional<bool> bias_compensation;
    double hidden_ratio = 0.0;         // fraction of hidden channels removed (global)
    std::optional<std::vector<int64_t>> hidden_keep;
    // Calibration used to score (informational, for replay reports).
    std::string calibration;
    int64_t samples = defaults::kCalibrationSamples;
    int64_t seq_len = defaults::kCalibrationSeqLen;

    bool resolved() const;  // every removal is given as explicit indices
    bool compensatesBiases() const;  // bias_compensation, or the criterion's default
    bool empty() const;     // removes nothing

    nlohmann::json toJson() const;
    static PruningPlan fromJson(const nlohmann::json& j);  // throws pb::Error
    static PruningPlan load(const std::string& path);
    void save(const std::string& path) const;  // atomic

    // Refuses, with a clear message, a plan that does not fit the model, empties a
    // layer, breaks head/GQA alignment or has ratios out of [0, 1).
    void validate(const ModelConfig& model) const;
};

// Plans from a few knobs. Layers outside [first, last] are kept whole. A layer whose attention
// is one unit of `unit` (one KV head in group mode: Gemma 3 270M) keeps it, since a plan may not
// empty a block's attention; its MLP channels are still pruned.
PruningPlan uniformWidthPlan(const ModelConfig& model, double attention_ratio, double mlp_ratio, int first = 0,
                             int last = -1, AttentionUnit unit = AttentionUnit::Group);
PruningPlan depthPlan(const ModelConfig& model, const std::vector<int64_t>& dropped);

// Whether the pruned model carries an o_proj (attention) or down_proj (MLP) bias that layer
// `i` lacks before: bias compensation on, the layer's sublayer cut, and its means given (or to
// be measured, for a ratio not yet resolved). prunedConfig sets o_bias / down_bias from these.
bool compensatesAttention(const ModelConfig& model, const PruningPlan& plan, size_t i);
bool compensatesMlp(const ModelConfig& model, const PruningPlan& plan, size_t i);

// Units a ratio removes in a layer (after rounding), the rule resolve() applies.
int64_t unitsRemoved(int64_t units, double ratio, int64_t round_to);

// The config after the plan: exact for resolved plans, from the ratios otherwise.
ModelConfig prunedConfig(const ModelConfig& model, const PruningPlan& plan);

// Fraction of all parameters the plan removes.
double removedParamFraction(const ModelConfig& model, const PruningPlan& plan);

// The width ratio r (same for attention and MLP in layers [first, last]) whose plan
// removes closest to `fraction` of the parameters, together with a hidden cut of
// `hidden_ratio` (0: none). Throws when it is unreachable (the hidden cut alone removing
// more, say).
double widthRatioForParamFraction(const ModelConfig& model, double fraction, int first, int last,
                                  AttentionUnit attention_unit, int64_t round_to, double hidden_ratio = 0.0);

// The hidden ratio (LLM-Pruner's channel strategy, PruningPlan::hidden_ratio) whose hidden-only
// plan removes closest to `fraction` of the parameters, with hidden widths rounded to
// `round_to`. Throws when it is unreachable.
double hiddenRatioForParamFraction(const ModelConfig& model, double fraction, int64_t round_to = 1);

} // namespace pb
