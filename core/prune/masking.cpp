#include "core/prune/masking.h"

#include <torch/torch.h>

#include "core/model/llama_model.h"

namespace pb {

MaskGuard::~MaskGuard() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) *it->first = it->second;
}

void MaskGuard::save(size_t, torch::Tensor* t) {
    saved_.emplace_back(t, *t);
    *t = t->clone();
}

void MaskGuard::maskHeads(size_t layer, const std::vector<int64_t>& heads) {
    torch::NoGradGuard ng;
    auto& w = model_.layers.at(layer);
    const int64_t hd = model_.config.head_dim;
    save(layer, &w.wo);
    for (int64_t h : heads) w.wo.narrow(1, h * hd, hd).zero_();  // wo: [H, nh*hd]
}

void MaskGuard::maskMlpChannels(size_t layer, const std::vector<int64_t>& channels) {
    torch::NoGradGuard ng;
    auto& w = model_.layers.at(layer);
    save(layer, &w.w_down);
    auto idx = torch::tensor(channels, torch::kInt64).to(w.w_down.device());
    w.w_down.index_fill_(1, idx, 0.0);  // w_down: [H, I]
}

void MaskGuard::maskAttention(size_t layer) {
    torch::NoGradGuard ng;
    auto& w = model_.layers.at(layer);
    if (!w.wo.defined()) return;  // no attention: nothing to take out
    save(layer, &w.wo);
    w.wo.zero_();  // [H, nh*hd]
    if (w.bo.defined()) save(layer, &w.bo), w.bo.zero_();  // [H]
}

void MaskGuard::maskMlp(size_t layer) {
    torch::NoGradGuard ng;
    auto& w = model_.layers.at(layer);
    if (!w.w_down.defined()) return;
    save(layer, &w.w_down);
    w.w_down.zero_();  // [H, I]
    if (w.b_down.defined()) save(layer, &w.b_down), w.b_down.zero_();  // [H]
}

} // namespace pb
