#include "ui/jobs/BudgetSearchJob.h"

#include "core/data/assets.h"
#include "core/model/llama_model.h"
#include "core/prune/calibration.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb::ui::jobs {

BudgetSearchJobResult budgetSearch(const ModelPtr& model, const BudgetSearchJobRequest& request,
                                   const pb::ProgressFn& progress) {
    if (!model || !model->model || !model->tokenizer) throw pb::Error("no model is loaded");
    BudgetSearchJobResult out;
    pb::BudgetSearchRequest search = request.search;
    const bool timed = request.latency.has_value();
    if (timed) {  // the parameter budget whose uniform cut meets the measured target
        out.latency = pb::fractionForLatency(model->config, search.budget, *request.latency, subProgress(progress, 0.0, 0.4));
        search.budget.fraction = out.latency->fraction;
        out.metric = request.latency->metric;
    }
    const pb::ProgressFn searching = subProgress(progress, timed ? 0.4 : 0.0, timed ? 0.9 : 1.0);
    pb::reportProgress(searching, 0.0, "calibration");
    const pb::CalibrationSpec& c = request.calib;
    const pb::Calibration calib =
        pb::makeCalibration(*model->tokenizer, pb::assets::loadText(c.text), c.samples, c.seq_len, c.seed);
    out.search = pb::searchBudget(*model->model, calib, search, searching);
    if (timed)
        out.plan_time_ratio = pb::latencyRatioOf(model->config, out.search.plan, *request.latency, subProgress(progress, 0.9, 1.0));
    return out;
}

} // namespace pb::ui::jobs
