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

#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/util/progress.h"
#include "ui/jobs/ModelPtr.h"

namespace pb::ui::jobs {

struct CalibrationSpec {
    std::string text = "demo:sotu";
    int64_t samples = 10;
    int64_t seq_len = 128;
    uint64_t seed = 0;
};

struct ScoreRequest {
    CalibrationSpec calib;
    std::string width_criterion;  // empty: no width scores
    std::string aggregation = "sum";
    std::string block_criterion;  // empty: no block scores
};

struct ScoreResult {
    std::optional<pb::WidthScores> width;
    std::optional<pb::BlockScores> blocks;
};

ScoreResult score(const ModelPtr& model, const ScoreRequest& request, const pb::ProgressFn& progress);

// One model of the comparison (original, width-pruned or depth-pruned).
struct Variant {
    bool ok = false;
    std::string error;
    int64_t params = 0;
    int64_t macs = 0;              // per 128-token forward
    int64_t blocks = 0;            // decoder blocks left
    double removed_fraction = 0.0;
    double ppl = 0.0;
    double ppl_seconds = 0.0;
    std::string generation;
    double tokens_per_s = 0.0;
    pb::PruningPlan plan;          // resolved (empty for the original)
};

struct CompareRequest {
    pb::PruningPlan plan;          // the editor's plan; its width part and its dropped blocks
    CalibrationSpec calib;
    std::string width_criterion = "taylor_element1";
    std::string aggregation = "sum";
    std::string block_criterion = "block_bi";
    std::optional<pb::BlockScores> block_scores;  // reused when already computed
    std::string ppl_text = "demo:moby-dick";
    int64_t ppl_windows = 20;
    std::string prompt = "The old sailor looked at the sea and";
    int64_t gen_tokens = 32;
};

struct CompareResult {
    Variant original, width, depth;
    double target_fraction = 0.0;  // the parameter budget both pruned models aim at
};

// Width variant: the plan's width part (or, for a depth-only plan, a uniform width plan
// removing the same fraction). Depth variant: the plan's dropped blocks (or, for a
// width-only plan, the least important blocks removing about the same fraction).
CompareResult compare(const ModelPtr& model, const CompareRequest& request, const pb::ProgressFn& progress);

struct SweepRequest {
    std::vector<std::string> criteria;  // width and block criteria
    std::vector<double> fractions;
    CalibrationSpec calib;
    std::string aggregation = "sum";
    std::string ppl_text = "demo:moby-dick";
    int64_t ppl_windows = 20;
};

struct SweepPointData {
    std::string criterion;  // "dense" for the baseline
    bool depth = false;
    double target = 0.0;
    double removed_fraction = 0.0;
    int64_t params = 0;
    double ppl = 0.0;
    std::string error;
};

// on_point is called on the worker thread as each point is measured.
std::vector<SweepPointData> sweep(const ModelPtr& model, const SweepRequest& request, const pb::ProgressFn& progress,
                                  const std::function<void(const SweepPointData&)>& on_point = {});

// Maps a job's progress into [lo, hi] of an outer progress.
pb::ProgressFn subProgress(const pb::ProgressFn& outer, double lo, double hi);

} // namespace pb::ui::jobs
