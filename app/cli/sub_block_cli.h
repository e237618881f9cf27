#pragma once
// Sub-block depth units on the command line (core/plan/sub_block.h): --depth-unit block|sub-block
// for score and prune, prune --remove-sub-blocks 5:attn,7:mlp, and what a sub-block criterion's
// scores make of --drop-blocks N / --target-params F.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "app/cli/args.h"
#include "core/model/loader.h"
#include "core/plan/sub_block.h"
#include "core/prune/importance.h"

namespace pbcli {

OptionSpec depthUnitOption();
OptionSpec removeSubBlocksOption();

// --depth-unit (default block). UsageError for an unknown name, or sub-block with a width criterion.
pb::DepthUnit depthUnitArg(const Args& args, pb::Criterion criterion);

// The removal order of `scores` without the sub-blocks of the first `protect_first` and last
// `protect_last` layers (Taylor+'s heuristic, --plus).
std::vector<pb::SubBlockRef> droppableSubBlockOrder(const pb::SubBlockScores& scores, int64_t layers,
                                                    int64_t protect_first, int64_t protect_last);

// The sub-blocks that --drop-blocks N (the first N of the order) or --target-params F (the
// closest prefix, core's subBlockBudget) remove. UsageError when that is none, or fewer are droppable.
std::vector<pb::SubBlockRef> subBlocksToRemove(const Args& args, const pb::ModelConfig& c,
                                               const std::vector<pb::SubBlockRef>& order);

// prune's plan for --remove-sub-blocks LIST, or --depth-unit sub-block with --drop-blocks N /
// --target-params F (scored: the sub-block scores). `modes`: how many of --plan, --width-ratio,
// --drop-blocks, --target-params, --remove-sub-blocks were given (one, else UsageError), `hidden`:
// --hidden-ratio (refused with sub-blocks).
pb::PruningPlan subBlockPlanFromArgs(const Args& args, pb::LoadedModel& m, const pb::ScoreOptions& so,
                                     const std::function<pb::Calibration()>& calib, const pb::ProgressFn& progress,
                                     int modes, double hidden, std::optional<pb::SubBlockScores>& scored);

// score's table: one line per layer with its attention's and its MLP's score (and the order).
void printSubBlockScores(const pb::SubBlockScores& scores);

} // namespace pbcli
