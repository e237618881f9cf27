#include "core/prune/budget_planner.h"

#include <chrono>

#include "core/model/llama_model.h"
#include "core/prune/importance.h"
#include "core/prune/outlier_ratio.h"

namespace pb {

BudgetSearchResult searchBudget(LlamaModel& model, const Calibration& calib, const BudgetSearchRequest& rq,
                                const ProgressFn& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const ModelConfig& c = model.config;
    const Budget& b = rq.budget;
    PruningPlan settings;  // the plan's fields that are not ratios
    settings.criterion = rq.criterion;
    settings.aggregation = rq.aggregation;
    settings.bias_compensation = rq.bias_compensation;
    checkBudgetSearch(rq.method, rq.criterion, "local", settings.compensatesBiases(), 0.0);
    const int n = int(c.numLayers());
    const int first = std::max(b.first, 0), last = b.last < 0 ? n - 1 : std::min(b.last, n - 1);
    BudgetSearchResult r;
    r.method = rq.method;
    r.uniform_ratio = widthRatioForParamFraction(c, b.fraction, first, last, b.unit, b.round_to);  // throws unreachable
    r.target_removed = targetRemovedParams(c, b.fraction);
    r.unit_params = budgetUnitParams(c, b);
    const std::vector<double> uniform(c.layers.size(), r.uniform_ratio);
    switch (rq.method) {
        case BudgetSearch::Uniform:
            r.plan = uniformWidthPlan(c, r.uniform_ratio, r.uniform_ratio, first, last, b.unit);
            r.plan.round_to = b.round_to;
            break;
        case BudgetSearch::Owl: {
            checkOwlOptions(rq.owl);
            r.outlier_ratio = layerOutlierRatios(model, calib, rq.owl.m, first, last, rq.batch, progress);
            r.owl_ratio = owlLayerRatios(r.outlier_ratio, r.uniform_ratio, rq.owl.lambda);
            std::vector<double> ratios = uniform;
            for (int i = first; i <= last; ++i) ratios[size_t(i)] = r.owl_ratio[size_t(i - first)];
            r.plan = fitToBudget(c, ratios, b);
            break;
        }
        case BudgetSearch::Greedy: {
            ScoreOptions so;
            so.criterion = rq.criterion;
            so.aggregation = rq.aggregation;
            so.batch = rq.batch;
            so.seed = rq.seed;
            r.scores = scoreWidth(model, calib, so, subProgress(progress, 0.0, 0.3));
            PruningPlan start = fitToBudget(c, uniform, b);
            start.criterion = settings.criterion;
            start.aggregation = settings.aggregation;
            start.bias_compensation = settings.bias_compensation;
            r.greedy = greedyBudgetSearch(model, calib, *r.scores, start, b, rq.greedy, subProgress(progress, 0.3, 1.0));
            r.plan = r.greedy->plan;
            break;
        }
    }
    r.plan.criterion = settings.criterion;
    r.plan.aggregation = settings.aggregation;
    r.plan.attention_unit = b.unit;
    r.plan.round_to = b.round_to;
    r.plan.ranking = "local";
    r.plan.bias_compensation = settings.bias_compensation;
    r.removed = removedParams(c, r.plan);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace pb
