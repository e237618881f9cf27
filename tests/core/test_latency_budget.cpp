// A latency budget (core/bench/latency_budget.h): the bisection's invariants on measured uniform
// cuts of a real (random-weight) shape, both metrics, the refusals; the searched plan's own ratio.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "core/bench/latency_budget.h"
#include "core/bench/shapes.h"
#include "core/plan/plan.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("pb_latency_budget_" + std::to_string(::getpid()));
    Scratch() {
        fs::remove_all(dir);
        pb::clearLatencyMemoryCache();
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
        pb::clearLatencyMemoryCache();
    }
};

pb::LatencyBudget quick(const fs::path& cache, double target, pb::LatencyMetric metric) {
    pb::LatencyBudget lb;
    lb.target = target;
    lb.metric = metric;
    lb.probes = 3;
    lb.latency.context = 64;
    lb.latency.new_tokens = 4;
    lb.latency.repeat = 3;
    lb.latency.warmup = 1;
    lb.latency.cache_dir = cache;
    return lb;
}

} // namespace

TEST(LatencyBudget, BisectionMeetsTheTargetWithTheSmallestProbedCut) {
    Scratch s;
    const pb::ModelConfig m = pb::benchShape("smollm2-135m");
    const pb::Budget b{0.0, 4, 27, pb::AttentionUnit::Group, 1};
    for (const pb::LatencyMetric metric : {pb::LatencyMetric::Prefill, pb::LatencyMetric::Decode}) {
        SCOPED_TRACE(pb::latencyMetricName(metric));
        const pb::LatencyBudget lb = quick(s.dir, 0.85, metric);
        const pb::LatencyBudgetResult r = pb::fractionForLatency(m, b, lb);
        ASSERT_EQ(r.probes.size(), 4u);  // the largest cut, then 3 bisection steps
        EXPECT_DOUBLE_EQ(r.probes[0].ratio, 0.8);
        EXPECT_LE(r.time_ratio, lb.target);
        EXPECT_GT(r.fraction, 0.0);
        // The answer is a probe that met the target, and no probe with a smaller cut met it.
        bool found = false;
        for (const pb::LatencyProbe& p : r.probes) {
            EXPECT_TRUE(std::isfinite(p.time_ratio));
            EXPECT_NEAR(p.fraction, pb::removedParamFraction(m, pb::uniformWidthPlan(m, p.ratio, p.ratio, 4, 27)), 1e-12);
            if (p.fraction == r.fraction) found = p.time_ratio == r.time_ratio;
            if (p.fraction < r.fraction) EXPECT_GT(p.time_ratio, lb.target);
        }
        EXPECT_TRUE(found);
        EXPECT_TRUE(r.original.measured());
        // The searched plan measured again: a uniform plan at the answer's ratio meets the target
        // up to the timing noise of a shared CPU (the same shape as the probe).
        const double again = pb::latencyRatioOf(m, pb::uniformWidthPlan(m, r.probes[0].ratio, r.probes[0].ratio, 4, 27), lb);
        EXPECT_TRUE(std::isfinite(again));
        EXPECT_LT(again, 1.0);  // 80% of every width of 24 layers removed: faster than the original
    }
}

TEST(LatencyBudget, Refusals) {
    Scratch s;
    const pb::ModelConfig m = pb::benchShape("tiny");
    const pb::Budget b{0.0, 0, -1, pb::AttentionUnit::Group, 1};
    EXPECT_THROW(pb::fractionForLatency(m, b, quick(s.dir, 1.2, pb::LatencyMetric::Prefill)), pb::Error);
    EXPECT_THROW(pb::fractionForLatency(m, b, quick(s.dir, 0.0, pb::LatencyMetric::Prefill)), pb::Error);
    EXPECT_THROW(pb::fractionForLatency(m, {0.0, 5, 99, pb::AttentionUnit::Group, 1}, quick(s.dir, 0.8, pb::LatencyMetric::Prefill)),
                 pb::Error);
    try {  // beyond what cutting widths can do (the embedding and head stay)
        (void)pb::fractionForLatency(m, b, quick(s.dir, 0.001, pb::LatencyMetric::Prefill));
        ADD_FAILURE() << "no error";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("at most"), std::string::npos) << e.what();
    }
    EXPECT_EQ(pb::parseLatencyMetric("decode"), pb::LatencyMetric::Decode);
    EXPECT_THROW(pb::parseLatencyMetric("throughput"), pb::Error);
}
