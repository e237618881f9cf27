#include "app/cli/depth_target.h"

#include "app/cli/option_limits.h"
#include "core/plan/depth_budget.h"

namespace pbcli {

namespace {

[[noreturn]] void refuseBlocks(const Args& args, const pb::ModelConfig& c, int64_t blocks) {
    const int64_t n_blocks = c.numLayers();
    throw UsageError("--target-params " + args.get("target-params") + " means dropping " + std::to_string(blocks) +
                     " blocks; it must be from 1 to " + std::to_string(n_blocks - 1) + " (the model has " +
                     std::to_string(n_blocks) + " blocks and keeps at least one)");
}

} // namespace

void checkDepthTargetBeforeScoring(const Args& args, const pb::ModelConfig& c) {
    if (pb::paramFractionDropsNoBlock(c, args.getDouble("target-params", 0, limits::kOpenFraction)))
        refuseBlocks(args, c, 0);
}

std::vector<int64_t> depthBlocksForTarget(const Args& args, const pb::ModelConfig& c, const pb::BlockScores& scores,
                                          int64_t protect_first, int64_t protect_last) {
    const double f = args.getDouble("target-params", 0, limits::kOpenFraction);
    const int64_t blocks = pb::depthBudget(c, f, pb::droppableBlockOrder(scores, protect_first, protect_last)).blocks;
    if (blocks < 1 || blocks >= c.numLayers()) refuseBlocks(args, c, blocks);
    return pb::blocksToDrop(scores, blocks, protect_first, protect_last);
}

} // namespace pbcli
