#include "core/prune/pruner.h"

#include <chrono>
#include <numeric>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/prune/apply.h"
#include "core/prune/bias_compensation.h"
#include "core/util/error.h"

namespace pb {

namespace {

ProgressFn subRange(const ProgressFn& p, double from, double to) {
    if (!p) return {};
    return [=](double f, std::string_view s) { return p(from + (to - from) * f, s); };
}

std::vector<int64_t> iota(int64_t n) {
    std::vector<int64_t> v(static_cast<size_t>(n));
    std::iota(v.begin(), v.end(), 0);
    return v;
}

std::vector<int64_t> compose(const std::vector<int64_t>& ids, const std::vector<int64_t>& keep) {
    std::vector<int64_t> out;
    for (int64_t k : keep) out.push_back(ids.at(static_cast<size_t>(k)));
    return out;
}

// 1 - target/current: the ratio on the current model that leaves `target` units.
double stepRatio(int64_t original, int64_t current, double total_ratio, int step, int steps) {
    const int64_t removed = unitsRemoved(original, total_ratio * step / steps, 1);
    const double target = double(original - removed);
    return current > 0 ? std::max(0.0, 1.0 - target / double(current)) : 0.0;
}

} // namespace

PruneResult prune(LlamaModel& original, const PruningPlan& plan_in, const Calibration& calib,
                  const ScoreOptions& options, const ProgressFn& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const ModelConfig& oc = original.config;
    plan_in.validate(oc);
    PruneResult r;
    r.params_before = oc.totalParams();
    r.macs_before = oc.macs(128);

    if (plan_in.resolved()) {
        r.plan = plan_in;
        r.model = std::make_shared<LlamaModel>(applyPlan(original, plan_in));
    } else {
        PruningPlan full = plan_in;
        full.criterion = options.criterion;  // what scores it (and so the bias compensation's default)
        if (full.ranking == "adaptive" && options.criterion != Criterion::Flap)  // refused before scoring
            throw Error("the adaptive ranking (FLAP's AL-AM structure) compares standardised scores across layers and "
                        "modules: it needs criterion 'flap', not '" + criterionName(options.criterion) + "'");
        if (full.layers.empty()) full.layers.resize(oc.layers.size());
        const bool compensate = full.compensatesBiases();
        // Bias compensation: each original input channel's mean of o_proj / down_proj, as last
        // measured while the channel was present (so a removed one keeps its value at removal).
        std::vector<std::vector<double>> attn_mean(oc.layers.size()), mlp_mean(oc.layers.size());
        const int steps = std::max(1, full.iterative_steps);
        // Original unit ids still present, per layer (heads or groups, MLP channels) and hidden.
        const bool heads = full.attention_unit == AttentionUnit::Head;
        std::vector<std::vector<int64_t>> attn_ids, mlp_ids;
        for (const auto& d : oc.layers) {
            attn_ids.push_back(iota(heads ? d.n_heads : d.n_kv_heads));
            mlp_ids.push_back(iota(d.ffn));
        }
        std::vector<int64_t> hidden_ids = iota(oc.hidden);
        std::shared_ptr<LlamaModel> current;  // null = still the original
        for (int s = 1; s <= steps; ++s) {
            LlamaModel& m = current ? *current : original;
            const ModelConfig& mc = m.config;
            // This step's plan on the current model (depth is done in the first step).
            PruningPlan sp = full;
            sp.dropped_blocks = {};
            sp.hidden_keep.reset();
            sp.layers.assign(mc.layers.size(), LayerPlan{});
            for (size_t i = 0; i < oc.layers.size(); ++i) {
                const LayerPlan& want = full.layers[i];
                LayerPlan& lp = sp.layers[i];
                if (want.attention_keep) lp.attention_keep = iota(int64_t(attn_ids[i].size()));  // fixed already
                else if (want.attention_ratio > 0) {
                    if (heads) {  // per KV group: g -> g', ratio on the per-group count
                        const int64_t g0 = oc.layers[i].n_heads / oc.layers[i].n_kv_heads;
                        const int64_t g = mc.layers[i].n_heads / mc.layers[i].n_kv_heads;
                        lp.attention_ratio = stepRatio(g0, g, want.attention_ratio, s, steps);
                    } else {
                        lp.attention_ratio = stepRatio(oc.layers[i].n_kv_heads, mc.layers[i].n_kv_heads,
                                                       want.attention_ratio, s, steps);
                    }
                }
                if (want.mlp_keep) lp.mlp_keep = iota(int64_t(mlp_ids[i].size()));
                else if (want.mlp_ratio > 0)
                    lp.mlp_ratio = stepRatio(oc.layers[i].ffn, mc.layers[i].ffn, want.mlp_ratio, s, steps);
                if (want.mlp_keep && s == 1) lp.mlp_keep = want.mlp_keep;
                if (want.attention_keep && s == 1) lp.attention_keep = want.attention_keep;
            }
            if (full.hidden_ratio > 0)
                sp.hidden_ratio = stepRatio(oc.hidden, mc.hidden, full.hidden_ratio, s, steps);
            const double lo = double(s - 1) / steps, hi = double(s) / steps;
            ScoreOptions so = options;
            so.score_hidden = sp.hidden_ratio > 0;
            so.fusion_plan = sp;  // fusion chooses its mix for this step's cut
            r.last_scores = scoreWidth(m, calib, so, subRange(progress, lo, lo + 0.9 * (hi - lo)));
            if (compensate && r.last_scores.attn_input_mean.empty())  // criteria that measure no activations
                measureInputMeans(m, calib.ids, options.batch, r.last_scores);
            PruningPlan resolved = resolvePlan(mc, sp, r.last_scores);
            if (compensate)
                for (size_t i = 0; i < oc.layers.size(); ++i) {
                    const LayerDims& o = oc.layers[i];
                    const int64_t hd = oc.head_dim, g = o.hasAttention() ? o.n_heads / o.n_kv_heads : 1;
                    const auto& am = r.last_scores.attn_input_mean;
                    if (i < am.size() && !am[i].empty()) {  // current channel c -> original channel
                        attn_mean[i].resize(size_t(o.n_heads * hd));
                        for (size_t c = 0; c < am[i].size(); ++c) {
                            const int64_t hc = int64_t(c) / hd;
                            const int64_t head = heads ? attn_ids[i][size_t(hc)] : attn_ids[i][size_t(hc / g)] * g + hc % g;
                            attn_mean[i][size_t(head * hd + int64_t(c) % hd)] = am[i][c];
                        }
                    }
                    const auto& mm = r.last_scores.mlp_input_mean;
                    if (i < mm.size() && !mm[i].empty()) {
                        mlp_mean[i].resize(size_t(o.ffn));
                        for (size_t c = 0; c < mm[i].size(); ++c) mlp_mean[i][size_t(mlp_ids[i][c])] = mm[i][c];
                    }
                }
            for (size_t i = 0; i < oc.layers.size(); ++i) {
                if (resolved.layers[i].attention_keep) attn_ids[i] = compose(attn_ids[i], *resolved.layers[i].attention_keep);
                if (resolved.layers[i].mlp_keep) mlp_ids[i] = compose(mlp_ids[i], *resolved.layers[i].mlp_keep);
            }
            if (resolved.hidden_keep) hidden_ids = compose(hidden_ids, *resolved.hidden_keep);
            current = std::make_shared<LlamaModel>(applyPlan(m, resolved));
        }
        // The plan in terms of the original model, replayable in one step.
        r.plan = full;
        r.plan.iterative_steps = steps;
        for (size_t i = 0; i < oc.layers.size(); ++i) {
            const LayerDims& d = oc.layers[i];
            const int64_t attn_units = heads ? d.n_heads : d.n_kv_heads;
            // A ratio that removes no unit (0.2 of 2 KV groups) still resolves: to every unit.
            if (int64_t(attn_ids[i].size()) != attn_units || r.plan.layers[i].attention_ratio > 0)
                r.plan.layers[i].attention_keep = attn_ids[i];
            if (int64_t(mlp_ids[i].size()) != d.ffn || r.plan.layers[i].mlp_ratio > 0) r.plan.layers[i].mlp_keep = mlp_ids[i];
            if (compensate && int64_t(attn_ids[i].size()) != attn_units) r.plan.layers[i].o_proj_input_mean = attn_mean[i];
            if (compensate && int64_t(mlp_ids[i].size()) != d.ffn) r.plan.layers[i].down_proj_input_mean = mlp_mean[i];
        }
        if (int64_t(hidden_ids.size()) != oc.hidden) r.plan.hidden_keep = hidden_ids;
        r.plan.criterion = options.criterion;
        r.plan.aggregation = options.aggregation;
        // Depth: drop the requested blocks, then apply width cuts in one go on the original.
        r.model = std::make_shared<LlamaModel>(applyPlan(original, r.plan));
    }
    r.params_after = r.model->config.totalParams();
    r.macs_after = r.model->config.macs(128);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    reportProgress(progress, 1.0, "pruned");
    return r;
}

} // namespace pb
