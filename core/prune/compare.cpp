#include "core/prune/compare.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include "core/bench/latency.h"
#include "core/data/assets.h"
#include "core/data/eval_tokens.h"
#include "core/eval/perplexity.h"
#include "core/model/generator.h"
#include "core/model/llama_model.h"
#include "core/model/devices.h"
#include "core/model/loader.h"
#include "core/plan/block_presence.h"
#include "core/plan/depth_budget.h"
#include "core/plan/latency_estimate.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/prune/pruner.h"
#include "core/prune/sweep.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

namespace {

CompareVariant measure(const LoadedModel& m, const LlamaModel& model, const ModelConfig& config,
                       const std::vector<int32_t>& ids, const CompareRequest& r, const ProgressFn& progress,
                       const std::string& label) {
    CompareVariant v;
    v.params = config.totalParams();
    v.macs = config.macs(defaults::kPplSeqLen);
    v.blocks = liveBlocks(config);
    v.removed_fraction = 1.0 - double(v.params) / double(m.config.totalParams());
    v.latency_ratio = estimatedLatencyRatio(m.config, config);
    PerplexityOptions po;
    po.max_windows = r.ppl_windows;
    const PerplexityResult ppl = perplexity(model, ids, po, subProgress(progress, 0.0, 0.8));
    v.ppl = ppl.ppl;
    v.ppl_seconds = ppl.seconds;
    reportProgress(progress, 0.85, "generating with the " + label + " model");
    GenerateOptions go;
    go.max_tokens = r.gen_tokens;
    go.temperature = 0.0;
    const GenerateResult gen = generate(model, *m.tokenizer, r.prompt, go);
    v.generation = gen.text;
    v.tokens_per_s = gen.tokens_per_s;
    v.ok = true;
    return v;
}

// Builds and measures one pruned variant; its error instead when it cannot.
template <class Build>
CompareVariant variant(const LoadedModel& m, const std::vector<int32_t>& ids, const CompareRequest& r,
                       const ProgressFn& build_progress, const ProgressFn& measure_progress, const std::string& label,
                       Build build) {
    try {
        PruneResult p = build(build_progress);
        CompareVariant v = measure(m, *p.model, prunedConfig(m.config, p.plan), ids, r, measure_progress, label);
        v.plan = p.plan;
        return v;
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        CompareVariant v;
        v.error = e.what();
        return v;
    }
}

// Each built variant's latency, measured on random weights of its shape (core/bench/latency.h:
// cached per shape), and its measured decode time per token relative to the original's as
// latency_ratio. A shape that cannot be measured keeps the estimate and says why.
void measureLatencies(const LoadedModel& m, CompareResult& out, const ProgressFn& progress) {
    std::vector<CompareVariant*> variants;
    std::vector<LatencyShape> shapes;
    const std::pair<const char*, CompareVariant*> all[] = {
        {"original", &out.original}, {"width-pruned", &out.width}, {"depth-pruned", &out.depth}};
    for (const auto& [label, v] : all) {
        if (!v->ok) continue;
        variants.push_back(v);
        shapes.push_back({label, v == &out.original ? m.config : prunedConfig(m.config, v->plan),
                          v == &out.original ? "original" : v == &out.width ? "width" : "depth"});
    }
    LatencyOptions o;
    o.device = m.model->device().str();
    o.dtype = dtypeName(m.model->dtype());
    const std::vector<LatencyProfile> profiles = measureLatency(shapes, o, progress);
    for (size_t i = 0; i < variants.size(); ++i) variants[i]->latency = profiles[i];
    if (!out.original.latency.measured()) return;
    for (CompareVariant* v : variants) {
        const double ratio = decodeRatio(out.original.latency, v->latency);
        if (std::isfinite(ratio)) v->latency_ratio = ratio;
    }
}

} // namespace

CompareResult compare(const LoadedModel& m, const CompareRequest& r, const ProgressFn& whole) {
    if (!m.model || !m.tokenizer) throw Error("no model is loaded");
    const ProgressFn progress = r.measure_latency ? subProgress(whole, 0.0, 0.85) : whole;
    const ModelConfig& config = m.config;
    r.plan.validate(config);
    CompareResult out;
    reportProgress(progress, 0.0, "preparing texts");
    const std::vector<int32_t> ids = evalTokens(*m.tokenizer, r.ppl_text, r.ppl_windows, defaults::kPplSeqLen);
    std::optional<Calibration> calib;  // made on first use: only a missing score needs it
    auto calibration = [&]() -> const Calibration& {
        if (!calib) calib = makeCalibration(*m.tokenizer, assets::loadText(r.calib.text), r.calib.samples,
                                            r.calib.seq_len, r.calib.seed);
        return *calib;
    };

    // The width part and the depth part of the plan.
    PruningPlan width_plan = r.plan;
    width_plan.dropped_blocks.clear();
    const bool has_width = !width_plan.empty();
    const bool has_depth = !r.plan.dropped_blocks.empty();
    if (!has_width && !has_depth) throw Error("the plan removes nothing: set ratios or drop blocks first");
    PruningPlan depth_plan = pb::depthPlan(config, r.plan.dropped_blocks);
    out.target_fraction = removedParamFraction(config, has_width ? width_plan : depth_plan);

    if (!has_width) {
        const auto [first, last] = defaultWidthLayers(config.numLayers());
        const double ratio = widthRatioForParamFraction(config, out.target_fraction, first, last, AttentionUnit::Group, 1);
        width_plan = uniformWidthPlan(config, ratio, ratio, first, last, AttentionUnit::Group);
    }
    if (!width_plan.resolved()) {
        width_plan.criterion = r.width_criterion;
        width_plan.aggregation = r.aggregation;
    }
    // Given width scores resolve a one-step ratio plan here; iterative steps re-score the
    // shrinking model, which only pruning itself can do.
    const bool scores_fit = r.width_scores && r.width_scores->attention_groups.size() == config.layers.size() &&
                            !(width_plan.hidden_ratio > 0 && r.width_scores->hidden.empty());
    const bool resolve_here = !width_plan.resolved() && width_plan.iterative_steps <= 1 && scores_fit;
    // A width-only plan's depth twin: the least important blocks removing about the same
    // fraction. Built inside the depth variant, so that a failing score is its error only.
    auto depthTwin = [&](const ProgressFn& p) {
        BlockScores blocks;
        if (r.block_scores && r.block_scores->scores.size() == config.layers.size()) {
            blocks = *r.block_scores;
        } else {
            ScoreOptions o;
            o.criterion = r.block_criterion;
            blocks = scoreBlocks(*m.model, calibration(), o, p);
        }
        const DepthBudget budget = depthBudget(config, out.target_fraction, droppableBlockOrder(blocks));
        // The depth variant drops at least one block and keeps at least one.
        const int64_t n = std::clamp<int64_t>(budget.blocks, 1, config.numLayers() - 1);
        return pb::depthPlan(config, blocksToDrop(blocks, n));
    };

    ScoreOptions so;
    so.criterion = r.width_criterion;
    so.aggregation = r.aggregation;
    {
        // Warm-up so that the original's decoding speed is not charged with first-call costs.
        GenerateOptions warm;
        warm.max_tokens = 4;
        generate(*m.model, *m.tokenizer, r.prompt, warm);
    }
    out.original = measure(m, *m.model, config, ids, r, subProgress(progress, 0.1, 0.35), "original");
    out.width = variant(m, ids, r, subProgress(progress, 0.35, 0.55), subProgress(progress, 0.55, 0.75), "width-pruned",
                        [&](const ProgressFn& p) {
                            const PruningPlan plan = resolve_here ? resolvePlan(config, width_plan, *r.width_scores) : width_plan;
                            return prune(*m.model, plan, plan.resolved() ? Calibration{} : calibration(), so, p);
                        });
    out.depth = variant(m, ids, r, subProgress(progress, 0.75, 0.8), subProgress(progress, 0.8, 1.0), "depth-pruned",
                        [&](const ProgressFn& p) {
                            const PruningPlan plan = has_depth ? depth_plan : depthTwin(subProgress(p, 0.0, 0.8));
                            return prune(*m.model, plan, Calibration{}, so, subProgress(p, has_depth ? 0.0 : 0.8, 1.0));
                        });
    if (r.measure_latency) measureLatencies(m, out, subProgress(whole, 0.85, 1.0));
    return out;
}

} // namespace pb
