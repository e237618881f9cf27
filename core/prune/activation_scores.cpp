#include "core/prune/activation_scores.h"

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/plan/scores.h"

namespace pb {

namespace {

std::vector<double> toVector(const torch::Tensor& t) {
    auto c = t.to(torch::kFloat64).cpu().contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

void accumulate(torch::Tensor& acc, const torch::Tensor& v) { acc = acc.defined() ? acc + v : v; }

} // namespace

void ChannelMoments::add(const torch::Tensor& x) {
    auto xd = x.detach().to(torch::kFloat64).reshape({-1, x.size(-1)});  // [tokens, C]
    accumulate(sum, xd.sum(0));
    accumulate(sq, xd.square().sum(0));
}

void BlockMoments::observe(const std::string& name, const torch::Tensor& x) {
    if (name.ends_with(".attn_out_in")) attn.add(x);
    else if (name.ends_with(".down_in")) mlp.add(x);
}

torch::Tensor activationChannelScores(bool flap, const torch::Tensor& w, const ChannelMoments& m, double tokens,
                                      bool square) {
    torch::NoGradGuard ng;
    auto wd = w.detach().to(torch::kFloat64);  // [H, C]
    auto s1 = m.sum.to(wd.device()), s2 = m.sq.to(wd.device());
    if (flap) {
        auto mean = s1 / tokens;
        auto var = (s2 / tokens - mean.square()).clamp_min(0.0);
        auto s = var * wd.square().sum(0);          // fluctuation x squared column norm
        if (square) s = s.square();                 // FLAP's code squares the o_proj metric
        return (s - s.mean()) / (s.std() + 1e-12);  // standardised per layer (FLAP)
    }
    return wd.abs().mean(0) * s2.sqrt();            // Wanda: mean |W_ij| x ||X_j||
}

void setActivationScores(WidthScores& out, size_t i, const LayerDims& d, int64_t head_dim, const LayerWeights& w,
                         const BlockMoments& m, bool flap, double tokens) {
    if (out.attn_input_mean.size() != out.mlp.size()) out.attn_input_mean.assign(out.mlp.size(), {});
    if (out.mlp_input_mean.size() != out.mlp.size()) out.mlp_input_mean.assign(out.mlp.size(), {});
    if (d.hasAttention()) {
        auto ch = activationChannelScores(flap, w.wo, m.attn, tokens, flap).view({d.n_heads, head_dim});  // [nh, hd]
        auto heads = flap ? ch.mean(1) : ch.sum(1);                                                       // [nh]
        auto per_group = heads.view({d.n_kv_heads, d.n_heads / d.n_kv_heads});
        out.attention_heads[i] = toVector(heads);
        out.attention_groups[i] = toVector(flap ? per_group.mean(1) : per_group.sum(1));  // [nkv]
        out.attn_input_mean[i] = toVector(m.attn.sum / tokens);                             // [nh*hd]
    }
    if (d.hasMlp()) {
        out.mlp[i] = toVector(activationChannelScores(flap, w.w_down, m.mlp, tokens));  // [I]
        out.mlp_input_mean[i] = toVector(m.mlp.sum / tokens);                             // [I]
    }
}

} // namespace pb
