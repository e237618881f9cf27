#include "core/plan/adaptive_structure.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace pb {

int64_t attentionUnitParams(const ModelConfig& m, size_t i) {
    const LayerDims& d = m.layers.at(i);
    if (!d.hasAttention() || d.n_kv_heads < 2) return 0;
    ModelConfig less = m;
    const int64_t g = d.n_heads / d.n_kv_heads;
    less.layers[i].n_kv_heads -= 1;
    less.layers[i].n_heads -= g;
    return m.attentionParams(i) - less.attentionParams(i);  // q rows, k/v rows, o columns (and their biases)
}

int64_t mlpChannelParams(const ModelConfig& m, size_t i) {
    const LayerDims& d = m.layers.at(i);
    if (!d.hasMlp() || d.ffn < 2) return 0;
    ModelConfig less = m;
    less.layers[i].ffn -= 1;
    return m.mlpParams(i) - less.mlpParams(i);  // a gate row, an up row, a down column (and biases)
}

AdaptiveRemovals adaptiveRemovals(const ModelConfig& m, const PruningPlan& plan, const WidthScores& sc) {
    const size_t L = m.layers.size();
    if (sc.mlp.size() != L || sc.attention_groups.size() != L)
        throw Error("scores were computed for a model with another number of layers");
    AdaptiveRemovals out;
    out.attention.assign(L, 0);
    out.mlp.assign(L, 0);
    struct Unit {
        double score;
        size_t layer;
        bool attention;
        int64_t params;
    };
    std::vector<Unit> pool;
    std::vector<int64_t> attn_left(L, 0), mlp_left(L, 0);  // units each layer may still lose
    for (size_t i = 0; i < L; ++i) {
        const LayerDims& d = m.layers[i];
        const LayerPlan l = i < plan.layers.size() ? plan.layers[i] : LayerPlan{};
        if (d.hasAttention() && !l.attention_keep && l.attention_ratio > 0) {
            if (int64_t(sc.attention_groups[i].size()) != d.n_kv_heads)
                throw Error("scores do not fit the model: layer " + std::to_string(i) + " KV groups");
            const int64_t cost = attentionUnitParams(m, i);
            out.target_params += unitsRemoved(d.n_kv_heads, l.attention_ratio, 1) * cost;
            attn_left[i] = d.n_kv_heads - 1;  // a layer keeps one group (drop the block instead)
            for (double s : sc.attention_groups[i]) pool.push_back({s, i, true, cost});
        }
        if (d.hasMlp() && !l.mlp_keep && l.mlp_ratio > 0) {
            if (int64_t(sc.mlp[i].size()) != d.ffn)
                throw Error("scores do not fit the model: layer " + std::to_string(i) + " MLP channels");
            const int64_t cost = mlpChannelParams(m, i);
            out.target_params += unitsRemoved(d.ffn, l.mlp_ratio, plan.round_to) * cost;
            mlp_left[i] = d.ffn - std::max<int64_t>(plan.round_to, 1);
            for (double s : sc.mlp[i]) pool.push_back({s, i, false, cost});
        }
    }
    // One threshold: the lowest scores go first while each removal brings the removed
    // parameters closer to the budget (FLAP: argmin |cumsum(weight) - budget|).
    std::stable_sort(pool.begin(), pool.end(), [](const Unit& a, const Unit& b) { return a.score < b.score; });
    for (const Unit& u : pool) {
        int64_t& left = u.attention ? attn_left[u.layer] : mlp_left[u.layer];
        if (left <= 0) continue;  // the layer's floor: its remaining units stay
        if (std::llabs(out.removed_params + u.params - out.target_params) >= std::llabs(out.removed_params - out.target_params))
            break;
        --left;
        ++(u.attention ? out.attention : out.mlp)[u.layer];
        out.removed_params += u.params;
    }
    return out;
}

} // namespace pb
