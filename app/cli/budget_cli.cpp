#include "app/cli/budget_cli.h"

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/option_limits.h"
#include "app/cli/prune_common.h"
#include "core/plan/criteria.h"
#include "core/util/error.h"

namespace pbcli {

std::vector<OptionSpec> budgetSearchOptions() {
    return {{"budget-search", true,
             "with --target-params (width): how the budget is spread over the layers: uniform (default, one ratio), "
             "owl (OWL's outlier-aware ratios: layers with more |W|*||X|| outliers keep more) or greedy (moves of "
             "heads and MLP channels between layers that lower the calibration loss at the same parameter count)"},
            {"owl-m", true, "owl: an entry |W|*||X|| is an outlier above M x its layer's mean (default 5)"},
            {"owl-lambda", true, "owl: the ratios spread over the uniform ratio +- lambda (default 0.08)"},
            {"greedy-moves", true, "greedy: moves kept at most (default 24)"},
            {"greedy-step", true, "greedy: MLP channels per move (default an eighth of a layer's; halved down to a "
                                  "quarter of it when no move helps)"}};
}

pb::BudgetSearch budgetSearchArg(const Args& args) {
    if (!args.has("budget-search")) return pb::BudgetSearch::Uniform;
    try {
        return pb::parseBudgetSearch(args.get("budget-search"));
    } catch (const pb::Error& e) {
        throw UsageError(std::string("--budget-search: ") + e.what());
    }
}

void checkBudgetSearchArgs(const Args& args, pb::Criterion criterion) {
    const pb::BudgetSearch method = budgetSearchArg(args);
    if (args.has("budget-search") && !args.has("target-params") && !args.has("target-latency"))
        throw UsageError("--budget-search spreads a --target-params (or --target-latency) budget over the layers: give "
                         "--target-params F");
    if (args.has("latency-metric") && !args.has("target-latency"))
        throw UsageError("--latency-metric says what --target-latency counts: give --target-latency F");
    if (args.has("target-latency")) {
        if (pb::criterionInfo(criterion).depth)
            throw UsageError("--target-latency is a width budget: give a width criterion (" + pb::criterionList(false) + ")");
        if (args.has("hidden-ratio")) throw UsageError("--target-latency spreads its budget over the layers' widths: no --hidden-ratio");
        (void)latencyBudgetArg(args);  // its values, before the model loads
    }
    for (const char* o : {"owl-m", "owl-lambda"})
        if (args.has(o) && method != pb::BudgetSearch::Owl)
            throw UsageError(std::string("--") + o + " is for --budget-search owl");
    for (const char* o : {"greedy-moves", "greedy-step"})
        if (args.has(o) && method != pb::BudgetSearch::Greedy)
            throw UsageError(std::string("--") + o + " is for --budget-search greedy");
    pb::PruningPlan p;
    p.criterion = criterion;
    biasCompensationArg(args, p);
    const double hidden = args.has("hidden-ratio") ? 1.0 : 0.0;  // its value is checked with the option
    try {
        pb::checkBudgetSearch(method, criterion, args.get("ranking", "local"), p.compensatesBiases(), hidden);
    } catch (const pb::Error& e) {
        throw UsageError(e.what());
    }
}

pb::BudgetSearchResult budgetSearchFromArgs(const Args& args, pb::LoadedModel& m, const pb::ScoreOptions& so,
                                            const pb::Calibration& calib, const pb::ProgressFn& progress,
                                            double fraction, int first, int last, pb::AttentionUnit unit,
                                            int64_t round_to) {
    pb::BudgetSearchRequest rq;
    rq.method = budgetSearchArg(args);
    rq.budget = {fraction, first, last, unit, round_to};
    rq.criterion = so.criterion;
    rq.aggregation = so.aggregation;
    rq.batch = so.batch;
    rq.seed = so.seed;
    pb::PruningPlan p;
    biasCompensationArg(args, p);
    rq.bias_compensation = p.bias_compensation;
    rq.owl.m = args.getDouble("owl-m", rq.owl.m, NumberRange{0.0, 1e6, true, false});
    rq.owl.lambda = args.getDouble("owl-lambda", rq.owl.lambda, NumberRange{0.0, 0.5});
    rq.greedy.max_moves = int(args.getInt("greedy-moves", rq.greedy.max_moves, 0, 10000));
    rq.greedy.mlp_step = args.getInt("greedy-step", 0, 1, 1 << 20);
    return pb::searchBudget(*m.model, calib, rq, progress);
}

nlohmann::json budgetSearchJson(const pb::ModelConfig& c, const pb::BudgetSearchResult& r) {
    nlohmann::json j = {{"method", pb::budgetSearchName(r.method)}, {"uniform_ratio", r.uniform_ratio},
                        {"target_removed", r.target_removed}, {"removed", r.removed},
                        {"rounding_unit_params", r.unit_params}, {"seconds", r.seconds}};
    nlohmann::json layers = nlohmann::json::array();
    for (size_t i = 0; i < r.plan.layers.size() && i < c.layers.size(); ++i)
        layers.push_back({{"attention_ratio", r.plan.layers[i].attention_ratio},
                          {"mlp_ratio", r.plan.layers[i].mlp_ratio}});
    j["layers"] = layers;
    if (!r.outlier_ratio.empty()) j["outlier_ratio"] = r.outlier_ratio, j["owl_ratio"] = r.owl_ratio;
    if (r.greedy) {
        nlohmann::json moves = nlohmann::json::array();
        for (const pb::BudgetMove& mv : r.greedy->moves)
            moves.push_back({{"unit", mv.attention ? "attention" : "mlp"}, {"from", mv.from}, {"to", mv.to},
                             {"units", mv.units}, {"loss", mv.loss}});
        j["greedy"] = {{"start_loss", r.greedy->start_loss}, {"loss", r.greedy->loss}, {"moves", moves},
                       {"evaluations", r.greedy->evaluations}, {"seconds", r.greedy->seconds}};
    }
    return j;
}

void printBudgetSearch(const pb::ModelConfig& c, const pb::BudgetSearchResult& r) {
    std::printf("budget search %s: %lld parameters removed for a target of %lld (rounding unit %lld), uniform ratio "
                "%.3f\n",
                pb::budgetSearchName(r.method).c_str(), (long long)r.removed, (long long)r.target_removed,
                (long long)r.unit_params, r.uniform_ratio);
    std::printf("  per-layer ratios (attention/MLP):");
    for (size_t i = 0; i < r.plan.layers.size() && i < c.layers.size(); ++i)
        std::printf(" %zu:%.2f/%.3f", i, r.plan.layers[i].attention_ratio, r.plan.layers[i].mlp_ratio);
    std::printf("\n");
    if (r.greedy)
        std::printf("  calibration loss %.5f (uniform) -> %.5f after %zu moves (%d losses measured, %.1f s)\n",
                    r.greedy->start_loss, r.greedy->loss, r.greedy->moves.size(), r.greedy->evaluations,
                    r.greedy->seconds);
}

std::vector<OptionSpec> latencyBudgetOptions() {
    return {{"target-latency", true,
             "width: the parameter budget whose uniform cut of --layers makes the measured prefill time (128 tokens, "
             "batch 1) this fraction of the original's on --device/--dtype, e.g. 0.8 (random weights of each shape, "
             "cached; found by bisection); the per-layer ratios then by --budget-search, and the pruned shape measured "
             "again"},
            {"latency-metric", true, "what --target-latency counts: prefill (default) or decode (the time per token "
                                     "at batch 1)"}};
}

pb::LatencyBudget latencyBudgetArg(const Args& args) {
    pb::LatencyBudget lb;
    lb.target = args.getDouble("target-latency", 0.8, limits::kOpenFraction);
    try {
        lb.metric = pb::parseLatencyMetric(args.get("latency-metric", "prefill"));
    } catch (const pb::Error& e) {
        throw UsageError(std::string("--latency-metric: ") + e.what());
    }
    lb.latency.device = args.get("device", "cpu");
    lb.latency.dtype = args.get("dtype", "f32");
    return lb;
}

pb::LatencyBudgetResult latencyBudgetFromArgs(const Args& args, const pb::ModelConfig& c, int first, int last,
                                              pb::AttentionUnit unit, int64_t round_to, const pb::ProgressFn& progress) {
    const pb::Budget b{0.0, first, last, unit, round_to};
    return pb::fractionForLatency(c, b, latencyBudgetArg(args), progress);
}

nlohmann::json latencyBudgetJson(const pb::LatencyBudget& lb, const pb::LatencyBudgetResult& r, double plan_ratio) {
    nlohmann::json probes = nlohmann::json::array();
    for (const pb::LatencyProbe& p : r.probes)
        probes.push_back({{"uniform_ratio", p.ratio}, {"removed_fraction", p.fraction}, {"time_ratio", p.time_ratio}});
    return {{"target", lb.target}, {"metric", pb::latencyMetricName(lb.metric)}, {"device", r.original.device},
            {"device_name", r.original.device_name}, {"dtype", r.original.dtype}, {"threads", r.original.threads},
            {"context", r.original.context}, {"fraction", r.fraction}, {"uniform_time_ratio", r.time_ratio},
            {"plan_time_ratio", plan_ratio}, {"probes", probes}};
}

void printLatencyBudget(const pb::LatencyBudget& lb, const pb::LatencyBudgetResult& r, double plan_ratio) {
    const char* what = lb.metric == pb::LatencyMetric::Decode ? "decode time per token" : "prefill time";
    std::printf("latency budget: %s at most %.3f of the original's on %s (%s", what, lb.target, r.original.device.c_str(),
                r.original.dtype.c_str());
    if (r.original.device.rfind("cuda", 0) != 0) std::printf(", %d thread(s)", r.original.threads);
    std::printf(")\n  probes (uniform ratio: removed, time ratio):");
    for (const pb::LatencyProbe& p : r.probes) std::printf(" %.3f: %.1f%%, %.3f;", p.ratio, 100 * p.fraction, p.time_ratio);
    std::printf("\n  budget %.1f%% of the parameters (uniform cut measured at %.3f); the pruned plan measured at %.3f\n",
                100 * r.fraction, r.time_ratio, plan_ratio);
}

} // namespace pbcli
