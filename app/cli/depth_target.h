#pragma once
// --target-params F with a depth criterion (prune, stream): the blocks to drop, counted by
// the one rule of core/plan/depth_budget.h over the scores' removal order.
#include <cstdint>
#include <vector>

#include "app/cli/args.h"
#include "core/arch/model_config.h"
#include "core/plan/scores.h"

namespace pbcli {

// The blocks (ascending) whose removal comes closest to F of the parameters. UsageError
// when that is no block or every block; pb::Error when it is more than the protected
// first/last blocks leave.
std::vector<int64_t> depthBlocksForTarget(const Args& args, const pb::ModelConfig& c, const pb::BlockScores& scores,
                                          int64_t protect_first, int64_t protect_last);

} // namespace pbcli
