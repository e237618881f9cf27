// Apply invariants and masking equivalence: for every group kind, the pruned model's
// output equals the original model's output with that group's units zeroed.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/prune/apply.h"
#include "core/prune/masking.h"
#include "core/util/error.h"

namespace {

pb::LoadedModel tiny(const std::string& name) { return pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/" + name); }

torch::Tensor ids() { return torch::randint(0, 256, {2, 12}, torch::TensorOptions().dtype(torch::kInt64)); }

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

class Masking : public ::testing::TestWithParam<std::string> {};

TEST_P(Masking, RemovingAKvGroupEqualsZeroingItsHeads) {
    pb::LoadedModel m = tiny(GetParam());
    torch::NoGradGuard ng;
    const auto x = ids();
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    const pb::LayerDims d = m.config.layers[1];
    const int64_t g = d.n_heads / d.n_kv_heads;
    if (d.n_kv_heads < 2) GTEST_SKIP() << "one KV group only";
    plan.layers[1].attention_keep = std::vector<int64_t>{0};  // drop KV groups 1..
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    EXPECT_EQ(pruned.config.layers[1].n_kv_heads, 1);
    EXPECT_EQ(pruned.config.layers[1].n_heads, g);
    std::vector<int64_t> removed;
    for (int64_t h = g; h < d.n_heads; ++h) removed.push_back(h);
    pb::MaskGuard mask(*m.model);
    mask.maskHeads(1, removed);
    EXPECT_LT(maxDiff(pruned.forward(x), m.model->forward(x)), 1e-5);
}

TEST_P(Masking, RemovingQueryHeadsPerGroupEqualsZeroingThem) {
    pb::LoadedModel m = tiny(GetParam());
    torch::NoGradGuard ng;
    const auto x = ids();
    const pb::LayerDims d = m.config.layers[0];
    const int64_t g = d.n_heads / d.n_kv_heads;
    if (g < 2) GTEST_SKIP() << "no query heads to remove inside a group";
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    plan.attention_unit = pb::AttentionUnit::Head;
    std::vector<int64_t> keep, removed;
    for (int64_t h = 0; h < d.n_heads; ++h) (h % g == g - 1 ? keep : removed).push_back(h);  // last head of each group
    plan.layers[0].attention_keep = keep;
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    EXPECT_EQ(pruned.config.layers[0].n_heads, d.n_kv_heads);
    EXPECT_EQ(pruned.config.layers[0].n_kv_heads, d.n_kv_heads);
    pb::MaskGuard mask(*m.model);
    mask.maskHeads(0, removed);
    EXPECT_LT(maxDiff(pruned.forward(x), m.model->forward(x)), 1e-5);
}

TEST_P(Masking, RemovingMlpChannelsEqualsZeroingThem) {
    pb::LoadedModel m = tiny(GetParam());
    torch::NoGradGuard ng;
    const auto x = ids();
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    plan.round_to = 1;
    std::vector<int64_t> keep, removed;
    for (int64_t c = 0; c < m.config.layers[1].ffn; ++c) (c % 3 == 0 ? removed : keep).push_back(c);
    plan.layers[1].mlp_keep = keep;
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    EXPECT_EQ(pruned.config.layers[1].ffn, static_cast<int64_t>(keep.size()));
    pb::MaskGuard mask(*m.model);
    mask.maskMlpChannels(1, removed);
    EXPECT_LT(maxDiff(pruned.forward(x), m.model->forward(x)), 1e-5);
}

TEST_P(Masking, DroppingABlockEqualsSkippingIt) {
    pb::LoadedModel m = tiny(GetParam());
    torch::NoGradGuard ng;
    const auto x = ids();
    pb::LlamaModel pruned = pb::applyPlan(*m.model, pb::depthPlan(m.config, {1}));
    EXPECT_EQ(pruned.config.numLayers(), m.config.numLayers() - 1);
    std::vector<bool> skip(m.config.layers.size(), false);
    skip[1] = true;
    EXPECT_LT(maxDiff(pruned.forward(x), m.model->forward(x, nullptr, {}, &skip)), 1e-5);
}

// gemma3: tiny_gemma3 has one KV head (4 query heads), tiny_gemma3_gguf two (GQA groups of 2).
INSTANTIATE_TEST_SUITE_P(Fixtures, Masking, ::testing::Values("tiny_llama", "tiny_qwen2", "tiny_per_layer", "tiny_gemma3",
                                                              "tiny_gemma3_gguf/model.gguf"));

// gemma3 with one KV head: head mode prunes query heads (q rows and o_proj columns) and keeps
// k, v and the norms whole; q_norm/k_norm ([head_dim], shared by the heads) are not cut.
TEST(MaskingGemma3, HeadModeWithOneKvHeadCutsQueryRowsAndOutputColumnsOnly) {
    pb::LoadedModel m = tiny("tiny_gemma3");
    ASSERT_EQ(m.config.layers[2].n_kv_heads, 1);
    const int64_t hd = m.config.head_dim;
    torch::NoGradGuard ng;
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    plan.attention_unit = pb::AttentionUnit::Head;
    plan.layers[2].attention_keep = std::vector<int64_t>{1, 3};
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    const pb::LayerWeights& a = m.model->layers[2];
    const pb::LayerWeights& b = pruned.layers[2];
    EXPECT_EQ(pruned.config.layers[2].n_heads, 2);
    EXPECT_EQ(pruned.config.layers[2].n_kv_heads, 1);
    EXPECT_TRUE(torch::equal(b.wq, torch::cat({a.wq.narrow(0, hd, hd), a.wq.narrow(0, 3 * hd, hd)})));
    EXPECT_TRUE(torch::equal(b.wo, torch::cat({a.wo.narrow(1, hd, hd), a.wo.narrow(1, 3 * hd, hd)}, 1)));
    using Pair = std::pair<const torch::Tensor*, const torch::Tensor*>;
    for (const Pair& p : std::vector<Pair>{{&a.wk, &b.wk}, {&a.wv, &b.wv}, {&a.q_norm, &b.q_norm}, {&a.k_norm, &b.k_norm},
                                           {&a.attn_norm, &b.attn_norm}, {&a.post_attn_norm, &b.post_attn_norm}})
        EXPECT_TRUE(torch::equal(*p.first, *p.second));
    EXPECT_TRUE(pruned.config.layers[2].sliding);
    pb::MaskGuard mask(*m.model);
    mask.maskHeads(2, {0, 2});
    const auto x = ids();
    EXPECT_LT(maxDiff(pruned.forward(x), m.model->forward(x)), 1e-5);
}

// With one KV head the only attention group is the whole attention: a group-mode plan that
// removes it is refused (drop the block instead). Removing the sublayer (q/k/v/o and its
// norms: input, q_norm, k_norm, post-attention) equals zeroing every head: RMSNorm(0) = 0,
// so the residual stream passes unchanged.
TEST(MaskingGemma3, GroupModeWithOneKvHeadRemovesAllAttentionAndItsNorms) {
    pb::LoadedModel m = tiny("tiny_gemma3");
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    plan.attention_unit = pb::AttentionUnit::Group;
    plan.layers[1].attention_ratio = 0.5;
    EXPECT_THROW(plan.validate(m.config), pb::Error);
    plan.layers[1].attention_ratio = 0;
    plan.layers[1].attention_keep = std::vector<int64_t>{};
    EXPECT_THROW(plan.validate(m.config), pb::Error);

    torch::NoGradGuard ng;
    pb::LlamaModel no_attn = *m.model;
    pb::LayerWeights& w = no_attn.layers[1];
    for (torch::Tensor* t : {&w.attn_norm, &w.wq, &w.wk, &w.wv, &w.wo, &w.q_norm, &w.k_norm, &w.post_attn_norm})
        *t = torch::Tensor();
    no_attn.config.layers[1].n_heads = 0;
    no_attn.config.layers[1].n_kv_heads = 0;
    EXPECT_EQ(no_attn.config.totalParams(), m.config.totalParams() - m.config.attentionParams(1));
    pb::MaskGuard mask(*m.model);
    mask.maskHeads(1, {0, 1, 2, 3});
    const auto x = ids();
    EXPECT_LT(maxDiff(no_attn.forward(x), m.model->forward(x)), 1e-5);
}

// Depth pruning keeps each block's local/global kind and RoPE base: dropping block 1 of the
// GGUF fixture (layer 5 global) leaves local 0, 2, 3, 4 and the global one last.
TEST(MaskingGemma3, DroppedBlocksTakeTheirSlidingKindAlong) {
    pb::LoadedModel m = tiny("tiny_gemma3_gguf/model.gguf");
    pb::LlamaModel pruned = pb::applyPlan(*m.model, pb::depthPlan(m.config, {1, 3}));
    ASSERT_EQ(pruned.config.numLayers(), 4);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(pruned.config.layers[i].sliding, i != 3) << "layer " << i;
    torch::NoGradGuard ng;
    std::vector<bool> skip(m.config.layers.size(), false);
    skip[1] = skip[3] = true;
    const auto x = torch::randint(0, 256, {2, 16}, torch::TensorOptions().dtype(torch::kInt64));  // > window 6
    EXPECT_LT(maxDiff(pruned.forward(x), m.model->forward(x, nullptr, {}, &skip)), 1e-5);
}

TEST(Apply, HiddenChannelsAreCutInEveryTensor) {
    pb::LoadedModel m = tiny("tiny_llama");
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    std::vector<int64_t> keep;
    for (int64_t c = 0; c < m.config.hidden; c += 2) keep.push_back(c);
    plan.hidden_keep = keep;
    plan.hidden_ratio = 0.5;
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    EXPECT_EQ(pruned.config.hidden, 16);
    EXPECT_EQ(pruned.embed.size(1), 16);
    EXPECT_EQ(pruned.layers[0].wq.size(1), 16);
    EXPECT_EQ(pruned.layers[0].wo.size(0), 16);
    EXPECT_EQ(pruned.layers[1].w_down.size(0), 16);
    EXPECT_TRUE(torch::equal(pruned.embed.select(1, 3), m.model->embed.select(1, 6)));
    torch::NoGradGuard ng;
    EXPECT_TRUE(torch::isfinite(pruned.forward(ids())).all().item<bool>());
    EXPECT_EQ(pruned.config.totalParams(), [&] {
        int64_t n = 0;
        for (auto& [name, t] : pruned.namedTensors()) n += t.numel();
        return n;
    }());
}

TEST(Apply, OriginalIsUntouchedAndSharesNoStorage) {
    pb::LoadedModel m = tiny("tiny_llama");
    auto before = m.model->layers[0].wq.clone();
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    plan.layers[0].attention_keep = std::vector<int64_t>{1};
    plan.layers[0].mlp_keep = std::vector<int64_t>{0, 5, 7};
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    torch::NoGradGuard ng;
    pruned.layers[0].wq.fill_(0.0);
    pruned.layers[1].wq.fill_(0.0);  // an uncut tensor too
    pruned.embed.fill_(0.0);
    EXPECT_TRUE(torch::equal(m.model->layers[0].wq, before));
    EXPECT_NE(m.model->layers[1].wq.abs().sum().item<double>(), 0.0);
    EXPECT_NE(m.model->embed.abs().sum().item<double>(), 0.0);
    EXPECT_EQ(m.model->config.layers[0].n_kv_heads, 2);
}

TEST(Apply, ParameterCountsFollowTheConfig) {
    pb::LoadedModel m = tiny("tiny_per_layer");
    pb::PruningPlan plan = pb::depthPlan(m.config, {2});
    plan.layers[0].mlp_keep = std::vector<int64_t>{0, 1, 2, 3};
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    int64_t n = 0;
    for (auto& [name, t] : pruned.namedTensors()) n += t.numel();
    EXPECT_EQ(n, pruned.config.totalParams());
    EXPECT_EQ(pb::prunedConfig(m.config, plan).totalParams(), n);
}

TEST(Apply, RefusesUnresolvedAndBadPlans) {
    pb::LoadedModel m = tiny("tiny_llama");
    EXPECT_THROW(pb::applyPlan(*m.model, pb::uniformWidthPlan(m.config, 0.5, 0.5)), pb::Error);
    pb::PruningPlan bad = pb::uniformWidthPlan(m.config, 0, 0);
    bad.layers[0].mlp_keep = std::vector<int64_t>{};
    EXPECT_THROW(pb::applyPlan(*m.model, bad), pb::Error);
    bad.layers[0].mlp_keep = std::vector<int64_t>{3, 1};
    EXPECT_THROW(pb::applyPlan(*m.model, bad), pb::Error);
    bad.layers[0].mlp_keep = std::vector<int64_t>{1, 99};
    EXPECT_THROW(pb::applyPlan(*m.model, bad), pb::Error);
}

} // namespace
