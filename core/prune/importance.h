#pragma once
// Importance scoring: every criterion is a strategy behind one entry point per kind
// (width units or whole blocks). The catalogue (names, explanations, scorer family):
// core/plan/criteria.h; the family -> function table: core/prune/scorers.cpp.
#include <cstdint>
#include <optional>
#include <string>

#include "core/dist/world.h"
#include "core/plan/defaults.h"
#include "core/plan/scores.h"
#include "core/plan/sub_block.h"
#include "core/prune/calibration.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;

struct ScoreOptions {
    Criterion criterion = defaults::kWidthCriterion;
    Aggregation aggregation = defaults::kAggregation;  // how member scores combine into a group score
    int64_t batch = 2;                // calibration samples per forward/backward pass
    uint64_t seed = 0;                // random criterion
    // fusion: the plan its per-layer mix is chosen for (pruning sets each step's plan: its ratios,
    // attention unit and rounding); unset: kFusionDefaultRatio of KV groups and MLP channels on
    // the default width layers (core/prune/fusion_rule.h).
    std::optional<PruningPlan> fusion_plan;
    int64_t sleb_steps = 0;           // SLEB / BlockPruner: removal order length (0 = a quarter of the blocks / sub-blocks)
    bool score_hidden = false;        // also score hidden channels (a global group)
    // Data parallel (core/dist): every rank scores its shard of the calibration samples and the
    // accumulated statistics are summed across the ranks before the scores are formed, so every
    // rank returns one process's scores. Null: one process.
    dist::World* world = nullptr;
};

// Scores attention groups, query heads, MLP channels (and hidden channels) per layer.
// The model's weights are not changed (gradient criteria set and clear requires_grad).
WidthScores scoreWidth(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                       const ProgressFn& progress = {});

// Scores whole blocks (higher = more important).
BlockScores scoreBlocks(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                        const ProgressFn& progress = {});

// Scores every sub-block (a layer's attention alone, its MLP alone; core/plan/sub_block.h) with a
// block criterion (core/prune/sub_block_criteria.cpp): block_ppl (perplexity with it removed),
// block_bi (1 - cos of the residual stream before and after it), block_taylor
// (first-order Taylor of its weights), block_magnitude, and block_sleb, which with sub-blocks is
// BlockPruner's iterative search (options.sleb_steps units; 0 = a quarter of them). The model's
// weights are as before when it returns.
SubBlockScores scoreSubBlocks(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                              const ProgressFn& progress = {});

} // namespace pb
