#pragma once
// A latency budget for the width budget search (issue 18): the fraction of the parameters whose
// uniform width cut of the budget's layers makes the model's measured time a given fraction of
// the original's on this device (core/bench/latency.h: random weights of each shape, cached per
// shape). The time is the prefill of `context` tokens at batch 1, or the decode time per token
// after them. Found by bisection over the uniform ratio, each probe measured beside the original
// (one run, taking turns, so a changing load weighs on both alike). The per-layer split is then
// the budget search's (uniform, OWL, greedy: core/prune/budget_planner.h) at that parameter
// count, and the searched plan's own shape is measured again (latencyRatioOf). Torch-free.
#include <string>
#include <vector>

#include "core/bench/latency.h"
#include "core/plan/budget_search.h"
#include "core/util/progress.h"

namespace pb {

enum class LatencyMetric { Prefill, Decode };
std::string latencyMetricName(LatencyMetric m);           // "prefill" | "decode"
LatencyMetric parseLatencyMetric(const std::string& name);  // throws pb::Error naming the choices

struct LatencyBudget {
    double target = 0.8;  // the pruned model's time as a fraction of the original's, in (0, 1)
    LatencyMetric metric = LatencyMetric::Prefill;
    LatencyOptions latency;  // device, dtype, context, repeats (contexts/batches ignored: the headline only)
    int probes = 7;          // bisection steps (each one measurement of a uniform shape)
};

struct LatencyProbe {
    double ratio = 0;     // the uniform width ratio of the probe
    double fraction = 0;  // of the parameters it removes
    double time_ratio = NAN;  // its measured time / the original's
};

struct LatencyBudgetResult {
    double fraction = 0;      // of the parameters: the smallest probed cut that meets the target
    double time_ratio = NAN;  // that cut's measured time / the original's
    std::vector<LatencyProbe> probes;  // in the order measured
    LatencyProfile original;  // the last measurement of the original
};

// The time ratio of `pruned` to `original` by the budget's metric (prefillRatio / decodeRatio).
double timeRatio(const LatencyProfile& original, const LatencyProfile& pruned, LatencyMetric metric);

// Throws pb::Error for a target outside (0, 1), layers out of range, a shape that cannot be
// measured, or a target the width cut of the budget's layers cannot reach (saying how far the
// largest cut gets). budget.fraction is ignored. pb::Cancelled from progress.
LatencyBudgetResult fractionForLatency(const ModelConfig& model, const Budget& budget, const LatencyBudget& latency,
                                       const ProgressFn& progress = {});

// The measured time ratio of `plan`'s shape to the original's (both measured in one run).
double latencyRatioOf(const ModelConfig& model, const PruningPlan& plan, const LatencyBudget& latency,
                      const ProgressFn& progress = {});

} // namespace pb
