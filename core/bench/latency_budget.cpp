#include "core/bench/latency_budget.h"

#include <cmath>
#include <cstdio>

#include "core/plan/plan.h"
#include "core/util/error.h"

namespace pb {

namespace {

// The largest uniform ratio probed: every layer keeps at least a fifth of its units.
constexpr double kMaxRatio = 0.8;

std::string percent(double x) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f%%", 100.0 * x);
    return b;
}

std::string fixed3(double x) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", x);
    return b;
}

// The original and `plan`'s shape measured in one run; the time ratio by the metric.
double measureRatio(const ModelConfig& model, const PruningPlan& plan, const LatencyBudget& lb, LatencyProfile* original,
                    const ProgressFn& progress) {
    LatencyOptions o = lb.latency;
    o.contexts.clear();
    o.batches.clear();
    const std::vector<LatencyShape> shapes = {{"original", model, "original"}, {"plan", prunedConfig(model, plan), "width"}};
    const std::vector<LatencyProfile> p = measureLatency(shapes, o, progress);
    for (const LatencyProfile& x : p)
        if (!x.error.empty()) throw Error("measuring the latency of the " + x.label + " shape: " + x.error);
    if (original) *original = p[0];
    const double r = timeRatio(p[0], p[1], lb.metric);
    if (!std::isfinite(r)) throw Error("the latency of the " + latencyMetricName(lb.metric) + " could not be measured");
    return r;
}

} // namespace

std::string latencyMetricName(LatencyMetric m) { return m == LatencyMetric::Decode ? "decode" : "prefill"; }

LatencyMetric parseLatencyMetric(const std::string& name) {
    if (name == "prefill") return LatencyMetric::Prefill;
    if (name == "decode") return LatencyMetric::Decode;
    throw Error("unknown latency metric '" + name + "' (use prefill or decode)");
}

double timeRatio(const LatencyProfile& original, const LatencyProfile& pruned, LatencyMetric metric) {
    return metric == LatencyMetric::Decode ? decodeRatio(original, pruned) : prefillRatio(original, pruned);
}

LatencyBudgetResult fractionForLatency(const ModelConfig& model, const Budget& budget, const LatencyBudget& lb,
                                       const ProgressFn& progress) {
    if (!(lb.target > 0.0 && lb.target < 1.0))
        throw Error("a latency target is a fraction of the original's time in (0, 1), not " + std::to_string(lb.target));
    if (lb.probes < 1) throw Error("the latency search needs at least one probe");
    const int n = int(model.numLayers());
    const int last = budget.last < 0 ? n - 1 : budget.last;
    if (budget.first < 0 || budget.first > last || last >= n)
        throw Error("layers " + std::to_string(budget.first) + "-" + std::to_string(last) + " are out of range (0-" +
                    std::to_string(n - 1) + ")");
    LatencyBudgetResult out;
    const int steps = lb.probes + 1;  // the largest cut first, then the bisection
    auto probe = [&](double ratio, int k) {
        const PruningPlan plan = uniformWidthPlan(model, ratio, ratio, budget.first, last, budget.unit);
        const ProgressFn sub = subProgress(progress, double(k) / steps, double(k + 1) / steps);
        reportProgress(sub, 0.0, "uniform width ratio " + fixed3(ratio));
        LatencyProbe p{ratio, removedParamFraction(model, plan), measureRatio(model, plan, lb, &out.original, sub)};
        out.probes.push_back(p);
        return p;
    };
    const LatencyProbe largest = probe(kMaxRatio, 0);
    if (largest.time_ratio > lb.target)
        throw Error("the width cut of layers " + std::to_string(budget.first) + "-" + std::to_string(last) +
                    " reaches " + fixed3(largest.time_ratio) + " of the original's " + latencyMetricName(lb.metric) +
                    " time at most (uniform ratio " + fixed3(kMaxRatio) + ", " + percent(largest.fraction) +
                    " of the parameters), above the target " + fixed3(lb.target) + ": widen the layer range or drop blocks");
    double lo = 0.0;  // meets nothing (the original: ratio 1)
    LatencyProbe best = largest;
    for (int k = 1; k <= lb.probes; ++k) {
        const double mid = 0.5 * (lo + best.ratio);
        const LatencyProbe p = probe(mid, k);
        if (p.time_ratio <= lb.target) best = p;
        else lo = mid;
    }
    out.fraction = best.fraction;
    out.time_ratio = best.time_ratio;
    return out;
}

double latencyRatioOf(const ModelConfig& model, const PruningPlan& plan, const LatencyBudget& lb, const ProgressFn& progress) {
    return measureRatio(model, plan, lb, nullptr, progress);
}

} // namespace pb
