#pragma once
// The results the jobs produce, one type each, torch-free: core computes them, the CLI
// prints them (text and --json) and writes them into reports, the GUI shows and charts them.
// No field-by-field copies of these anywhere else.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/plan/plan.h"

namespace pb {

// One point of a width-vs-depth sweep (core/prune/sweep.h): a criterion pruned to a
// fraction of the parameters, and its perplexity.
struct SweepPoint {
    std::string criterion;          // "dense" for the unpruned baseline
    bool depth = false;
    double target = 0.0;            // requested fraction of parameters removed
    double removed_fraction = 0.0;  // achieved
    int64_t params = 0;
    double ppl = 0.0;
    double score_seconds = 0.0;     // scoring time of this criterion (shared by its points)
    double eval_seconds = 0.0;
    std::vector<int64_t> dropped_blocks;
    std::string error;              // non-empty when this point could not be built

    // "dense", "depth" or "width".
    std::string kind() const { return criterion == "dense" ? "dense" : depth ? "depth" : "width"; }
};

// One model of a width-vs-depth comparison (core/prune/compare.h): original, width-pruned
// or depth-pruned.
struct CompareVariant {
    bool ok = false;
    std::string error;              // why this variant could not be built or measured
    int64_t params = 0;
    int64_t macs = 0;               // per 128-token forward
    int64_t blocks = 0;             // live blocks (core/plan/block_presence.h)
    double removed_fraction = 0.0;  // of the original's parameters
    double latency_ratio = 1.0;     // core/plan/latency_estimate.h, original = 1
    double ppl = 0.0;
    double ppl_seconds = 0.0;
    std::string generation;         // greedy continuation of the prompt
    double tokens_per_s = 0.0;
    PruningPlan plan;               // resolved against the original (empty for the original)
};

struct CompareResult {
    CompareVariant original, width, depth;
    double target_fraction = 0.0;   // the parameter budget both pruned models aim at
};

// One step of LoRA recovery (core/recover/train.h): its losses, learning rate and speed.
struct LossPoint {
    int64_t step = 0;          // optimizer step (1-based); 0 = before training
    double train_loss = NAN;   // mean over the step's supervised tokens (NaN at step 0)
    double val_loss = NAN;     // NaN when not evaluated at this step
    double lr = 0.0;
    double tokens_per_s = 0.0; // tokens (pads excluded) per second so far
};

// The zero-shot accuracy of one task (core/evalzs/tasks.h).
struct TaskMetrics {
    std::string task;
    int64_t n = 0;
    double acc = 0.0, acc_stderr = 0.0;
    double acc_norm = 0.0, acc_norm_stderr = 0.0;  // = acc when the task has no acc_norm
    bool has_acc_norm = true;
    double seconds = 0.0;
};

} // namespace pb
