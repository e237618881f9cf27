#include "core/prune/fusion_rule.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "core/prune/masking.h"
#include "core/prune/sweep.h"
#include "core/util/error.h"

namespace pb {

namespace {

double absSum(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += std::abs(x);
    return s;
}

// The indices of [0, n) not in `keep` (ascending).
std::vector<int64_t> complement(const std::vector<int64_t>& keep, int64_t n) {
    std::vector<bool> kept(static_cast<size_t>(n), false);
    for (int64_t k : keep) kept.at(static_cast<size_t>(k)) = true;
    std::vector<int64_t> out;
    for (int64_t k = 0; k < n; ++k)
        if (!kept[static_cast<size_t>(k)]) out.push_back(k);
    return out;
}

// `s` with layer i's three vectors mixed at alpha (the other layers empty: resolvePlan reads
// only the layers it prunes).
WidthScores layerMix(const WidthScores& fine, const WidthScores& coarse, size_t i, double alpha) {
    WidthScores s;
    const size_t L = fine.mlp.size();
    s.attention_groups.assign(L, {}), s.attention_heads.assign(L, {}), s.mlp.assign(L, {});
    s.attention_groups[i] = fusionMix(fine.attention_groups.at(i), coarse.attention_groups.at(i), alpha);
    s.attention_heads[i] = fusionMix(fine.attention_heads.at(i), coarse.attention_heads.at(i), alpha);
    s.mlp[i] = fusionMix(fine.mlp.at(i), coarse.mlp.at(i), alpha);
    return s;
}

// Losses within kFusionTolerance of each other count as equal.
bool lower(double a, double b) { return a < b - kFusionTolerance * std::abs(b); }

} // namespace

PruningPlan fusionTarget(const ModelConfig& c, const std::optional<PruningPlan>& plan, double default_ratio) {
    if (plan) {
        plan->validate(c);
        PruningPlan t = *plan;
        if (t.layers.empty()) t.layers.resize(c.layers.size());
        return t;
    }
    if (!(default_ratio >= 0.0 && default_ratio < 1.0))
        throw Error("the fusion ratio must be in [0, 1), got " + std::to_string(default_ratio));
    const auto [first, last] = defaultWidthLayers(c.numLayers());
    return uniformWidthPlan(c, default_ratio, default_ratio, first, last, AttentionUnit::Group);
}

std::vector<double> fusionMix(const std::vector<double>& fine, const std::vector<double>& coarse, double alpha) {
    if (fine.size() != coarse.size())
        throw Error("internal: fusion mixes " + std::to_string(fine.size()) + " fine with " +
                    std::to_string(coarse.size()) + " coarse scores");
    if (alpha == 1.0) return fine;
    const double sc = absSum(coarse), scale = sc > 0 ? absSum(fine) / sc : 0.0;
    std::vector<double> r(fine.size());
    for (size_t k = 0; k < r.size(); ++k) r[k] = alpha * fine[k] + (1 - alpha) * scale * coarse[k];
    return r;
}

FusionMask fusionMask(const ModelConfig& c, const PruningPlan& target, const WidthScores& fine,
                      const WidthScores& coarse, size_t i, double alpha) {
    const LayerDims& d = c.layers.at(i);
    const LayerPlan& want = target.layers.at(i);
    FusionMask m;
    const bool attn = d.hasAttention() && (want.attention_keep || want.attention_ratio > 0);
    const bool mlp = d.hasMlp() && (want.mlp_keep || want.mlp_ratio > 0);
    if ((!attn && !mlp) || std::find(target.dropped_blocks.begin(), target.dropped_blocks.end(), int64_t(i)) !=
                               target.dropped_blocks.end())
        return m;  // nothing cut, or the block goes whole: no alpha changes what the plan removes
    // The target with this layer alone, ranked locally, nothing else cut (no means needed).
    PruningPlan one;
    one.attention_unit = target.attention_unit;
    one.round_to = target.round_to;
    one.bias_compensation = false;
    one.layers.assign(c.layers.size(), LayerPlan{});
    one.layers[i].attention_ratio = want.attention_ratio, one.layers[i].attention_keep = want.attention_keep;
    one.layers[i].mlp_ratio = want.mlp_ratio, one.layers[i].mlp_keep = want.mlp_keep;
    const LayerPlan r = resolvePlan(c, one, layerMix(fine, coarse, i, alpha)).layers[i];
    if (attn && r.attention_keep) {
        if (target.attention_unit == AttentionUnit::Head) {
            m.heads = complement(*r.attention_keep, d.n_heads);
        } else {
            const int64_t g = d.n_heads / d.n_kv_heads;  // query heads per KV group
            for (int64_t group : complement(*r.attention_keep, d.n_kv_heads))
                for (int64_t h = 0; h < g; ++h) m.heads.push_back(group * g + h);
        }
    }
    if (mlp && r.mlp_keep) m.channels = complement(*r.mlp_keep, d.ffn);
    return m;
}

std::vector<FusionMask> fusionPlanMasks(const ModelConfig& c, const PruningPlan& target, const WidthScores& fine,
                                        const WidthScores& coarse, const std::vector<double>& alphas) {
    std::vector<FusionMask> out;
    for (size_t i = 0; i < c.layers.size(); ++i) out.push_back(fusionMask(c, target, fine, coarse, i, alphas.at(i)));
    return out;
}

void applyFusionMask(MaskGuard& guard, size_t layer, const LayerDims& d, const FusionMask& mask) {
    if (d.hasAttention() && !mask.heads.empty()) guard.maskHeads(layer, mask.heads);
    if (d.hasMlp() && !mask.channels.empty()) guard.maskMlpChannels(layer, mask.channels);
}

std::vector<FusionCandidates> fusionCandidates(const ModelConfig& c, const PruningPlan& target,
                                               const WidthScores& fine, const WidthScores& coarse) {
    std::vector<FusionCandidates> out(c.layers.size());
    for (size_t i = 0; i < c.layers.size(); ++i)
        for (double alpha : kFusionAlphas) {
            FusionMask m = fusionMask(c, target, fine, coarse, i, alpha);
            auto& masks = out[i].masks;
            const auto same = std::find(masks.begin(), masks.end(), m);
            out[i].of_alpha.push_back(size_t(same - masks.begin()));
            if (same == masks.end()) masks.push_back(std::move(m));
        }
    return out;
}

WidthScores fuseScores(const ModelConfig& c, const PruningPlan& target, const WidthScores& fine,
                       const WidthScores& coarse, FusionLosses& losses, int64_t probe_samples) {
    const size_t L = c.layers.size(), A = std::size(kFusionAlphas);
    if (fine.mlp.size() != L || coarse.mlp.size() != L)
        throw Error("internal: fusion's input scores are for another number of layers");
    const std::vector<FusionCandidates> cands = fusionCandidates(c, target, fine, coarse);
    auto planAt = [&](double alpha) {  // every layer at one endpoint
        std::vector<FusionMask> p;
        for (const auto& k : cands) p.push_back(k.masks[k.of_alpha[alpha == 1.0 ? A - 1 : 0]]);
        return p;
    };
    // 1. Each input's whole plan; the better one is the start (and the context).
    const std::vector<double> inputs = losses.planLosses({planAt(1.0), planAt(0.0)});
    FusionReport rep;
    rep.attention_unit = target.attention_unit;
    for (const LayerPlan& l : target.layers)
        rep.attention_ratio.push_back(l.attention_ratio), rep.mlp_ratio.push_back(l.mlp_ratio);
    rep.loss_element1 = inputs.at(0), rep.loss_vector = inputs.at(1);
    rep.start_alpha = rep.loss_element1 <= rep.loss_vector ? 1.0 : 0.0;
    rep.probe_samples = probe_samples;
    const size_t start = rep.start_alpha == 1.0 ? A - 1 : 0;  // its index in kFusionAlphas
    const double start_loss = std::min(rep.loss_element1, rep.loss_vector);
    // 2. Per layer, every other cut of the grid in the start's context.
    std::vector<FusionMask> context;
    std::vector<std::vector<bool>> want(L);
    for (size_t i = 0; i < L; ++i) {
        context.push_back(cands[i].masks[cands[i].of_alpha[start]]);
        want[i].assign(cands[i].masks.size(), true);
        want[i][cands[i].of_alpha[start]] = false;  // the start's own cut: start_loss
    }
    const std::vector<std::vector<double>> per_layer = losses.layerLosses(context, cands, want);
    std::vector<double> alphas(L, rep.start_alpha);
    rep.tested.assign(L, false);
    for (size_t i = 0; i < L; ++i) {
        rep.tested[i] = cands[i].masks.size() > 1;
        double best = start_loss;
        for (size_t a = 0; a < A; ++a) {
            const size_t j = cands[i].of_alpha[a];
            if (!want[i][j]) continue;
            if (lower(per_layer.at(i).at(j), best)) best = per_layer[i][j], alphas[i] = kFusionAlphas[a];
        }
    }
    // 3. The fused plan against both inputs.
    rep.layers_moved = std::count_if(alphas.begin(), alphas.end(), [&](double a) { return a != rep.start_alpha; });
    const bool moved = rep.layers_moved > 0;
    std::vector<FusionMask> fused_masks;
    for (size_t i = 0; i < L; ++i) {
        size_t a = 0;
        while (kFusionAlphas[a] != alphas[i]) ++a;
        fused_masks.push_back(cands[i].masks[cands[i].of_alpha[a]]);
    }
    rep.loss_fused = moved ? losses.planLosses({fused_masks}).at(0) : start_loss;
    rep.fell_back = rep.loss_fused > start_loss;
    if (rep.fell_back) alphas.assign(L, rep.start_alpha);
    const WidthScores& best_input = rep.start_alpha == 1.0 ? fine : coarse;
    WidthScores out;
    if (rep.fell_back || !moved) {
        out = best_input;  // the input itself, exactly
    } else {
        out = fine;  // every layer in fine's scale (what a global ranking compares)
        for (size_t i = 0; i < L; ++i) {
            out.attention_groups[i] = fusionMix(fine.attention_groups[i], coarse.attention_groups[i], alphas[i]);
            out.attention_heads[i] = fusionMix(fine.attention_heads[i], coarse.attention_heads[i], alphas[i]);
            out.mlp[i] = fusionMix(fine.mlp[i], coarse.mlp[i], alphas[i]);
        }
    }
    out.criterion.reset(), out.aggregation.reset();
    out.hidden = fine.hidden;
    out.fusion_alpha = alphas;
    out.fusion = rep;
    return out;
}

} // namespace pb
