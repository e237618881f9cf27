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

} // namespace pb
