#include "ui/jobs/WorkbenchJobs.h"

#include <algorithm>
#include <cmath>

#include "core/data/assets.h"
#include "core/eval/perplexity.h"
#include "core/model/generator.h"
#include "core/model/llama_model.h"
#include "core/plan/criteria.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/prune/pruner.h"
#include "core/prune/sweep.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb::ui::jobs {

pb::ProgressFn subProgress(const pb::ProgressFn& outer, double lo, double hi) {
    return [outer, lo, hi](double f, std::string_view stage) {
        return !outer || outer(lo + (hi - lo) * std::clamp(f, 0.0, 1.0), stage);
    };
}

namespace {

pb::Calibration calibrationFor(const pb::LoadedModel& m, const CalibrationSpec& spec) {
    return pb::makeCalibration(*m.tokenizer, pb::assets::loadText(spec.text), spec.samples, spec.seq_len, spec.seed);
}

// Perplexity reads the first max_windows windows of the text: tokenizing only a prefix
// that surely holds them (>= 16 bytes per token is far beyond any English tokenizer's
// ratio) gives the same windows and saves tokenizing all of Moby-Dick.
std::vector<int32_t> evalIds(const pb::LoadedModel& m, const std::string& spec, int64_t windows, int64_t seq_len) {
    std::string text = pb::assets::loadText(spec);
    if (windows > 0) {
        const size_t keep = static_cast<size_t>((windows + 1) * seq_len * 16);
        if (text.size() > keep) {
            size_t cut = keep;
            while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;  // UTF-8 boundary
            text.resize(cut);
        }
    }
    return m.tokenizer->encode(text, true);
}

void requireModel(const ModelPtr& model) {
    if (!model || !model->model || !model->tokenizer) throw pb::Error("no model is loaded");
}

int64_t liveBlocks(const pb::ModelConfig& c) {
    return std::count_if(c.layers.begin(), c.layers.end(), [](const pb::LayerDims& d) { return d.hasAttention() || d.hasMlp(); });
}

Variant measure(const pb::LoadedModel& m, const pb::LlamaModel& model, const pb::ModelConfig& config, const std::vector<int32_t>& ids,
                const CompareRequest& r, const pb::ProgressFn& progress, const std::string& label) {
    Variant v;
    v.params = config.totalParams();
    v.macs = config.macs(128);
    v.blocks = liveBlocks(config);
    v.removed_fraction = 1.0 - double(v.params) / double(m.config.totalParams());
    pb::PerplexityOptions po;
    po.max_windows = r.ppl_windows;
    const auto ppl = pb::perplexity(model, ids, po, subProgress(progress, 0.0, 0.8));
    v.ppl = ppl.ppl;
    v.ppl_seconds = ppl.seconds;
    pb::reportProgress(progress, 0.85, "generating with the " + label + " model");
    pb::GenerateOptions go;
    go.max_tokens = r.gen_tokens;
    go.temperature = 0.0;
    const auto gen = pb::generate(model, *m.tokenizer, r.prompt, go);
    v.generation = gen.text;
    v.tokens_per_s = gen.tokens_per_s;
    v.ok = true;
    return v;
}

} // namespace

ScoreResult score(const ModelPtr& model, const ScoreRequest& request, const pb::ProgressFn& progress) {
    requireModel(model);
    pb::reportProgress(progress, 0.0, "preparing calibration text");
    const pb::Calibration calib = calibrationFor(*model, request.calib);
    ScoreResult out;
    const bool both = !request.width_criterion.empty() && !request.block_criterion.empty();
    if (!request.width_criterion.empty()) {
        pb::ScoreOptions o;
        o.criterion = request.width_criterion;
        o.aggregation = request.aggregation;
        out.width = pb::scoreWidth(*model->model, calib, o, subProgress(progress, 0.0, both ? 0.6 : 1.0));
    }
    if (!request.block_criterion.empty()) {
        pb::ScoreOptions o;
        o.criterion = request.block_criterion;
        out.blocks = pb::scoreBlocks(*model->model, calib, o, subProgress(progress, both ? 0.6 : 0.0, 1.0));
    }
    return out;
}

CompareResult compare(const ModelPtr& model, const CompareRequest& r, const pb::ProgressFn& progress) {
    requireModel(model);
    const pb::ModelConfig& config = model->config;
    CompareResult out;
    pb::reportProgress(progress, 0.0, "preparing texts");
    const pb::Calibration calib = calibrationFor(*model, r.calib);
    const std::vector<int32_t> ids = evalIds(*model, r.ppl_text, r.ppl_windows, 128);

    // The width part and the depth part of the editor's plan.
    pb::PruningPlan widthPlan = r.plan;
    widthPlan.dropped_blocks.clear();
    widthPlan.criterion = r.width_criterion;
    widthPlan.aggregation = r.aggregation;
    pb::PruningPlan depthPlan = pb::depthPlan(config, r.plan.dropped_blocks);
    const bool hasWidth = !widthPlan.empty();
    const bool hasDepth = !r.plan.dropped_blocks.empty();
    if (!hasWidth && !hasDepth) throw pb::Error("the plan removes nothing: set ratios or drop blocks first");
    out.target_fraction = pb::removedParamFraction(config, hasWidth ? widthPlan : depthPlan);

    if (!hasWidth) {
        const auto [first, last] = pb::defaultWidthLayers(config.numLayers());
        const double ratio = pb::widthRatioForParamFraction(config, out.target_fraction, first, last, "group", 1);
        widthPlan = pb::uniformWidthPlan(config, ratio, ratio, first, last);
        widthPlan.criterion = r.width_criterion;
        widthPlan.aggregation = r.aggregation;
    }
    if (!hasDepth) {
        pb::BlockScores blocks;
        if (r.block_scores && r.block_scores->scores.size() == config.layers.size()) {
            blocks = *r.block_scores;
        } else {
            pb::ScoreOptions o;
            o.criterion = r.block_criterion;
            blocks = pb::scoreBlocks(*model->model, calib, o, subProgress(progress, 0.0, 0.1));
        }
        int64_t best = 1;
        double bestGap = 2.0;
        for (int64_t n = 1; n < config.numLayers(); ++n) {
            const double f = pb::removedParamFraction(config, pb::depthPlan(config, pb::blocksToDrop(blocks, n)));
            if (std::abs(f - out.target_fraction) < bestGap) bestGap = std::abs(f - out.target_fraction), best = n;
        }
        depthPlan = pb::depthPlan(config, pb::blocksToDrop(blocks, best));
    }

    pb::ScoreOptions so;
    so.criterion = r.width_criterion;
    so.aggregation = r.aggregation;
    {
        // Warm-up so that the original's decoding speed is not charged with first-call costs.
        pb::GenerateOptions warm;
        warm.max_tokens = 4;
        pb::generate(*model->model, *model->tokenizer, r.prompt, warm);
    }
    out.original = measure(*model, *model->model, config, ids, r, subProgress(progress, 0.1, 0.35), "original");

    try {
        pb::PruneResult w = pb::prune(*model->model, widthPlan, calib, so, subProgress(progress, 0.35, 0.55));
        out.width = measure(*model, *w.model, pb::prunedConfig(config, w.plan), ids, r, subProgress(progress, 0.55, 0.75), "width-pruned");
        out.width.plan = w.plan;
    } catch (const pb::Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        out.width.error = e.what();
    }
    try {
        pb::PruneResult d = pb::prune(*model->model, depthPlan, calib, so, subProgress(progress, 0.75, 0.8));
        out.depth = measure(*model, *d.model, pb::prunedConfig(config, d.plan), ids, r, subProgress(progress, 0.8, 1.0), "depth-pruned");
        out.depth.plan = d.plan;
    } catch (const pb::Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        out.depth.error = e.what();
    }
    return out;
}

std::vector<SweepPointData> sweep(const ModelPtr& model, const SweepRequest& r, const pb::ProgressFn& progress,
                                  const std::function<void(const SweepPointData&)>& on_point) {
    requireModel(model);
    pb::reportProgress(progress, 0.0, "preparing texts");
    const pb::Calibration calib = calibrationFor(*model, r.calib);
    const std::vector<int32_t> ids = evalIds(*model, r.ppl_text, r.ppl_windows, 128);
    pb::SweepOptions so;
    so.criteria = r.criteria;
    so.fractions = r.fractions;
    so.score.aggregation = r.aggregation;
    so.ppl.max_windows = r.ppl_windows;
    std::vector<SweepPointData> out;
    auto convert = [&](const pb::SweepPoint& p) {
        SweepPointData d;
        d.criterion = p.criterion;
        d.depth = p.depth;
        d.target = p.target;
        d.removed_fraction = p.removed_fraction;
        d.params = p.params;
        d.ppl = p.ppl;
        d.error = p.error;
        out.push_back(d);
        if (on_point) on_point(d);
    };
    pb::sweep(*model->model, calib, ids, so, progress, convert);
    return out;
}

} // namespace pb::ui::jobs
