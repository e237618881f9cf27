#include "ui/jobs/WorkbenchJobs.h"

#include <algorithm>

#include "core/data/assets.h"
#include "core/data/eval_tokens.h"
#include "core/model/llama_model.h"
#include "core/plan/criteria.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/prune/sweep.h"
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

} // namespace

ScoreResult score(const ModelPtr& model, const ScoreRequest& request, const pb::ProgressFn& progress) {
    requireModel(model);
    pb::reportProgress(progress, 0.0, "preparing calibration text");
    const pb::Calibration calib = calibrationFor(*model, request.calib);
    ScoreResult out;
    const bool both = !request.width_criterion.empty() && !request.block_criterion.empty();
    if (!request.width_criterion.empty()) {
        pb::ScoreOptions o;
        o.criterion = pb::parseCriterion(request.width_criterion);
        o.aggregation = pb::parseAggregation(request.aggregation);
        out.width = pb::scoreWidth(*model->model, calib, o, subProgress(progress, 0.0, both ? 0.6 : 1.0));
    }
    if (!request.block_criterion.empty()) {
        pb::ScoreOptions o;
        o.criterion = pb::parseCriterion(request.block_criterion);
        out.blocks = pb::scoreBlocks(*model->model, calib, o, subProgress(progress, both ? 0.6 : 0.0, 1.0));
    }
    return out;
}

CompareResult compare(const ModelPtr& model, const CompareRequest& r, const pb::ProgressFn& progress) {
    requireModel(model);
    return pb::compare(*model, r, progress);
}

std::vector<SweepPointData> sweep(const ModelPtr& model, const SweepRequest& r, const pb::ProgressFn& progress,
                                  const std::function<void(const SweepPointData&)>& on_point) {
    requireModel(model);
    pb::reportProgress(progress, 0.0, "preparing texts");
    const pb::Calibration calib = calibrationFor(*model, r.calib);
    const std::vector<int32_t> ids = pb::evalTokens(*model->tokenizer, r.ppl_text, r.ppl_windows, 128);
    pb::SweepOptions so;
    for (const std::string& c : r.criteria) so.criteria.push_back(pb::parseCriterion(c));
    so.fractions = r.fractions;
    so.score.aggregation = pb::parseAggregation(r.aggregation);
    so.ppl.max_windows = r.ppl_windows;
    return pb::sweep(*model->model, calib, ids, so, progress, on_point);
}

} // namespace pb::ui::jobs
