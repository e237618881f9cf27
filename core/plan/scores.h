#pragma once
// Importance scores as plain numbers (higher = more important), torch-free so that the
// GUI's heatmaps and the planner read them without libtorch.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/arch/model_config.h"
#include "core/plan/criteria.h"
#include "core/plan/plan.h"

namespace pb {

// How adaptive fusion chose each layer's mix (core/prune/fusion_rule.h): the plan it was chosen
// for and the calibration losses it compared (mean next-token loss on the probe samples).
struct FusionReport {
    AttentionUnit attention_unit = AttentionUnit::Group;  // the target plan's
    std::vector<double> attention_ratio, mlp_ratio;       // per layer, the target plan's ratios
    std::vector<bool> tested;  // per layer: the grid's alphas cut it differently (else alpha stays at the start)
    double start_alpha = 1.0;  // the better input's plan: 1 = taylor_element1, 0 = taylor_vector
    double loss_element1 = 0.0, loss_vector = 0.0;  // each input's whole plan
    double loss_fused = 0.0;   // the per-layer choices' plan (before the fallback check; = the start's when none moved)
    int64_t layers_moved = 0;  // layers whose choice left the start alpha (before the fallback check)
    bool fell_back = false;    // it lost to the better input: the scores are that input's
    int64_t probe_samples = 0;
};

struct WidthScores {
    std::optional<Criterion> criterion;      // unset: scores of no catalogued criterion (tests, hand-made)
    std::optional<Aggregation> aggregation;
    std::vector<std::vector<double>> attention_groups;  // per layer: per KV group
    std::vector<std::vector<double>> attention_heads;   // per layer: per query head
    std::vector<std::vector<double>> mlp;               // per layer: per MLP channel
    std::vector<double> hidden;                         // per hidden channel (empty if not scored)
    std::vector<double> fusion_alpha;                   // per layer (adaptive fusion only): 1 = element1, 0 = vector
    std::optional<FusionReport> fusion;                 // adaptive fusion only
    // Per layer: the calibration mean of each input channel of o_proj ([n_heads*head_dim]) and
    // of down_proj ([ffn]), for bias compensation (wanda_sp and flap measure them; empty else).
    std::vector<std::vector<double>> attn_input_mean, mlp_input_mean;
    double seconds = 0.0;
    nlohmann::json toJson() const;
};

struct BlockScores {
    std::optional<Criterion> criterion;
    std::vector<double> scores;   // per layer, higher = more important
    std::vector<int64_t> order;   // removal order when the criterion is iterative (SLEB), else empty
    double seconds = 0.0;
    nlohmann::json toJson() const;
};

// Turns ratios into explicit kept indices using scores (local or global ranking).
// Layers that already carry indices are left alone. Throws pb::Error on a mismatch.
PruningPlan resolvePlan(const ModelConfig& model, const PruningPlan& plan, const WidthScores& scores);

// The n least important blocks (by `order` when given). protect_first/last keep the
// first and last blocks (Taylor+ "+" heuristic: 4 and 2).
std::vector<int64_t> blocksToDrop(const BlockScores& scores, int64_t n, int64_t protect_first = 0,
                                  int64_t protect_last = 0);

// Every block, in the order blocksToDrop takes them: the droppable ones first (by `order`
// when given, else by score), then those it may not drop (protected, or past SLEB's order)
// by score. blocksToDrop(scores, n, ...) is the first n of it, sorted. droppable: how many
// come first.
std::vector<int64_t> blockRemovalOrder(const BlockScores& scores, int64_t protect_first = 0, int64_t protect_last = 0,
                                       int64_t* droppable = nullptr);

// The droppable prefix of blockRemovalOrder: the blocks blocksToDrop may take, in its order.
// The order depthBudget (core/plan/depth_budget.h) counts blocks in, so that the count it picks
// can always be dropped.
std::vector<int64_t> droppableBlockOrder(const BlockScores& scores, int64_t protect_first = 0,
                                         int64_t protect_last = 0);

} // namespace pb
