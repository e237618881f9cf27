#include "ui/jobs/WhatIfJob.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include <torch/torch.h>

#include "core/data/assets.h"
#include "core/model/llama_model.h"
#include "core/prune/calibration.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb::ui::jobs {

namespace {

// Tokenizing a long calibration text takes seconds; a click should not. One slice per
// tokenizer and calibration, kept for the session (a few KB of ids each).
pb::Calibration cachedCalibration(const pb::LoadedModel& m, const pb::CalibrationSpec& spec) {
    using Key = std::tuple<const void*, std::string, int64_t, int64_t, uint64_t>;
    static std::mutex mutex;
    static std::map<Key, pb::Calibration> cache;
    const Key key{m.tokenizer.get(), spec.text, spec.samples, spec.seq_len, spec.seed};
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    pb::Calibration c = pb::makeCalibration(*m.tokenizer, pb::assets::loadText(spec.text), spec.samples, spec.seq_len, spec.seed);
    std::lock_guard<std::mutex> lock(mutex);
    return cache.emplace(key, std::move(c)).first->second;
}

} // namespace

bool canWhatIf(const ModelPtr& model) { return model && model->model && model->tokenizer; }

WhatIfResult whatIf(const ModelPtr& model, const WhatIfRequest& request, const pb::ProgressFn& progress) {
    if (!canWhatIf(model)) throw pb::Error("no model is loaded");
    const auto start = std::chrono::steady_clock::now();
    pb::CalibrationSpec spec = request.calib;
    spec.samples = std::min(spec.samples, kWhatIfSamples);
    spec.seq_len = std::min(spec.seq_len, kWhatIfTokens);
    pb::reportProgress(progress, 0.0, "calibration slice");
    const pb::Calibration calib = cachedCalibration(*model, spec);
    WhatIfResult r;
    r.unit = request.unit;
    r.samples = calib.samples();
    r.tokens = calib.length();
    if (request.base_loss) {
        r.base_loss = *request.base_loss;
    } else {
        pb::reportProgress(progress, 0.3, "loss of the model as it is");
        r.base_loss = pb::lossWithout(*model->model, calib, nullptr);
    }
    pb::reportProgress(progress, 0.6, "loss without the unit");
    r.loss_without = pb::lossWithout(*model->model, calib, &request.unit);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace pb::ui::jobs
