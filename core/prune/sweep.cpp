#include "core/prune/sweep.h"

#include <chrono>
#include <cmath>

#include "core/evalzs/loglikelihood.h"
#include "core/model/llama_model.h"
#include "core/plan/criteria.h"
#include "core/plan/depth_budget.h"
#include "core/prune/apply.h"
#include "core/util/error.h"

namespace pb {

std::pair<int, int> defaultWidthLayers(int64_t n) {
    if (n < 8) return {0, static_cast<int>(n) - 1};
    return {4, static_cast<int>(n) - 3};
}

std::vector<SweepPoint> sweep(LlamaModel& model, const Calibration& calib, const std::vector<int32_t>& eval_ids,
                              const SweepOptions& o, const ProgressFn& progress,
                              const std::function<void(const SweepPoint&)>& on_point) {
    for (double f : o.fractions)
        if (!(f > 0.0 && f < 1.0)) throw Error("sweep fractions must be in (0, 1), got " + std::to_string(f));
    if (!o.tasks.empty() && !o.tokenizer) throw Error("a sweep with zero-shot tasks needs the model's tokenizer");
    const ModelConfig& cfg = model.config;
    auto [first, last] = defaultWidthLayers(cfg.numLayers());
    if (o.first_layer >= 0) first = o.first_layer;
    if (o.last_layer >= 0) last = o.last_layer;
    const double total_steps = double(o.criteria.size() * (o.fractions.size() + 1) + 1);
    double step = 0;
    auto sub = [&](std::string_view what) -> ProgressFn {
        if (!progress) return {};
        const double base = step;
        return [=, &progress](double f, std::string_view s) {
            return progress((base + f) / total_steps, std::string(what) + ": " + std::string(s));
        };
    };
    std::vector<SweepPoint> out;
    auto emit = [&](SweepPoint p) {
        out.push_back(p);
        if (on_point) on_point(p);
    };
    auto measure = [&](const LlamaModel& m, SweepPoint& p, std::string_view what) {
        const auto t0 = std::chrono::steady_clock::now();
        const bool with_tasks = !o.tasks.empty();
        p.ppl = perplexity(m, eval_ids, o.ppl, with_tasks ? subProgress(sub(what), 0.0, 0.3) : sub(what)).ppl;
        if (with_tasks) {
            zs::LogLikelihoodOptions lo;
            lo.batch = o.task_batch;
            lo.harness = o.harness;
            const auto ll = zs::modelLogLikelihood(m, *o.tokenizer, lo);
            for (size_t i = 0; i < o.tasks.size(); ++i) {
                const double a = 0.3 + 0.7 * double(i) / double(o.tasks.size()), b = 0.3 + 0.7 * double(i + 1) / double(o.tasks.size());
                p.tasks.push_back(zs::scoreTask(o.tasks[i], ll, 0, 4, subProgress(sub(what), a, b)));
            }
        }
        p.eval_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        p.params = m.config.totalParams();
        p.removed_fraction = 1.0 - double(p.params) / double(cfg.totalParams());
    };
    SweepPoint dense;
    dense.criterion = "dense";
    measure(model, dense, "dense");
    emit(dense);
    step += 1;

    for (const Criterion c : o.criteria) {
        const std::string& crit = criterionName(c);
        const bool depth = criterionInfo(c).depth;
        ScoreOptions so = o.score;
        so.criterion = c;
        if (c == Criterion::BlockSleb)  // SLEB's greedy order must reach the largest budget
            for (double f : o.fractions) so.sleb_steps = std::max(so.sleb_steps, maxBlocksForParamFraction(cfg, f));
        WidthScores ws;
        BlockScores bs;
        // Fusion chooses its mix for the plan it cuts: scored again at every fraction (below).
        const bool per_plan = c == Criterion::Fusion;
        if (depth) bs = scoreBlocks(model, calib, so, sub(crit + " scoring"));
        else if (!per_plan) ws = scoreWidth(model, calib, so, sub(crit + " scoring"));
        const double score_seconds = depth ? bs.seconds : ws.seconds;
        step += 1;
        for (double f : o.fractions) {
            SweepPoint p;
            p.criterion = crit;
            p.depth = depth;
            p.target = f;
            p.score_seconds = score_seconds;
            try {
                PruningPlan plan;
                if (depth) {
                    const DepthBudget budget =
                        depthBudget(cfg, f, droppableBlockOrder(bs, o.protect_first, o.protect_last));
                    plan = depthPlan(cfg, blocksToDrop(bs, budget.blocks, o.protect_first, o.protect_last));
                    p.dropped_blocks = plan.dropped_blocks;
                } else {
                    const double r = widthRatioForParamFraction(cfg, f, first, last, o.attention_unit, o.round_to);
                    plan = uniformWidthPlan(cfg, r, r, first, last, o.attention_unit);
                    plan.attention_unit = o.attention_unit;
                    plan.round_to = o.round_to;
                    plan.aggregation = so.aggregation;
                    if (per_plan) {
                        so.fusion_plan = plan;
                        ws = scoreWidth(model, calib, so, sub(crit + " scoring at " + std::to_string(int(f * 100)) + "%"));
                        p.score_seconds = ws.seconds;
                    }
                    plan = resolvePlan(cfg, plan, ws);
                }
                p.plan = plan;
                LlamaModel pruned = applyPlan(model, plan);
                measure(pruned, p, crit + " at " + std::to_string(int(f * 100)) + "%");
            } catch (const Cancelled&) {
                throw;
            } catch (const Error& e) {
                p.error = e.what();
            }
            emit(p);
            step += 1;
        }
    }
    reportProgress(progress, 1.0, "sweep done");
    return out;
}

} // namespace pb
