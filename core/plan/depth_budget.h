#pragma once
// How many whole blocks a depth plan drops to remove a fraction of the parameters: the one
// rule behind prune/stream --target-params, the sweep, the plan totals' "equal depth plan"
// and the Compare depth variant. It sums the actual sizes of the blocks in their removal
// order, so it is exact when blocks differ (a width-pruned model, sub-block plans), not
// only when they are all alike. Torch-free.
#include <cstdint>
#include <vector>

#include "core/arch/model_config.h"

namespace pb {

struct DepthBudget {
    int64_t blocks = 0;            // how many blocks of the order are dropped
    std::vector<int64_t> dropped;  // those blocks, ascending
    double removed_fraction = 0.0; // of all parameters
};

// Of n = 0 .. order.size(): the first n blocks of `order` (removal order, each index once)
// whose removal comes closest to `fraction` of the model's parameters; on a tie, fewer
// blocks. Throws pb::Error for an index out of range or given twice.
DepthBudget depthBudget(const ModelConfig& model, double fraction, const std::vector<int64_t>& order);

// A bound on depthBudget(model, fraction, order).blocks for every order (the count whose
// smallest blocks first reach `fraction`): known before the blocks are scored (SLEB's
// greedy order length).
int64_t maxBlocksForParamFraction(const ModelConfig& model, double fraction);

// True when depthBudget(model, fraction, order).blocks is 0 for every order: each block alone
// removes at least twice `fraction` of the parameters (closer to none than to one). Known
// before the blocks are scored, so that a budget meaning no block is refused without scoring.
bool paramFractionDropsNoBlock(const ModelConfig& model, double fraction);

} // namespace pb
