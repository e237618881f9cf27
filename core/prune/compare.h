#pragma once
// Width vs depth at the same parameter budget: the original, a width-pruned and a
// depth-pruned model, each measured for perplexity, parameters, MACs, live blocks, its
// latency (measured on random weights of its shape, or the estimate) and a greedy generation
// with its speed. One function for the GUI's
// Compare tab (ui/jobs/WorkbenchJobs) and `prunebench-cli compare`.
// It scores only what it is not given: the plan the user built (resolved, with explicit
// kept indices, as the views show it) is cut as it is; width scores resolve a ratio plan,
// block scores rank the blocks of the depth variant; either is computed on the calibration
// only when missing and needed. Torch-free header.
#include <cstdint>
#include <optional>
#include <string>

#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/report/results.h"
#include "core/util/progress.h"

namespace pb {

struct LoadedModel;

// A calibration text and how it is sampled (core/prune/calibration.h makeCalibration).
struct CalibrationSpec {
    std::string text = defaults::kCalibrationText;
    int64_t samples = defaults::kCalibrationSamples;
    int64_t seq_len = defaults::kCalibrationSeqLen;
    uint64_t seed = 0;
};

struct CompareRequest {
    // The plan: its width part becomes the width variant, its dropped blocks the depth
    // variant. A depth-only plan gets a uniform width plan removing the same fraction of the
    // parameters (LLM-Pruner's layer range); a width-only plan gets the least important
    // blocks removing about the same fraction (core/plan/depth_budget.h).
    PruningPlan plan;
    std::optional<WidthScores> width_scores;  // resolve the width ratios (scored when missing)
    std::optional<BlockScores> block_scores;  // rank the blocks (scored when missing)
    CalibrationSpec calib;                    // only for a score that is missing
    Criterion width_criterion = defaults::kWidthCriterion;
    Aggregation aggregation = defaults::kAggregation;
    Criterion block_criterion = defaults::kBlockCriterion;
    std::string ppl_text = defaults::kPplText;
    int64_t ppl_windows = defaults::kGuiPplWindows;  // of defaults::kPplSeqLen tokens
    std::string prompt = "The old sailor looked at the sea and";
    int64_t gen_tokens = 32;
    // Measure each variant's latency (prefill of 128 tokens and decoding at batch 1) on random
    // weights of its shape on the model's device and dtype (core/bench/latency.h, cached per
    // shape); false: the estimate only (core/plan/latency_estimate.h).
    bool measure_latency = true;
};

// Throws pb::Error when no model is loaded or the plan removes nothing; a variant that
// cannot be built or measured carries its error (ok = false). pb::Cancelled from progress.
CompareResult compare(const LoadedModel& model, const CompareRequest& request, const ProgressFn& progress = {});

} // namespace pb
