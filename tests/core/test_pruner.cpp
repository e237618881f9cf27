// The pruning pipeline: resolved plans replay exactly; iterative steps re-score.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/prune/apply.h"
#include "core/prune/pruner.h"
#include "core/prune/sweep.h"
#include "core/util/error.h"

namespace {

struct Tiny {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    pb::Calibration calib{torch::randint(0, 256, {4, 12}, torch::TensorOptions().dtype(torch::kInt64))};
    torch::Tensor x = torch::randint(0, 256, {1, 10}, torch::TensorOptions().dtype(torch::kInt64));
};

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

TEST(Pruner, ResolvedPlanReplaysToTheSameModel) {
    Tiny t;
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::TaylorElement1;
    pb::PruningPlan plan = pb::uniformWidthPlan(t.m.config, 0.5, 0.5);
    pb::PruneResult r = pb::prune(*t.m.model, plan, t.calib, so);
    ASSERT_TRUE(r.plan.resolved());
    EXPECT_EQ(r.model->config.layers[0].n_kv_heads, 1);
    EXPECT_EQ(r.model->config.layers[0].ffn, 24);
    EXPECT_LT(r.params_after, r.params_before);
    pb::PruningPlan replayed = pb::PruningPlan::fromJson(r.plan.toJson());
    pb::LlamaModel again = pb::applyPlan(*t.m.model, replayed);
    torch::NoGradGuard ng;
    EXPECT_EQ(maxDiff(again.forward(t.x), r.model->forward(t.x)), 0.0);
}

TEST(Pruner, IterativeStepsRescoreAndMapBackToTheOriginal) {
    Tiny t;
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::TaylorElement1;
    pb::PruningPlan plan = pb::uniformWidthPlan(t.m.config, 0.0, 0.5);
    plan.iterative_steps = 3;
    int scored = 0;
    auto progress = [&](double, std::string_view s) {
        if (s == "scored") ++scored;
        return true;
    };
    pb::PruneResult r = pb::prune(*t.m.model, plan, t.calib, so, progress);
    EXPECT_EQ(scored, 3) << "one scoring per step";
    EXPECT_EQ(r.model->config.layers[1].ffn, 24);  // the same final width as one shot
    for (int64_t c : *r.plan.layers[1].mlp_keep) EXPECT_LT(c, 48);  // indices of the ORIGINAL model
    pb::LlamaModel again = pb::applyPlan(*t.m.model, r.plan);
    torch::NoGradGuard ng;
    EXPECT_EQ(maxDiff(again.forward(t.x), r.model->forward(t.x)), 0.0);
}

TEST(Pruner, HeadModeAndGlobalRanking) {
    Tiny t;
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::L2;
    pb::PruningPlan plan = pb::uniformWidthPlan(t.m.config, 0.5, 0.25);
    plan.attention_unit = pb::AttentionUnit::Head;
    plan.ranking = "global";
    pb::PruneResult r = pb::prune(*t.m.model, plan, t.calib, so);
    EXPECT_EQ(r.model->config.layers[0].n_heads, 2);     // 1 of 2 query heads per group
    EXPECT_EQ(r.model->config.layers[0].n_kv_heads, 2);  // KV heads stay
    EXPECT_EQ(r.model->config.layers[0].ffn + r.model->config.layers[1].ffn, 72);  // 24 removed in total
}

TEST(Pruner, CancelLeavesTheOriginalIntact) {
    Tiny t;
    auto before = t.m.model->layers[0].w_up.clone();
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::TaylorElement2;
    int calls = 0;
    auto cancel = [&](double, std::string_view) { return ++calls < 3; };
    EXPECT_THROW(pb::prune(*t.m.model, pb::uniformWidthPlan(t.m.config, 0.5, 0.5), t.calib, so, cancel), pb::Cancelled);
    EXPECT_TRUE(torch::equal(before, t.m.model->layers[0].w_up));
    EXPECT_FALSE(t.m.model->layers[0].w_up.requires_grad());
}

TEST(Sweep, WidthAndDepthPointsAtEqualBudgets) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama3");  // 3 layers
    pb::Calibration calib{torch::randint(0, 256, {2, 12}, torch::TensorOptions().dtype(torch::kInt64))};
    std::vector<int32_t> ids(200);
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = int32_t((i * 37) % 256);
    pb::SweepOptions o;
    o.criteria = {pb::Criterion::L1, pb::Criterion::BlockBi};
    o.fractions = {0.2, 0.3};
    o.ppl.seq_len = 16;
    std::vector<pb::SweepPoint> seen;
    auto pts = pb::sweep(*m.model, calib, ids, o, {}, [&](const pb::SweepPoint& p) { seen.push_back(p); });
    ASSERT_EQ(pts.size(), 5u);
    EXPECT_EQ(seen.size(), 5u);
    EXPECT_EQ(pts[0].criterion, "dense");
    EXPECT_DOUBLE_EQ(pts[0].removed_fraction, 0.0);
    for (size_t i = 1; i < pts.size(); ++i) {
        if (!pts[i].error.empty()) continue;
        EXPECT_GT(pts[i].removed_fraction, 0.0) << pts[i].criterion;
        EXPECT_GT(pts[i].ppl, 1.0);
    }
    EXPECT_TRUE(pts[3].depth);
    EXPECT_EQ(pts[3].dropped_blocks.size(), 1u);
    o.fractions = {1.5};
    EXPECT_THROW(pb::sweep(*m.model, calib, ids, o), pb::Error);
}

} // namespace

// A ratio that removes no unit of a layer (0.2 of 2 KV groups: Qwen2.5's 14/2 heads; here 0.1 of
// tiny_qwen2's 4 query heads per group) still resolves the plan: the layer keeps every unit, and
// the plan can be saved and replayed (before: "the plan gives ratios but no unit indices").
TEST(Pruner, ARatioThatRemovesNoUnitStillResolves) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_qwen2");
    const pb::ModelConfig& c = m.config;
    const int64_t per_group = c.layers[0].n_heads / c.layers[0].n_kv_heads;
    ASSERT_EQ(per_group, 4);
    pb::PruningPlan plan = pb::uniformWidthPlan(c, 0.1, 0.25, 0, -1, pb::AttentionUnit::Head);
    ASSERT_EQ(pb::unitsRemoved(per_group, 0.1, 1), 0);
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::L2;
    const pb::PruneResult r = pb::prune(*m.model, plan, pb::Calibration{}, so, {});
    EXPECT_TRUE(r.plan.resolved());
    ASSERT_TRUE(r.plan.layers[0].attention_keep.has_value());
    EXPECT_EQ(int64_t(r.plan.layers[0].attention_keep->size()), c.layers[0].n_heads);
    EXPECT_LT(r.model->config.layers[0].ffn, c.layers[0].ffn);
}
