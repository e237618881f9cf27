#include "core/prune/what_if.h"

#include <algorithm>
#include <chrono>
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

// Units first..first+count-1 of `count_of` in range, with a clear message otherwise.
void expectSpan(const UnitRef& u, int64_t count_of, const std::string& what) {
    if (u.count < 1) throw Error("the what-if removes at least one " + what + " (count " + std::to_string(u.count) + ")");
    expectIn(u.unit, count_of, what);
    if (u.count > count_of - u.unit)
        throw Error(what + "s " + std::to_string(u.unit) + ".." + std::to_string(u.unit + u.count - 1) +
                    " are out of range (0.." + std::to_string(count_of - 1) + ")");
}

std::vector<int64_t> span(int64_t first, int64_t count) {
    std::vector<int64_t> v;
    for (int64_t i = first; i < first + count; ++i) v.push_back(i);
    return v;
}

// Masks `u` in `mask`, or marks its block in `skip`.
void removeUnit(LlamaModel& model, const UnitRef& u, MaskGuard& mask, std::vector<bool>& skip) {
    const auto layers = static_cast<int64_t>(model.config.layers.size());
    expectIn(u.layer, layers, "layer");
    const LayerDims& d = model.config.layers[static_cast<size_t>(u.layer)];
    const auto layer = static_cast<size_t>(u.layer);
    switch (u.kind) {
        case GroupKind::Block:
            if (u.count != 1) throw Error("the what-if removes one block at a time (count " + std::to_string(u.count) + ")");
            skip.assign(static_cast<size_t>(layers), false);
            skip[layer] = true;
            return;
        case GroupKind::AttentionGroup: {
            if (!d.hasAttention()) throw Error("layer " + std::to_string(u.layer) + " has no attention to remove a KV group from");
            expectSpan(u, d.n_kv_heads, "KV group");
            const int64_t g = d.n_heads / d.n_kv_heads;  // query heads per group
            mask.maskHeads(layer, span(u.unit * g, u.count * g));
            return;
        }
        case GroupKind::QueryHead:
            if (!d.hasAttention()) throw Error("layer " + std::to_string(u.layer) + " has no attention heads");
            expectSpan(u, d.n_heads, "query head");
            mask.maskHeads(layer, span(u.unit, u.count));
            return;
        case GroupKind::MlpChannel:
            if (!d.hasMlp()) throw Error("layer " + std::to_string(u.layer) + " has no MLP channels");
            expectSpan(u, d.ffn, "MLP channel");
            mask.maskMlpChannels(layer, span(u.unit, u.count));
            return;
        case GroupKind::AttentionSublayer:
        case GroupKind::MlpSublayer: {
            const bool attention = u.kind == GroupKind::AttentionSublayer;
            if (attention ? !d.hasAttention() : !d.hasMlp())
                throw Error("layer " + std::to_string(u.layer) + " has no " + (attention ? "attention" : "MLP") + " to remove");
            if (u.count != 1 || u.unit != 0)
                throw Error(std::string("the what-if removes a block's ") + (attention ? "attention" : "MLP") + " as one unit");
            if (attention) mask.maskAttention(layer);
            else mask.maskMlp(layer);
            return;
        }
        default:
            break;
    }
    if (u.kind == GroupKind::HiddenChannel)
        throw Error("a hidden channel runs through every tensor of the model: its what-if needs a pruned model, not a mask");
    throw Error(std::string("the what-if removes KV groups, query heads, MLP channels, sub-blocks and blocks, not a ") +
                groupKindName(u.kind));
}

void checkCalibration(const Calibration& calib, int64_t batch) {
    if (calib.samples() < 1) throw Error("the what-if needs at least one calibration sample");
    if (calib.length() < 2) throw Error("the what-if needs calibration samples of at least 2 tokens");
    if (batch < 1) throw Error("the what-if batch must be at least 1");
}

} // namespace

double lossWithout(LlamaModel& model, const Calibration& calib, const UnitRef* unit, int64_t batch) {
    checkCalibration(calib, batch);
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

struct WhatIfCache::State {
    const LlamaModel* model = nullptr;
    torch::Tensor ids;                  // [N, T] on the model's device
    std::vector<torch::Tensor> inputs;  // per block: its input [N, T, H] in the unchanged model
    int64_t batch = 4;
    double base_loss = 0.0, seconds = 0.0;
};

WhatIfCache::WhatIfCache(const LlamaModel& model, const Calibration& calib, int64_t batch) {
    checkCalibration(calib, batch);
    const auto t0 = std::chrono::steady_clock::now();
    if (calib.ids.min().item<int64_t>() < 0 || calib.ids.max().item<int64_t>() >= model.config.vocab)
        throw Error("token id out of range for vocabulary of " + std::to_string(model.config.vocab));
    torch::NoGradGuard ng;
    auto st = std::make_shared<State>();
    st->model = &model;
    st->batch = batch;
    st->ids = calib.ids.to(model.device());
    const size_t L = model.layers.size();
    std::vector<std::vector<torch::Tensor>> chunks(L);  // per block, per batch: [b, T, H]
    double sum = 0.0;
    const int64_t N = calib.samples();
    for (int64_t s = 0; s < N; s += batch) {
        const int64_t b = std::min(batch, N - s);
        const torch::Tensor ids = st->ids.narrow(0, s, b);  // [b, T]
        torch::Tensor x = embedTokens(model.config, model.embed, ids);  // [b, T, H]
        for (size_t i = 0; i < L; ++i) {
            chunks[i].push_back(x);
            x = model.runBlock(i, x);
        }
        sum += nextTokenLoss(model.logitsOf(x), ids).item<double>() * double(b);
    }
    for (size_t i = 0; i < L; ++i) st->inputs.push_back(torch::cat(chunks[i], 0));  // [N, T, H]
    st->base_loss = sum / double(N);
    st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state_ = std::move(st);
}

double WhatIfCache::baseLoss() const { return state_->base_loss; }
double WhatIfCache::baseSeconds() const { return state_->seconds; }
int64_t WhatIfCache::samples() const { return state_->ids.size(0); }
int64_t WhatIfCache::tokens() const { return state_->ids.size(1); }

int64_t WhatIfCache::bytes() const {
    int64_t n = 0;
    for (const torch::Tensor& t : state_->inputs) n += t.numel() * static_cast<int64_t>(t.element_size());
    return n;
}

double WhatIfCache::lossWithout(LlamaModel& model, const UnitRef& unit) const {
    const State& st = *state_;
    if (&model != st.model)
        throw Error("internal: a what-if cache answers only for the model it was made from");
    torch::NoGradGuard ng;
    MaskGuard mask(model);  // restores the weights when this returns (or throws)
    std::vector<bool> skip;
    removeUnit(model, unit, mask, skip);
    const auto layer = static_cast<size_t>(unit.layer);
    return lossRunning(model, layer, unit.kind == GroupKind::Block ? layer + 1 : layer);  // blocks before it are unchanged
}

namespace {

void expectBlock(const LlamaModel& model, const void* cached_for, size_t from) {
    if (&model != cached_for) throw Error("internal: a what-if cache answers only for the model it was made from");
    if (from >= model.layers.size())
        throw Error("block " + std::to_string(from) + " is out of range (0.." + std::to_string(model.layers.size() - 1) + ")");
}

} // namespace

double WhatIfCache::lossFrom(const LlamaModel& model, size_t from) const {
    expectBlock(model, state_->model, from);
    torch::NoGradGuard ng;
    return lossRunning(model, from, from);
}

WhatIfCache WhatIfCache::updatedFrom(const LlamaModel& model, size_t from) const {
    expectBlock(model, state_->model, from);
    torch::NoGradGuard ng;
    const auto t0 = std::chrono::steady_clock::now();
    auto st = std::make_shared<State>(*state_);  // the tensors of blocks <= from are shared
    const int64_t N = st->ids.size(0);
    const size_t L = model.layers.size();
    std::vector<std::vector<torch::Tensor>> chunks(L);  // blocks after `from`, per batch: [b, T, H]
    double sum = 0.0;
    for (int64_t s = 0; s < N; s += st->batch) {
        const int64_t b = std::min(st->batch, N - s);
        torch::Tensor x = st->inputs[from].narrow(0, s, b);  // [b, T, H]
        for (size_t i = from; i < L; ++i) {
            if (i > from) chunks[i].push_back(x);
            x = model.runBlock(i, x);
        }
        sum += nextTokenLoss(model.logitsOf(x), st->ids.narrow(0, s, b)).item<double>() * double(b);
    }
    for (size_t i = from + 1; i < L; ++i) st->inputs[i] = torch::cat(chunks[i], 0);  // [N, T, H]
    st->base_loss = sum / double(N);
    st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return WhatIfCache(std::shared_ptr<const State>(std::move(st)));
}

// Blocks first.. on the cached input of block `input` (first = input, or input + 1 for a
// skipped block), then the head; the mean loss over every cached sample.
double WhatIfCache::lossRunning(const LlamaModel& model, size_t input, size_t first) const {
    const State& st = *state_;
    const int64_t N = st.ids.size(0);
    const size_t L = model.layers.size();
    double sum = 0.0;
    for (int64_t s = 0; s < N; s += st.batch) {
        const int64_t b = std::min(st.batch, N - s);
        torch::Tensor x = st.inputs[input].narrow(0, s, b);  // [b, T, H]: block `input`'s input
        for (size_t i = first; i < L; ++i) x = model.runBlock(i, x);
        sum += nextTokenLoss(model.logitsOf(x), st.ids.narrow(0, s, b)).item<double>() * double(b);
    }
    return sum / double(N);
}

} // namespace pb
