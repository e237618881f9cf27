#pragma once
// The pruning pipeline: score -> resolve the plan -> apply, optionally in k iterative
// steps that re-score the shrinking model (step i prunes to ratio * i / k). The result
// carries a plan resolved against the ORIGINAL model, so replaying it reproduces the
// pruned model exactly without scoring again.
#include <memory>

#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/prune/importance.h"

namespace pb {

class LlamaModel;

struct PruneResult {
    std::shared_ptr<LlamaModel> model;  // the pruned model (the original is untouched)
    PruningPlan plan;                   // resolved against the original model
    WidthScores last_scores;            // scores of the last step (empty when nothing was scored)
    int64_t params_before = 0, params_after = 0;
    int64_t macs_before = 0, macs_after = 0;  // per 128-token forward
    double seconds = 0.0;
};

// A resolved plan is applied directly; ratios are resolved with `options.criterion`
// scores on `calib`. Throws pb::Error / pb::Cancelled; the original is never modified.
PruneResult prune(LlamaModel& original, const PruningPlan& plan, const Calibration& calib,
                  const ScoreOptions& options, const ProgressFn& progress = {});

} // namespace pb
