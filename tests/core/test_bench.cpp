// The bench command's core on shape:tiny: every work runs once and reports sane numbers.
// Not a timing test: only positivity and finiteness are checked.
#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/bench/bench.h"
#include "core/bench/flops.h"
#include "core/bench/random_model.h"
#include "core/bench/shapes.h"
#include "core/model/llama_model.h"
#include "core/util/error.h"

namespace {

pb::BenchOptions tinyOptions(const std::string& work) {
    pb::BenchOptions o;
    o.model = "shape:tiny";
    o.work = work;
    o.repeat = 2;
    o.warmup = 1;
    return o;
}

void expectSane(const pb::BenchResult& r) {
    ASSERT_EQ(r.timing.seconds.size(), 2u);
    for (double s : r.timing.seconds) EXPECT_GT(s, 0.0);
    EXPECT_GT(r.time_s, 0.0);
    EXPECT_GT(r.tokens_per_s, 0.0);
    EXPECT_GT(r.timing.tokens, 0);
    EXPECT_TRUE(std::isfinite(r.timing.loss));
    EXPECT_GT(r.timing.loss, 0.0);
    EXPECT_GT(r.model_flops, 0.0);
    EXPECT_EQ(r.util_nominal, -1.0);  // CPU: n/a
    EXPECT_GT(r.peak.bytes, 0);       // CPU: peak RSS
    EXPECT_EQ(r.params, pb::benchShape("tiny").totalParams());
    auto j = nlohmann::json::parse(pb::benchJson(r));
    EXPECT_EQ(j["impl"], "prunebench");
    EXPECT_GT(j["tokens_per_s"].get<double>(), 0.0);
    EXPECT_TRUE(j["util_nominal"].is_null());
    EXPECT_FALSE(pb::benchText(r).empty());
}

} // namespace

TEST(BenchShapes, PublishedParameterCounts) {
    EXPECT_EQ(pb::benchShape("llama-7b").totalParams(), 6738415616);
    EXPECT_EQ(pb::benchShape("llama-3-8b").totalParams(), 8030261248);
    EXPECT_EQ(pb::benchShape("smollm2-135m").totalParams(), 134515008);
    EXPECT_EQ(pb::benchShape("llama-3-8b").layers[0].n_kv_heads, 8);
    // meta-llama/Meta-Llama-3-70B: 70,553,706,496 parameters (untied embeddings).
    EXPECT_EQ(pb::benchShape("llama-70b").totalParams(), 70553706496);
    EXPECT_THROW(pb::benchShape("llama-65b"), pb::Error);
    EXPECT_EQ(pb::shapeNameOf("shape:tiny"), "tiny");
    EXPECT_EQ(pb::shapeNameOf("demo"), "");
}

TEST(BenchShapes, RandomModelIsBuiltInPlace) {
    auto m = pb::randomModel(pb::benchShape("tiny"), torch::kCPU, torch::kBFloat16, 3);
    EXPECT_EQ(m->dtype(), torch::kBFloat16);
    EXPECT_FALSE(m->layers[1].wq.requires_grad());
    torch::NoGradGuard ng;
    auto logits = m->forward(torch::randint(0, 256, {2, 8}, torch::TensorOptions().dtype(torch::kInt64)));  // [2, 8, V]
    EXPECT_EQ(logits.sizes().vec(), (std::vector<int64_t>{2, 8, 256}));
    EXPECT_TRUE(torch::isfinite(logits).all().item<bool>());
}

TEST(BenchShapes, FlopsOfAWorkScaleWithItsPasses) {
    const auto c = pb::benchShape("llama-7b");
    const double ppl = pb::workFlops(c, pb::BenchWork::Ppl, 4, 128);
    EXPECT_DOUBLE_EQ(pb::workFlops(c, pb::BenchWork::Score, 4, 128), 3 * ppl);
    EXPECT_DOUBLE_EQ(pb::workFlops(c, pb::BenchWork::Lora, 4, 128), 2 * ppl);
    // ~2 FLOPs per parameter per token for a forward at short length.
    EXPECT_NEAR(ppl / (4 * 128) / (2.0 * double(c.totalParams())), 1.0, 0.05);
}

TEST(Bench, ScoreRunsOnce) { expectSane(pb::runBench(tinyOptions("score"))); }

TEST(Bench, PerplexityRunsOnce) {
    const auto r = pb::runBench(tinyOptions("ppl"));
    expectSane(r);
    EXPECT_NEAR(r.timing.loss, std::log(256.0), 1.0);  // random weights: about uniform over the vocabulary
}

TEST(Bench, LoraRunsOnce) {
    auto o = tinyOptions("lora");
    o.seq = 32;
    expectSane(pb::runBench(o));
    o.checkpointing = true;
    expectSane(pb::runBench(o));
}

TEST(Bench, GenerateRunsOnce) {
    auto o = tinyOptions("generate");
    o.seq = 8;
    o.batch = 2;
    const auto r = pb::runBench(o);
    expectSane(r);
    EXPECT_EQ(r.timing.tokens, 16);
    EXPECT_GT(r.timing.prefill_seconds, 0.0);
}

TEST(Bench, RejectsBadOptions) {
    auto o = tinyOptions("train");
    EXPECT_THROW(pb::runBench(o), pb::Error);
    o = tinyOptions("ppl");
    o.model = "shape:nope";
    EXPECT_THROW(pb::runBench(o), pb::Error);
    o = tinyOptions("ppl");
    o.device = "tpu";
    EXPECT_THROW(pb::runBench(o), pb::Error);
}
