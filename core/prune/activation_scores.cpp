#include "core/prune/activation_scores.h"

#include <torch/torch.h>

#include "core/plan/scores.h"

namespace pb {

namespace {

std::vector<double> toVector(const torch::Tensor& t) {
    auto c = t.to(torch::kFloat64).cpu().contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

} // namespace

torch::Tensor activationChannelScores(bool flap, const torch::Tensor& w, const torch::Tensor& sum,
                                      const torch::Tensor& sq, double tokens) {
    torch::NoGradGuard ng;
    auto wd = w.detach().to(torch::kFloat64);  // [H, C]
    auto s1 = sum.to(wd.device()), s2 = sq.to(wd.device());
    if (flap) {
        auto mean = s1 / tokens;
        auto var = (s2 / tokens - mean.square()).clamp_min(0.0);
        auto s = var * wd.square().sum(0);          // fluctuation x squared column norm
        return (s - s.mean()) / (s.std() + 1e-12);  // standardised per layer (FLAP)
    }
    return wd.abs().mean(0) * s2.sqrt();            // Wanda: mean |W_ij| x ||X_j||
}

void setActivationScores(WidthScores& out, size_t i, const LayerDims& d, int64_t head_dim,
                         const torch::Tensor& attn_channels, const torch::Tensor& mlp_channels) {
    if (attn_channels.defined()) {
        auto heads = attn_channels.view({d.n_heads, head_dim}).sum(1);  // [nh]
        out.attention_heads[i] = toVector(heads);
        out.attention_groups[i] = toVector(heads.view({d.n_kv_heads, d.n_heads / d.n_kv_heads}).sum(1));  // [nkv]
    }
    if (mlp_channels.defined()) out.mlp[i] = toVector(mlp_channels);
}

} // namespace pb
