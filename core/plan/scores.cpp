#include "core/plan/scores.h"

#include <algorithm>
#include <numeric>

#include <nlohmann/json.hpp>

#include "core/plan/adaptive_structure.h"
#include "core/util/error.h"

namespace pb {

using nlohmann::json;

json WidthScores::toJson() const {
    json layers = json::array();
    for (size_t i = 0; i < mlp.size(); ++i) {
        json l = {{"layer", i}, {"attention_groups", attention_groups.at(i)}, {"attention_heads", attention_heads.at(i)},
                  {"mlp", mlp[i]}};
        if (i < fusion_alpha.size()) l["fusion_alpha"] = fusion_alpha[i];
        layers.push_back(l);
    }
    json out = {{"criterion", criterion ? criterionName(*criterion) : ""},
                {"aggregation", aggregation ? aggregationName(*aggregation) : ""}, {"seconds", seconds}, {"layers", layers},
                {"hidden", hidden}};
    if (fusion)
        out["fusion"] = {{"attention_unit", attentionUnitName(fusion->attention_unit)},
                         {"attention_ratio", fusion->attention_ratio}, {"mlp_ratio", fusion->mlp_ratio},
                         {"tested", fusion->tested}, {"start_alpha", fusion->start_alpha},
                         {"loss_element1", fusion->loss_element1}, {"loss_vector", fusion->loss_vector},
                         {"loss_fused", fusion->loss_fused}, {"layers_moved", fusion->layers_moved},
                         {"fell_back", fusion->fell_back},
                         {"probe_samples", fusion->probe_samples}};
    return out;
}

json BlockScores::toJson() const {
    return {{"criterion", criterion ? criterionName(*criterion) : ""}, {"scores", scores}, {"order", order}, {"seconds", seconds}};
}

namespace {

// Indices of the `keep` largest scores, ascending.
std::vector<int64_t> topK(const std::vector<double>& s, int64_t keep) {
    std::vector<int64_t> idx(s.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) { return s[a] > s[b]; });
    idx.resize(static_cast<size_t>(std::max<int64_t>(keep, 0)));
    std::sort(idx.begin(), idx.end());
    return idx;
}

// Query heads kept: in every KV group the same number, the best of that group.
std::vector<int64_t> keepHeadsPerGroup(const std::vector<double>& s, int64_t n_kv, int64_t per_group) {
    const int64_t g = static_cast<int64_t>(s.size()) / n_kv;
    std::vector<int64_t> keep;
    for (int64_t j = 0; j < n_kv; ++j) {
        std::vector<double> sub(s.begin() + j * g, s.begin() + (j + 1) * g);
        for (int64_t h : topK(sub, per_group)) keep.push_back(j * g + h);
    }
    return keep;
}

void expectSize(const std::vector<double>& v, int64_t n, const std::string& what) {
    if (static_cast<int64_t>(v.size()) != n)
        throw Error("scores do not fit the model: " + what + " has " + std::to_string(v.size()) + " scores, expected " +
                    std::to_string(n));
}

// Global ranking: one threshold over every listed layer's units, removing `total`
// units while each layer keeps at least `min_keep` (and a multiple of round_to).
std::vector<int64_t> globalRemovals(const std::vector<std::vector<double>>& scores, const std::vector<bool>& active,
                                    int64_t total, int64_t min_keep) {
    struct Unit { double s; size_t layer; };
    std::vector<Unit> all;
    for (size_t l = 0; l < scores.size(); ++l)
        if (active[l])
            for (double s : scores[l]) all.push_back({s, l});
    std::stable_sort(all.begin(), all.end(), [](const Unit& a, const Unit& b) { return a.s < b.s; });
    std::vector<int64_t> removed(scores.size(), 0);
    for (const Unit& u : all) {
        if (total <= 0) break;
        if (static_cast<int64_t>(scores[u.layer].size()) - removed[u.layer] <= min_keep) continue;
        removed[u.layer]++;
        total--;
    }
    return removed;
}

} // namespace

PruningPlan resolvePlan(const ModelConfig& m, const PruningPlan& plan, const WidthScores& sc) {
    plan.validate(m);
    PruningPlan out = plan;
    const size_t L = m.layers.size();
    if (out.layers.empty()) out.layers.resize(L);
    const bool heads = plan.attention_unit == AttentionUnit::Head;

    // Units removed per layer: local = from each ratio; global = same totals, one threshold.
    std::vector<int64_t> attn_rm(L, 0), mlp_rm(L, 0);
    std::vector<bool> attn_on(L, false), mlp_on(L, false);
    for (size_t i = 0; i < L; ++i) {
        const LayerDims& d = m.layers[i];
        const LayerPlan& l = out.layers[i];
        if (d.hasAttention() && !l.attention_keep && l.attention_ratio > 0) {
            attn_on[i] = true;
            const int64_t units = heads ? d.n_heads / d.n_kv_heads : d.n_kv_heads;
            attn_rm[i] = unitsRemoved(units, l.attention_ratio, 1);
        }
        if (d.hasMlp() && !l.mlp_keep && l.mlp_ratio > 0) {
            mlp_on[i] = true;
            mlp_rm[i] = unitsRemoved(d.ffn, l.mlp_ratio, plan.round_to);
        }
    }
    if (sc.mlp.size() != L || sc.attention_groups.size() != L || sc.attention_heads.size() != L)
        throw Error("scores were computed for a model with another number of layers");
    if (plan.ranking == "adaptive") {
        if (sc.criterion && *sc.criterion != Criterion::Flap)
            throw Error("the adaptive ranking (FLAP's AL-AM structure) compares standardised scores across layers and "
                        "modules: it needs criterion 'flap', not '" + criterionName(*sc.criterion) + "'");
        const AdaptiveRemovals a = adaptiveRemovals(m, plan, sc);
        attn_rm = a.attention;
        mlp_rm = a.mlp;
    } else if (plan.ranking == "global") {
        int64_t total = 0;
        for (size_t i = 0; i < L; ++i) total += mlp_rm[i];
        mlp_rm = globalRemovals(sc.mlp, mlp_on, total, std::max<int64_t>(plan.round_to, 1));
        if (!heads) {
            total = 0;
            for (size_t i = 0; i < L; ++i) total += attn_rm[i];
            attn_rm = globalRemovals(sc.attention_groups, attn_on, total, 1);
        }
    }
    for (size_t i = 0; i < L; ++i) {
        const LayerDims& d = m.layers[i];
        LayerPlan& l = out.layers[i];
        const std::string at = "layer " + std::to_string(i);
        if (attn_on[i]) {
            if (heads) {
                expectSize(sc.attention_heads[i], d.n_heads, at + " query heads");
                const int64_t g = d.n_heads / d.n_kv_heads;
                l.attention_keep = keepHeadsPerGroup(sc.attention_heads[i], d.n_kv_heads, g - attn_rm[i]);
            } else {
                expectSize(sc.attention_groups[i], d.n_kv_heads, at + " KV groups");
                l.attention_keep = topK(sc.attention_groups[i], d.n_kv_heads - attn_rm[i]);
            }
        }
        if (mlp_on[i]) {
            expectSize(sc.mlp[i], d.ffn, at + " MLP channels");
            int64_t keep = d.ffn - mlp_rm[i];
            if (plan.round_to > 1 && d.ffn >= plan.round_to)  // global ranking: round per layer afterwards
                keep = std::max(plan.round_to, keep / plan.round_to * plan.round_to);
            l.mlp_keep = topK(sc.mlp[i], keep);
        }
    }
    if (plan.hidden_ratio > 0 && !plan.hidden_keep) {
        expectSize(sc.hidden, m.hidden, "hidden channels");
        out.hidden_keep = topK(sc.hidden, m.hidden - unitsRemoved(m.hidden, plan.hidden_ratio, plan.round_to));
    }
    if (sc.criterion) out.criterion = *sc.criterion;
    if (sc.aggregation) out.aggregation = *sc.aggregation;
    // Bias compensation: the means of the inputs of o_proj/down_proj travel in the plan.
    if (out.compensatesBiases()) {
        for (size_t i = 0; i < L; ++i) {
            LayerPlan& l = out.layers[i];
            auto take = [&](bool on, const std::vector<std::vector<double>>& means, std::vector<double>& into,
                            const char* what) {
                if (!on || !into.empty()) return;
                if (i >= means.size() || means[i].empty())
                    throw Error(std::string("bias compensation needs the calibration means of the ") + what +
                                " inputs (layer " + std::to_string(i) + "): the scores carry none");
                into = means[i];
            };
            take(attn_on[i], sc.attn_input_mean, l.o_proj_input_mean, "o_proj");
            take(mlp_on[i], sc.mlp_input_mean, l.down_proj_input_mean, "down_proj");
        }
    }
    out.validate(m);
    return out;
}

std::vector<int64_t> blockRemovalOrder(const BlockScores& s, int64_t protect_first, int64_t protect_last,
                                       int64_t* droppable) {
    const int64_t L = static_cast<int64_t>(s.scores.size());
    std::vector<int64_t> by_score(static_cast<size_t>(L));
    std::iota(by_score.begin(), by_score.end(), 0);
    std::stable_sort(by_score.begin(), by_score.end(), [&](int64_t a, int64_t b) { return s.scores[a] < s.scores[b]; });
    const std::vector<int64_t>& candidates = s.order.empty() ? by_score : s.order;
    std::vector<int64_t> out;
    std::vector<bool> taken(static_cast<size_t>(L), false);
    for (int64_t b : candidates) {
        if (b < 0 || b >= L || taken[static_cast<size_t>(b)] || b < protect_first || b >= L - protect_last) continue;
        taken[static_cast<size_t>(b)] = true;
        out.push_back(b);
    }
    if (droppable) *droppable = static_cast<int64_t>(out.size());
    for (int64_t b : by_score)  // the blocks that may not be dropped, last
        if (!taken[static_cast<size_t>(b)]) out.push_back(b);
    return out;
}

std::vector<int64_t> droppableBlockOrder(const BlockScores& s, int64_t protect_first, int64_t protect_last) {
    int64_t droppable = 0;
    std::vector<int64_t> order = blockRemovalOrder(s, protect_first, protect_last, &droppable);
    order.resize(static_cast<size_t>(droppable));
    return order;
}

std::vector<int64_t> blocksToDrop(const BlockScores& s, int64_t n, int64_t protect_first, int64_t protect_last) {
    const int64_t L = static_cast<int64_t>(s.scores.size());
    if (n < 0 || n >= L) throw Error("cannot drop " + std::to_string(n) + " of " + std::to_string(L) + " blocks");
    int64_t droppable = 0;
    const std::vector<int64_t> order = blockRemovalOrder(s, protect_first, protect_last, &droppable);
    if (droppable < n)
        throw Error("only " + std::to_string(droppable) + " blocks may be dropped with the protected first/last blocks");
    std::vector<int64_t> out(order.begin(), order.begin() + n);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace pb
