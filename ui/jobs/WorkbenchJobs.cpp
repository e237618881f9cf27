#include "ui/jobs/WorkbenchJobs.h"

#include <algorithm>
#include <memory>

#include "core/data/assets.h"
#include "core/data/eval_tokens.h"
#include "core/evalzs/builtin.h"
#include "core/model/llama_model.h"
#include "core/plan/criteria.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/prune/size_sweep.h"
#include "core/prune/sweep.h"
#include "core/model/devices.h"
#include "core/stream/scoring_fit.h"
#include "core/stream/streamed_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb::ui::jobs {

namespace {

pb::Calibration calibrationFor(const pb::LoadedModel& m, const CalibrationSpec& spec) {
    return pb::makeCalibration(*m.tokenizer, pb::assets::loadText(spec.text), spec.samples, spec.seq_len, spec.seed);
}

void requireModel(const ModelPtr& model) {
    if (!model || !model->model || !model->tokenizer) throw pb::Error("no model is loaded");
}

// Whether this criterion is scored from the file: forced, or it streams and in memory it
// would not fit (*why says so); a criterion that does not stream stays in memory.
bool streamScoring(const pb::LoadedModel& m, const pb::Calibration& calib, const pb::ScoreOptions& o,
                   Streaming mode, ScoreResult::Streamed* why) {
    const pb::CriterionInfo& info = pb::criterionInfo(o.criterion);
    if (mode == Streaming::Never || !info.streamed) return false;
    why->criterion = info.name;
    why->device = m.model->device().str();
    if (mode == Streaming::Always) {
        why->asked = true;
        return true;
    }
    const pb::ScoringFit fit = pb::scoringFit(*m.model, calib, o);
    why->need_bytes = fit.need_bytes;
    why->free_bytes = fit.free_bytes;
    return !fit.fits;
}

} // namespace

ScoreResult score(const ModelPtr& model, const ScoreRequest& request, const pb::ProgressFn& progress) {
    requireModel(model);
    pb::reportProgress(progress, 0.0, "preparing calibration text");
    const pb::Calibration calib = calibrationFor(*model, request.calib);
    ScoreResult out;
    std::unique_ptr<pb::StreamedModel> streamed;  // opened once, for either criterion
    auto fromFile = [&]() -> pb::StreamedModel& {
        if (!streamed) {
            pb::StreamOptions so;
            so.device = model->model->device().str();
            so.dtype = pb::dtypeName(model->model->dtype());
            streamed = std::make_unique<pb::StreamedModel>(model->source, so);
        }
        return *streamed;
    };
    // Whether this criterion is scored from the file; if so it is recorded and said in the progress line.
    auto streams = [&](const pb::ScoreOptions& o) {
        ScoreResult::Streamed why;
        if (!streamScoring(*model, calib, o, request.streaming, &why)) return false;
        out.streamed.push_back(why);
        pb::ScoringFit fit;
        fit.need_bytes = why.need_bytes;
        fit.free_bytes = why.free_bytes;
        fit.device = why.device;
        pb::reportProgress(progress, 0.0, why.criterion + " streamed block by block from the file" +
                                              (why.asked ? std::string(" (asked for)") : ": in memory it " + fit.sentence()));
        return true;
    };
    const bool both = !request.width_criterion.empty() && !request.block_criterion.empty();
    if (!request.width_criterion.empty()) {
        pb::ScoreOptions o;
        o.criterion = pb::parseCriterion(request.width_criterion);
        o.aggregation = pb::parseAggregation(request.aggregation);
        o.fusion_plan = request.fusion_plan;
        const pb::ProgressFn p = subProgress(progress, 0.0, both ? 0.6 : 1.0);
        out.width = streams(o) ? fromFile().scoreWidth(calib, o, p) : pb::scoreWidth(*model->model, calib, o, p);
    }
    if (!request.block_criterion.empty()) {
        pb::ScoreOptions o;
        o.criterion = pb::parseCriterion(request.block_criterion);
        const pb::ProgressFn p = subProgress(progress, both ? 0.6 : 0.0, 1.0);
        out.blocks = streams(o) ? fromFile().scoreBlocks(calib, o, p) : pb::scoreBlocks(*model->model, calib, o, p);
    }
    return out;
}

CompareResult compare(const ModelPtr& model, const CompareRequest& r, const pb::ProgressFn& progress) {
    requireModel(model);
    return pb::compare(*model, r, progress);
}

SweepResult sweep(const ModelPtr& model, const SweepRequest& r, const pb::ProgressFn& progress,
                  const std::function<void(const SweepPointData&)>& on_point,
                  const std::function<void(const SweepRow&)>& on_row) {
    requireModel(model);
    const bool recovering = r.recover_steps > 0 && r.task_items > 0 && !r.tasks.empty();
    const pb::ProgressFn sweeping = subProgress(progress, 0.0, recovering ? 0.4 : 1.0);
    pb::reportProgress(sweeping, 0.0, "preparing texts");
    const pb::Calibration calib = calibrationFor(*model, r.calib);
    const std::vector<int32_t> ids = pb::evalTokens(*model->tokenizer, r.ppl_text, r.ppl_windows, pb::defaults::kPplSeqLen);
    pb::SweepOptions so;
    for (const std::string& c : r.criteria) so.criteria.push_back(pb::parseCriterion(c));
    so.fractions = r.fractions;
    so.score.aggregation = pb::parseAggregation(r.aggregation);
    so.ppl.seq_len = pb::defaults::kPplSeqLen;
    so.ppl.max_windows = r.ppl_windows;
    if (r.task_items > 0)
        for (const std::string& t : r.tasks) so.tasks.push_back(pb::zs::builtinDemoTask(t, r.task_items));
    so.tokenizer = model->tokenizer.get();
    so.harness = r.harness;
    SweepResult out;
    out.points = pb::sweep(*model->model, calib, ids, so, sweeping, on_point);
    if (!recovering) return out;
    // The same tasks, items and perplexity windows as the points were measured with.
    pb::SizeSweepOptions ro;
    ro.tasks = r.tasks;
    ro.items = r.task_items;
    ro.harness = r.harness;
    ro.ppl_text = r.ppl_text;
    ro.ppl_windows = r.ppl_windows;
    ro.ppl_seq_len = pb::defaults::kPplSeqLen;
    ro.recover_steps = r.recover_steps;
    ro.recovery_text = r.recovery_text;
    ro.recover_cutoff = r.recover_cutoff;
    ro.calib.seed = r.calib.seed;
    ro.measure_speed = false;
    out.recovered = pb::recoverSweepPoints(*model, out.points, ro, subProgress(progress, 0.4, 1.0), on_row);
    out.recover_steps = r.recover_steps;
    return out;
}

std::vector<pb::LatencyProfile> measureLatency(const std::vector<LatencyShape>& shapes, const LatencyOptions& options,
                                               const pb::ProgressFn& progress) {
    return pb::measureLatency(shapes, options, progress);
}

pb::LatencyProfile cachedLatency(const LatencyShape& shape, const LatencyOptions& options) {
    return pb::cachedLatency(shape, options);
}

std::string latencyShapeKey(const pb::ModelConfig& shape) { return pb::latencyShapeKey(shape); }

} // namespace pb::ui::jobs
