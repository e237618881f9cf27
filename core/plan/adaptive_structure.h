#pragma once
// FLAP's adaptive structure ("AL-AM": adaptive across layers and modules; An et al., arXiv
// 2312.11983, the reference code's prune_flap): the standardised scores of every attention
// unit and MLP channel of the pruned layers go into one pool, sorted, and one threshold removes
// the lowest until the removed parameters match the budget; each unit weighs what it costs
// (FLAP: a head 4·H·hd, a channel 3·H, its "512/3"). Each layer so ends with its own ratio.
// Here the budget is what the plan's ratios would remove (`--target-params` sets them), a
// layer keeps at least one KV group and round_to MLP channels, and the units are KV groups.
// Torch-free (the planner and the GUI read it).
#include <cstdint>
#include <vector>

#include "core/arch/model_config.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"

namespace pb {

struct AdaptiveRemovals {
    std::vector<int64_t> attention;  // per layer: KV groups removed
    std::vector<int64_t> mlp;        // per layer: MLP channels removed (before rounding to round_to)
    int64_t target_params = 0;       // what the plan's ratios remove from the pruned sublayers
    int64_t removed_params = 0;      // what these removals remove
};

// The parameters one KV group (attention) or one MLP channel of layer i carries.
int64_t attentionUnitParams(const ModelConfig& model, size_t i);
int64_t mlpChannelParams(const ModelConfig& model, size_t i);

// The removals of the adaptive ranking for the layers whose ratios are set and not yet
// resolved. Throws pb::Error when scores do not fit the model.
AdaptiveRemovals adaptiveRemovals(const ModelConfig& model, const PruningPlan& plan, const WidthScores& scores);

} // namespace pb
