#pragma once
// The workbench's long jobs (scoring, prune + compare, width-vs-depth sweep) as plain
// functions: inputs by value, results by value, progress/cancel through pb::ProgressFn.
// They run on JobRunner's worker thread. This header is torch-free; WorkbenchJobs.cpp is
// the only workbench file that compiles against libtorch.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/bench/latency.h"
#include "core/evalzs/harness.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/prune/compare.h"
#include "core/recover/defaults.h"
#include "core/report/results.h"
#include "core/util/progress.h"
#include "ui/jobs/ModelPtr.h"

namespace pb::ui::jobs {

using CalibrationSpec = pb::CalibrationSpec;  // core/prune/compare.h

// Where a score job computes: in memory on the loaded model, or streamed block by block from
// the model's file (core/stream) when the criterion's gradients and activations do not fit
// beside the loaded weights (core/stream/scoring_fit). Always / Never force one (tests).
enum class Streaming { Auto, Always, Never };

struct ScoreRequest {
    CalibrationSpec calib;
    Streaming streaming = Streaming::Auto;
    std::string width_criterion;  // empty: no width scores
    std::string aggregation = pb::aggregationName(pb::defaults::kAggregation);
    std::string block_criterion;  // empty: no block scores
    // fusion: the plan its per-layer mix is chosen for (pb::ScoreOptions::fusion_plan; unset: core's default cut)
    std::optional<pb::PruningPlan> fusion_plan;
};

struct ScoreResult {
    std::optional<pb::WidthScores> width;
    std::optional<pb::BlockScores> blocks;
    // The criteria scored from the file instead of in memory, and why (for the status line).
    struct Streamed {
        std::string criterion;     // "taylor_element1"
        bool asked = false;        // Streaming::Always
        uint64_t need_bytes = 0;   // in memory, beside the weights (core/stream/scoring_fit)
        int64_t free_bytes = -1;   // free on the device (-1: unknown)
        std::string device;        // "cuda:0"
    };
    std::vector<Streamed> streamed;
};

ScoreResult score(const ModelPtr& model, const ScoreRequest& request, const pb::ProgressFn& progress);

// The comparison is core's (core/prune/compare.h): the request, its variants and result.
using Variant = pb::CompareVariant;
using CompareRequest = pb::CompareRequest;
using CompareResult = pb::CompareResult;

// Width variant: the plan's width part (or, for a depth-only plan, a uniform width plan
// removing the same fraction). Depth variant: the plan's dropped blocks (or, for a
// width-only plan, the least important blocks removing about the same fraction).
CompareResult compare(const ModelPtr& model, const CompareRequest& request, const pb::ProgressFn& progress);

struct SweepRequest {
    std::vector<std::string> criteria;  // width and block criteria
    std::vector<double> fractions;
    CalibrationSpec calib;
    std::string aggregation = pb::aggregationName(pb::defaults::kAggregation);
    std::string ppl_text = pb::defaults::kPplText;
    int64_t ppl_windows = pb::defaults::kGuiPplWindows;
    // Built-in zero-shot tasks (core/evalzs/pack.h) scored at every point with task_items items
    // each (the Charts tab's accuracy curves); empty: perplexity only.
    std::vector<std::string> tasks;
    int64_t task_items = 0;
    pb::zs::Harness harness = pb::zs::Harness::LmEval;  // the tasks' encoding rules (File › Zero-shot Harness)
    // Before vs after LoRA: with recover_steps > 0 (and tasks), every point's model is then
    // recovered with LoRA on recovery_text and measured again (core/prune/size_sweep.h
    // recoverSweepPoints), the same recipe for every point.
    int64_t recover_steps = 0;
    std::string recovery_text = pb::defaults::kRecoveryText;
    int64_t recover_cutoff = pb::defaults::kGuiCutoff;  // tokens per training window
};

using SweepPointData = pb::SweepPoint;  // core/report/results.h
using SweepRow = pb::SizeRow;           // a point before and after LoRA (core/report/results.h)

struct SweepResult {
    std::vector<SweepPointData> points;  // dense first
    std::vector<SweepRow> recovered;     // dense first, then every point without an error; empty: no LoRA
    int64_t recover_steps = 0;
};

// on_point / on_row are called on the worker thread as each point is measured / recovered.
SweepResult sweep(const ModelPtr& model, const SweepRequest& request, const pb::ProgressFn& progress,
                  const std::function<void(const SweepPointData&)>& on_point = {},
                  const std::function<void(const SweepRow&)>& on_row = {});

// Measured latency (core/bench/latency.h): random weights of each shape on the device, every
// point cached per shape, device, dtype and CPU threads (in memory and on disk).
using LatencyShape = pb::LatencyShape;
using LatencyOptions = pb::LatencyOptions;
std::vector<pb::LatencyProfile> measureLatency(const std::vector<LatencyShape>& shapes, const LatencyOptions& options,
                                               const pb::ProgressFn& progress);
// What the cache holds (nothing measured; quick: for the GUI thread).
pb::LatencyProfile cachedLatency(const LatencyShape& shape, const LatencyOptions& options);
std::string latencyShapeKey(const pb::ModelConfig& shape);

// pb::subProgress (core/util/progress.h) maps a job's progress into [lo, hi] of an outer one.

} // namespace pb::ui::jobs
