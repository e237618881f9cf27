#include "core/prune/fusion_rule.h"

#include <algorithm>
#include <cmath>

#include "core/prune/masking.h"

namespace pb {

namespace {

std::vector<double> normalised(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += std::abs(x);
    std::vector<double> out(v);
    for (double& x : out) x = sum > 0 ? x / sum : 0.0;
    return out;
}

std::vector<int64_t> lowest(const std::vector<double>& s, int64_t n) {
    std::vector<int64_t> idx(s.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int64_t>(i);
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) { return s[a] < s[b]; });
    idx.resize(static_cast<size_t>(std::max<int64_t>(0, n)));
    return idx;
}

std::vector<double> mix(const std::vector<double>& a, const std::vector<double>& b, double alpha) {
    auto na = normalised(a), nb = normalised(b);
    std::vector<double> r(na.size());
    for (size_t k = 0; k < r.size(); ++k) r[k] = alpha * na[k] + (1 - alpha) * nb[k];
    return r;
}

} // namespace

FusionMask fusionMask(const WidthScores& fine, const WidthScores& coarse, size_t i, const LayerDims& d, double ratio,
                      double alpha) {
    FusionMask m;
    if (d.hasAttention())
        m.heads = lowest(mix(fine.attention_heads[i], coarse.attention_heads[i], alpha),
                         std::llround(double(d.n_heads) * ratio));
    if (d.hasMlp()) m.channels = lowest(mix(fine.mlp[i], coarse.mlp[i], alpha), std::llround(double(d.ffn) * ratio));
    return m;
}

void applyFusionMask(MaskGuard& guard, size_t layer, const LayerDims& d, const FusionMask& mask) {
    if (d.hasAttention()) guard.maskHeads(layer, mask.heads);
    if (d.hasMlp()) guard.maskMlpChannels(layer, mask.channels);
}

void setFusionLayer(WidthScores& out, const WidthScores& fine, const WidthScores& coarse, size_t i, double alpha) {
    if (out.fusion_alpha.size() <= i) out.fusion_alpha.resize(i + 1, 1.0);
    out.fusion_alpha[i] = alpha;
    out.attention_heads[i] = mix(fine.attention_heads[i], coarse.attention_heads[i], alpha);
    out.attention_groups[i] = mix(fine.attention_groups[i], coarse.attention_groups[i], alpha);
    out.mlp[i] = mix(fine.mlp[i], coarse.mlp[i], alpha);
}

} // namespace pb
