// Measured latency (core/bench/latency.h): random weights of a shape timed for prefill and
// decoding, every point cached per shape, device, dtype and threads (memory and disk); the
// GPU peaks read from the device (core/bench/flops.h, device_info.h).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/bench/device_info.h"
#include "core/bench/flops.h"
#include "core/bench/latency.h"
#include "core/bench/shapes.h"
#include "core/plan/plan.h"
#include "core/report/results_json.h"

namespace fs = std::filesystem;

namespace {

struct ScratchCache {
    fs::path dir;
    ScratchCache() {
        dir = fs::temp_directory_path() / ("pb_latency_" + std::to_string(::getpid()) + "_" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        pb::clearLatencyMemoryCache();
    }
    ~ScratchCache() {
        std::error_code ec;
        fs::remove_all(dir, ec);
        pb::clearLatencyMemoryCache();
    }
};

pb::LatencyOptions quick(const fs::path& cache) {
    pb::LatencyOptions o;
    o.context = 16;
    o.new_tokens = 2;
    o.contexts = {8, 16, 32};
    o.batches = {1, 2};
    o.repeat = 1;
    o.warmup = 0;
    o.cache_dir = cache;
    return o;
}

} // namespace

TEST(Latency, MeasuresPrefillAndDecodeOfTheShapeAndCachesEveryPoint) {
    ScratchCache cache;
    const pb::ModelConfig tiny = pb::benchShape("tiny");
    const pb::LatencyOptions o = quick(cache.dir);
    const auto first = pb::measureLatency({{"original", tiny}}, o);
    ASSERT_EQ(first.size(), 1u);
    const pb::LatencyProfile& p = first[0];
    ASSERT_TRUE(p.measured()) << p.error;
    EXPECT_EQ(p.label, "original");
    EXPECT_EQ(p.params, tiny.totalParams());
    EXPECT_EQ(p.context, 16);
    EXPECT_EQ(p.device, "cpu");
    EXPECT_EQ(p.dtype, "f32");
    EXPECT_GE(p.threads, 1);
    ASSERT_EQ(p.prefill.size(), 3u);  // 8, 16, 32 tokens at batch 1
    ASSERT_EQ(p.decode.size(), 2u);   // batch 1 and 2 after 16 tokens
    for (const pb::LatencyPoint& q : p.prefill) {
        EXPECT_EQ(q.batch, 1);
        EXPECT_GT(q.ms, 0.0);
        EXPECT_NEAR(q.tokens_per_s, 1e3 * double(q.context) / q.ms, 1e-6 * q.tokens_per_s);
        EXPECT_FALSE(q.cached);
    }
    EXPECT_EQ(p.decode[1].batch, 2);
    EXPECT_NEAR(p.decode[1].tokens_per_s, 2e3 / p.decode[1].ms, 1e-6 * p.decode[1].tokens_per_s);
    EXPECT_DOUBLE_EQ(p.prefill_ms, p.prefill[1].ms);
    EXPECT_DOUBLE_EQ(p.decode_tokens_per_s, p.decode[0].tokens_per_s);
    EXPECT_EQ(p.measured_points, 5);
    EXPECT_EQ(p.cached_points, 0);

    // The second time every point comes from the cache: nothing is built or timed.
    const pb::LatencyProfile again = pb::measureLatency({{"original", tiny}}, o)[0];
    EXPECT_EQ(again.measured_points, 0);
    EXPECT_EQ(again.cached_points, 5);
    EXPECT_DOUBLE_EQ(again.prefill_ms, p.prefill_ms);
    EXPECT_DOUBLE_EQ(again.decode_ms, p.decode_ms);
    // ... also in a new process: the disk cache (one JSON file per device) holds the points.
    pb::clearLatencyMemoryCache();
    const pb::LatencyProfile cached = pb::cachedLatency({"original", tiny}, o);
    ASSERT_TRUE(cached.measured()) << cached.error;
    EXPECT_DOUBLE_EQ(cached.prefill_ms, p.prefill_ms);
    EXPECT_EQ(cached.cached_points, 5);
    int files = 0;
    for (const auto& e : fs::directory_iterator(cache.dir)) {
        ++files;
        std::ifstream f(e.path());
        const nlohmann::json j = nlohmann::json::parse(f);
        EXPECT_EQ(j.at("device").get<std::string>(), pb::latencyDeviceKey("cpu"));
        EXPECT_EQ(j.at("points").size(), 5u);
    }
    EXPECT_EQ(files, 1);
    // The headline alone is served by the same points.
    pb::LatencyOptions headline = o;
    headline.contexts.clear();
    headline.batches.clear();
    const pb::LatencyProfile h = pb::cachedLatency({"original", tiny}, headline);
    EXPECT_TRUE(h.measured());
    EXPECT_EQ(h.cached_points, 2);
    // Without the cache every point is timed again.
    pb::LatencyOptions fresh = o;
    fresh.use_cache = false;
    EXPECT_EQ(pb::measureLatency({{"original", tiny}}, fresh)[0].measured_points, 5);
}

TEST(Latency, CacheKeysSeparateShapesAndDtypes) {
    ScratchCache cache;
    const pb::ModelConfig tiny = pb::benchShape("tiny");
    pb::ModelConfig narrow = tiny;
    narrow.layers[1].ffn = 64;
    pb::ModelConfig shallow = tiny;
    shallow.layers.pop_back();
    EXPECT_EQ(pb::latencyShapeKey(tiny), pb::latencyShapeKey(pb::benchShape("tiny")));
    EXPECT_NE(pb::latencyShapeKey(tiny), pb::latencyShapeKey(narrow));
    EXPECT_NE(pb::latencyShapeKey(tiny), pb::latencyShapeKey(shallow));
    EXPECT_EQ(pb::latencyShapeKey(tiny).rfind("llama-h64-L2-p", 0), 0u) << pb::latencyShapeKey(tiny);
    EXPECT_EQ(pb::latencyDeviceKey("cpu").rfind("cpu:", 0), 0u);
    const pb::LatencyOptions o = quick(cache.dir);
    pb::measureLatency({{"tiny", tiny}}, o);
    EXPECT_FALSE(pb::cachedLatency({"narrow", narrow}, o).measured());  // another shape: not cached
    pb::LatencyOptions bf16 = o;
    bf16.dtype = "bf16";
    EXPECT_FALSE(pb::cachedLatency({"tiny", tiny}, bf16).measured());  // another dtype: not cached
    EXPECT_TRUE(pb::cachedLatency({"tiny", tiny}, o).measured());
    // Measured next to a new shape, the cached one is timed again beside it: the ratios of one
    // measurement compare runs taken side by side.
    const auto pair = pb::measureLatency({{"tiny", tiny}, {"narrow", narrow}}, o);
    EXPECT_EQ(pair[0].cached_points, 0);
    EXPECT_EQ(pair[0].measured_points, 5);
    EXPECT_EQ(pair[1].measured_points, 5);
    // ... and the second time both come from the cache.
    const auto again = pb::measureLatency({{"tiny", tiny}, {"narrow", narrow}}, o);
    EXPECT_EQ(again[0].cached_points + again[1].cached_points, 10);
    EXPECT_EQ(again[0].measured_points + again[1].measured_points, 0);
}

TEST(Latency, PrunedShapesAndRatios) {
    ScratchCache cache;
    const pb::ModelConfig tiny = pb::benchShape("tiny");
    pb::LatencyOptions o = quick(cache.dir);
    o.contexts.clear();
    o.batches.clear();
    const pb::ModelConfig depth = pb::prunedConfig(tiny, pb::depthPlan(tiny, {0}));
    const auto ps = pb::measureLatency({{"original", tiny}, {"depth 50%", depth}}, o);
    ASSERT_EQ(ps.size(), 2u);
    ASSERT_TRUE(ps[0].measured() && ps[1].measured());
    EXPECT_EQ(ps[1].blocks, 1);
    EXPECT_EQ(ps[0].prefill.size(), 1u);  // the headline only
    EXPECT_DOUBLE_EQ(ps[0].seconds, ps[1].seconds);  // measured together, the shapes taking turns
    EXPECT_EQ(ps[0].decode.size(), 1u);
    EXPECT_DOUBLE_EQ(pb::prefillRatio(ps[0], ps[1]), ps[1].prefill_ms / ps[0].prefill_ms);
    EXPECT_DOUBLE_EQ(pb::decodeRatio(ps[0], ps[1]), ps[1].decode_ms / ps[0].decode_ms);
    EXPECT_TRUE(std::isnan(pb::prefillRatio(ps[0], pb::LatencyProfile{})));
    // JSON: the figures, the points, NaN as null.
    const nlohmann::json j = pb::toJson(ps[1]);
    EXPECT_EQ(j.at("label"), "depth 50%");
    EXPECT_EQ(j.at("prefill").size(), 1u);
    EXPECT_EQ(j.at("decode").at(0).at("batch"), 1);
    EXPECT_TRUE(pb::toJson(pb::LatencyProfile{}).at("prefill_ms").is_null());
}

TEST(Latency, ContextFollowsTheShapesPositionsAndTooLargeShapesSayWhy) {
    ScratchCache cache;
    pb::ModelConfig tiny = pb::benchShape("tiny");
    tiny.max_position = 20;
    pb::LatencyOptions o = quick(cache.dir);  // context 16 + 2 steps fit; 32 does not
    o.new_tokens = 8;                          // 16 + 8 > 20: the headline context becomes 12
    const pb::LatencyProfile p = pb::measureLatency({{"short", tiny}}, o)[0];
    ASSERT_TRUE(p.measured()) << p.error;
    EXPECT_EQ(p.context, 12);
    for (const pb::LatencyPoint& q : p.prefill) EXPECT_LE(q.context, 20);
    EXPECT_EQ(p.decode.front().context, 12);

    pb::ModelConfig huge = pb::benchShape("tiny");
    huge.hidden = 1 << 16;
    huge.head_dim = huge.hidden / 4;
    huge.vocab = 1 << 20;  // 2 x 68.7 G embedding parameters: no machine here has that free
    const pb::LatencyProfile h = pb::measureLatency({{"huge", huge}}, o)[0];
    EXPECT_FALSE(h.measured());
    EXPECT_NE(h.error.find("needs about"), std::string::npos) << h.error;
    EXPECT_NE(h.error.find("GiB for random weights on cpu"), std::string::npos) << h.error;

    pb::LatencyOptions bad = o;
    bad.new_tokens = 1;
    EXPECT_THROW(pb::measureLatency({{"short", tiny}}, bad), pb::Error);
    bad = o;
    bad.batches = {0};
    EXPECT_THROW(pb::measureLatency({{"short", tiny}}, bad), pb::Error);
}

TEST(DevicePeak, ReadFromTheDeviceNotFixedToOneGpu) {
    // SMs x clock x FLOPs per clock per SM of the architecture.
    EXPECT_EQ(pb::denseTensorFlopsPerClockPerSm(9, 0), 4096);
    EXPECT_EQ(pb::denseTensorFlopsPerClockPerSm(8, 0), 2048);
    EXPECT_EQ(pb::denseTensorFlopsPerClockPerSm(8, 9), 1024);
    EXPECT_EQ(pb::denseTensorFlopsPerClockPerSm(12, 0), 0);
    pb::GpuProperties h200{"NVIDIA H200", 132, 1980000, 9, 0};
    const pb::DevicePeak p = pb::devicePeak("cuda:0", h200, 780e12);
    EXPECT_DOUBLE_EQ(p.nominal, 132.0 * 1.98e9 * 4096.0);
    EXPECT_DOUBLE_EQ(p.practical, 780e12);
    EXPECT_NE(p.label.find("NVIDIA H200, sm_90: 1071 TFLOP/s dense 16-bit (132 SMs x 1980 MHz"), std::string::npos) << p.label;
    EXPECT_NE(p.label.find("measured bf16 GEMM peak 780 TFLOP/s"), std::string::npos) << p.label;
    // An A100 reads as an A100 (the fixed table knew only a few names).
    pb::GpuProperties a100{"NVIDIA A100-SXM4-80GB", 108, 1410000, 8, 0};
    EXPECT_NEAR(pb::devicePeak("cuda", a100, 0.0).nominal, 312e12, 1e12);
    EXPECT_DOUBLE_EQ(pb::devicePeak("cuda", a100, 0.0).practical, pb::devicePeak("cuda", a100, 0.0).nominal);
    // An architecture not in the table: the measured product stands for both.
    pb::GpuProperties next{"Future GPU", 200, 2000000, 12, 0};
    EXPECT_DOUBLE_EQ(pb::devicePeak("cuda", next, 500e12).nominal, 500e12);
    EXPECT_EQ(pb::devicePeak("cuda", next, 0.0).nominal, 0.0);
    EXPECT_NE(pb::devicePeak("cuda", next, 0.0).label.find("utilisation n/a"), std::string::npos);
    EXPECT_EQ(pb::devicePeak("cpu", {}, 0.0).nominal, 0.0);
    EXPECT_EQ(pb::cpuModelName().empty(), false);
}
