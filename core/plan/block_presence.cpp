#include "core/plan/block_presence.h"

#include "core/util/error.h"

namespace pb {

int64_t liveBlocks(const ModelConfig& c) {
    int64_t n = 0;
    for (const LayerDims& d : c.layers)
        if (d.hasAttention() || d.hasMlp()) ++n;
    return n;
}

bool hasComputingBlock(const ModelConfig& c) { return liveBlocks(c) > 0; }

void requireScorableBlocks(const ModelConfig& c, const std::string& what) {
    if (hasComputingBlock(c)) return;
    throw Error(what + " has no attention and no MLP in any of its " + std::to_string(c.numLayers()) +
                " blocks (each has 0 heads and 0 MLP channels): there are no weights to score or prune");
}

void requirePlanKeepsBlocks(const ModelConfig& model, const PruningPlan& plan) {
    if (!hasComputingBlock(model)) return;  // nothing to lose (scoring refuses such a model)
    if (hasComputingBlock(prunedConfig(model, plan))) return;
    throw Error("the plan removes every block that has attention or an MLP (the blocks left have 0 heads and 0 "
                "MLP channels): the pruned model would compute nothing; drop fewer blocks");
}

} // namespace pb
