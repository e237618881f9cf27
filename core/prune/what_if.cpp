#include "core/prune/what_if.h"

#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/prune/calibration.h"
#include "core/prune/masking.h"
#include "core/util/error.h"

namespace pb {

namespace {

void expectIn(int64_t value, int64_t count, const std::string& what) {
    if (value < 0 || value >= count)
        throw Error(what + " " + std::to_string(value) + " is out of range (0.." + std::to_string(count - 1) + ")");
}

// Masks `u` in `mask`, or marks its block in `skip`.
void removeUnit(LlamaModel& model, const UnitRef& u, MaskGuard& mask, std::vector<bool>& skip) {
    const auto layers = static_cast<int64_t>(model.config.layers.size());
    expectIn(u.layer, layers, "layer");
    const LayerDims& d = model.config.layers[static_cast<size_t>(u.layer)];
    const auto layer = static_cast<size_t>(u.layer);
    switch (u.kind) {
        case GroupKind::Block:
            skip.assign(static_cast<size_t>(layers), false);
            skip[layer] = true;
            return;
        case GroupKind::AttentionGroup: {
            if (!d.hasAttention()) throw Error("layer " + std::to_string(u.layer) + " has no attention to remove a KV group from");
            expectIn(u.unit, d.n_kv_heads, "KV group");
            const int64_t g = d.n_heads / d.n_kv_heads;  // query heads per group
            std::vector<int64_t> heads;
            for (int64_t h = u.unit * g; h < (u.unit + 1) * g; ++h) heads.push_back(h);
            mask.maskHeads(layer, heads);
            return;
        }
        case GroupKind::QueryHead:
            if (!d.hasAttention()) throw Error("layer " + std::to_string(u.layer) + " has no attention heads");
            expectIn(u.unit, d.n_heads, "query head");
            mask.maskHeads(layer, {u.unit});
            return;
        case GroupKind::MlpChannel:
            if (!d.hasMlp()) throw Error("layer " + std::to_string(u.layer) + " has no MLP channels");
            expectIn(u.unit, d.ffn, "MLP channel");
            mask.maskMlpChannels(layer, {u.unit});
            return;
        case GroupKind::HiddenChannel:
            break;
    }
    throw Error("a hidden channel runs through every tensor of the model: its what-if needs a pruned model, not a mask");
}

} // namespace

double lossWithout(LlamaModel& model, const Calibration& calib, const UnitRef* unit, int64_t batch) {
    if (calib.samples() < 1) throw Error("the what-if needs at least one calibration sample");
    if (batch < 1) throw Error("the what-if batch must be at least 1");
    torch::NoGradGuard ng;
    MaskGuard mask(model);  // restores the weights when this returns (or throws)
    std::vector<bool> skip;
    if (unit) removeUnit(model, *unit, mask, skip);
    double sum = 0.0;
    for (int64_t s = 0; s < calib.samples(); s += batch) {
        const int64_t b = std::min(batch, calib.samples() - s);
        sum += calibrationLoss(model, calib.ids.narrow(0, s, b), skip.empty() ? nullptr : &skip).item<double>() * double(b);
    }
    return sum / double(calib.samples());
}

} // namespace pb
