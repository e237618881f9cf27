#pragma once
// --target-params F with a depth criterion (prune, stream): the blocks to drop, counted by
// the one rule of core/plan/depth_budget.h over the scores' removal order.
#include <cstdint>
#include <vector>

#include "app/cli/args.h"
#include "core/arch/model_config.h"
#include "core/plan/scores.h"

namespace pbcli {

// Before scoring: UsageError (as depthBlocksForTarget's) when --target-params F means dropping no
// block whatever the scores say (every block alone removes at least 2F of the parameters).
void checkDepthTargetBeforeScoring(const Args& args, const pb::ModelConfig& c);

// The blocks (ascending) whose removal comes closest to F of the parameters, counted over the
// blocks the protected first/last leave droppable (so at most those). UsageError when that is
// no block or every block.
std::vector<int64_t> depthBlocksForTarget(const Args& args, const pb::ModelConfig& c, const pb::BlockScores& scores,
                                          int64_t protect_first, int64_t protect_last);

} // namespace pbcli
