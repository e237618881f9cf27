#include "ui/jobs/BudgetSearchJob.h"

#include "core/data/assets.h"
#include "core/model/llama_model.h"
#include "core/prune/calibration.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb::ui::jobs {

pb::BudgetSearchResult budgetSearch(const ModelPtr& model, const BudgetSearchJobRequest& request,
                                    const pb::ProgressFn& progress) {
    if (!model || !model->model || !model->tokenizer) throw pb::Error("no model is loaded");
    pb::reportProgress(progress, 0.0, "calibration");
    const pb::CalibrationSpec& c = request.calib;
    const pb::Calibration calib =
        pb::makeCalibration(*model->tokenizer, pb::assets::loadText(c.text), c.samples, c.seq_len, c.seed);
    return pb::searchBudget(*model->model, calib, request.search, progress);
}

} // namespace pb::ui::jobs
