#include "core/prune/fusion_losses.h"

#include <memory>
#include <string>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/prune/masking.h"
#include "core/prune/what_if.h"

namespace pb {

InMemoryFusionLosses::InMemoryFusionLosses(LlamaModel& model, Calibration probe, ProgressFn progress, int64_t batch)
    : model_(model), probe_(std::move(probe)), progress_(std::move(progress)), batch_(batch) {}

std::vector<double> InMemoryFusionLosses::planLosses(const std::vector<std::vector<FusionMask>>& plans) {
    std::vector<double> out;
    for (const std::vector<FusionMask>& plan : plans) {
        reportProgress(progress_, 0.0, "fusion, whole plans");
        MaskGuard guard(model_);  // restores the weights when it goes
        for (size_t i = 0; i < plan.size(); ++i) applyFusionMask(guard, i, model_.config.layers[i], plan[i]);
        out.push_back(lossWithout(model_, probe_, nullptr, batch_));
    }
    return out;
}

std::vector<std::vector<double>> InMemoryFusionLosses::layerLosses(const std::vector<FusionMask>& context,
                                                                   const std::vector<FusionCandidates>& candidates,
                                                                   const std::vector<std::vector<bool>>& want) {
    torch::NoGradGuard ng;
    const size_t L = model_.config.layers.size();
    // The context: every layer cut as the start says, one guard per layer so that one layer can be
    // put back alone.
    std::vector<std::unique_ptr<MaskGuard>> ctx(L);
    auto cutContext = [&](size_t i) {
        ctx[i] = std::make_unique<MaskGuard>(model_);
        applyFusionMask(*ctx[i], i, model_.config.layers[i], context[i]);
    };
    for (size_t i = 0; i < L; ++i) cutContext(i);
    const WhatIfCache cache(model_, probe_, batch_);  // every block's input in the context
    std::vector<std::vector<double>> out(L);
    for (size_t i = 0; i < L; ++i) {
        reportProgress(progress_, double(i) / double(L), "fusion, layer " + std::to_string(i));
        out[i].assign(candidates[i].masks.size(), 0.0);
        bool any = false;
        for (bool w : want[i]) any = any || w;
        if (!any) continue;
        ctx[i].reset();  // layer i whole again; the blocks before it stay as the cache saw them
        for (size_t j = 0; j < candidates[i].masks.size(); ++j) {
            if (!want[i][j]) continue;
            MaskGuard cut(model_);
            applyFusionMask(cut, i, model_.config.layers[i], candidates[i].masks[j]);
            out[i][j] = cache.lossFrom(model_, i);
        }
        cutContext(i);
    }
    return out;
}

} // namespace pb
