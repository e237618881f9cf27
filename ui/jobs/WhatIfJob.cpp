#include "ui/jobs/WhatIfJob.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
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

// The kept pass of the last model and calibration asked (one at a time: the demo's is ~18 MB):
// valid while that model lives (weak pointer), its weights unchanged outside a what-if.
struct KeptPass {
    std::weak_ptr<const pb::LoadedModel> model;
    const void* weights = nullptr;  // the LlamaModel the states came from
    std::tuple<std::string, int64_t, int64_t, uint64_t> calib;
    std::optional<pb::WhatIfCache> cache;
};

std::shared_ptr<const pb::WhatIfCache> keptPass(const ModelPtr& model, const pb::CalibrationSpec& spec,
                                                const pb::Calibration& calib, bool* cached) {
    static std::mutex mutex;
    static KeptPass kept;
    const auto key = std::make_tuple(spec.text, spec.samples, spec.seq_len, spec.seed);
    std::lock_guard<std::mutex> lock(mutex);
    const bool same = kept.cache && kept.model.lock() == model && kept.weights == model->model.get() && kept.calib == key;
    *cached = same;
    if (!same) {
        kept.cache.reset();  // the old states go before the new ones are made
        kept.cache.emplace(*model->model, calib);
        kept.model = model;
        kept.weights = model->model.get();
        kept.calib = key;
    }
    return std::make_shared<const pb::WhatIfCache>(*kept.cache);  // copies share the states
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
    pb::reportProgress(progress, 0.2, "loss of the model as it is");
    const std::shared_ptr<const pb::WhatIfCache> pass = keptPass(model, spec, calib, &r.cached);
    r.base_loss = pass->baseLoss();
    pb::reportProgress(progress, 0.6, "loss without the unit");
    r.loss_without = pass->lossWithout(*model->model, request.unit);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace pb::ui::jobs
