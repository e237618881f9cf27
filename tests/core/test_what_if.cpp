// Live what-if (core/prune/what_if): the calibration loss with one unit masked equals the loss
// of the model with that unit physically pruned (core/prune/apply), for a KV group, a query
// head, an MLP channel and a block; the weights are unchanged afterwards; refusals. The cached
// path (WhatIfCache) equals the full pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/prune/apply.h"
#include "core/prune/calibration.h"
#include "core/prune/what_if.h"
#include "core/util/error.h"

namespace {

pb::LoadedModel tiny() { return pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama"); }

pb::Calibration calib(const pb::LoadedModel& m) {
    torch::manual_seed(7);
    return {torch::randint(0, m.config.vocab, {3, 16}, torch::TensorOptions().dtype(torch::kInt64))};
}

// The independent recomputation: the model pruned by a plan, its mean loss over the samples.
double prunedLoss(const pb::LoadedModel& m, const pb::PruningPlan& plan, const pb::Calibration& c) {
    torch::NoGradGuard ng;
    const pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    double sum = 0;
    for (int64_t s = 0; s < c.samples(); ++s) sum += pb::calibrationLoss(pruned, c.ids.narrow(0, s, 1)).item<double>();
    return sum / double(c.samples());
}

std::vector<int64_t> allBut(int64_t n, int64_t removed) {
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < n; ++i)
        if (i != removed) keep.push_back(i);
    return keep;
}

TEST(WhatIf, MaskedLossEqualsThePrunedModelsLoss) {
    pb::LoadedModel m = tiny();
    const auto c = calib(m);
    const pb::LayerDims d = m.config.layers[1];
    ASSERT_GE(d.n_kv_heads, 2);
    const double base = pb::lossWithout(*m.model, c, nullptr);
    EXPECT_NEAR(base, prunedLoss(m, pb::uniformWidthPlan(m.config, 0, 0), c), 1e-5);

    pb::PruningPlan group = pb::uniformWidthPlan(m.config, 0, 0);
    group.layers[1].attention_keep = allBut(d.n_kv_heads, 1);
    const pb::UnitRef g{1, pb::GroupKind::AttentionGroup, 1};
    EXPECT_NEAR(pb::lossWithout(*m.model, c, &g), prunedLoss(m, group, c), 1e-5);

    pb::PruningPlan channel = pb::uniformWidthPlan(m.config, 0, 0);
    channel.layers[0].mlp_keep = allBut(m.config.layers[0].ffn, 3);
    const pb::UnitRef ch{0, pb::GroupKind::MlpChannel, 3};
    EXPECT_NEAR(pb::lossWithout(*m.model, c, &ch), prunedLoss(m, channel, c), 1e-5);

    const pb::UnitRef block{1, pb::GroupKind::Block, 0};
    const double withoutBlock = pb::lossWithout(*m.model, c, &block);
    EXPECT_NEAR(withoutBlock, prunedLoss(m, pb::depthPlan(m.config, {1}), c), 1e-5);
    EXPECT_NE(withoutBlock, base);  // removing a block changes something

    // A block's attention alone and its MLP alone: the model with that sub-block removed (apply.h).
    pb::PruningPlan noAttention = pb::uniformWidthPlan(m.config, 0, 0);
    noAttention.dropped_attention = {1};
    const pb::UnitRef attn{1, pb::GroupKind::AttentionSublayer, 0};
    const double withoutAttention = pb::lossWithout(*m.model, c, &attn);
    EXPECT_NEAR(withoutAttention, prunedLoss(m, noAttention, c), 1e-5);
    EXPECT_NE(withoutAttention, base);
    pb::PruningPlan noMlp = pb::uniformWidthPlan(m.config, 0, 0);
    noMlp.dropped_mlp = {0};
    const pb::UnitRef mlp{0, pb::GroupKind::MlpSublayer, 0};
    EXPECT_NEAR(pb::lossWithout(*m.model, c, &mlp), prunedLoss(m, noMlp, c), 1e-5);
    EXPECT_NEAR(pb::WhatIfCache(*m.model, c).lossWithout(*m.model, attn), withoutAttention, 1e-5);

    // The weights are back: the same loss as before any mask.
    EXPECT_DOUBLE_EQ(pb::lossWithout(*m.model, c, nullptr), base);
}

TEST(WhatIf, AQueryHeadIsMaskedAlone) {
    pb::LoadedModel m = tiny();
    const auto c = calib(m);
    const double base = pb::lossWithout(*m.model, c, nullptr);
    const pb::UnitRef h{0, pb::GroupKind::QueryHead, 0};
    const double without = pb::lossWithout(*m.model, c, &h);
    EXPECT_NE(without, base);
    EXPECT_DOUBLE_EQ(pb::lossWithout(*m.model, c, nullptr), base);
}

TEST(WhatIf, RefusesWhatNoMaskCanRemove) {
    pb::LoadedModel m = tiny();
    const auto c = calib(m);
    const pb::UnitRef hidden{0, pb::GroupKind::HiddenChannel, 0};
    EXPECT_THROW(pb::lossWithout(*m.model, c, &hidden), pb::Error);
    const pb::UnitRef layer{99, pb::GroupKind::Block, 0};
    EXPECT_THROW(pb::lossWithout(*m.model, c, &layer), pb::Error);
    const pb::UnitRef head{0, pb::GroupKind::QueryHead, 999};
    EXPECT_THROW(pb::lossWithout(*m.model, c, &head), pb::Error);
    const double base = pb::lossWithout(*m.model, c, nullptr);
    EXPECT_DOUBLE_EQ(pb::lossWithout(*m.model, c, nullptr), base);  // a refusal left no mask behind
}

// The cached path (WhatIfCache: blocks from the unit's block on, from the kept inputs) gives the
// full pass's loss for every kind of unit, in the first, a middle and the last block, and spans.
TEST(WhatIf, CachedPathEqualsTheFullPass) {
    pb::LoadedModel m = tiny();
    const auto c = calib(m);
    const pb::WhatIfCache cache(*m.model, c, 2);  // batches of 2 over 3 samples: a short last batch
    EXPECT_NEAR(cache.baseLoss(), pb::lossWithout(*m.model, c, nullptr, 2), 1e-6);
    EXPECT_EQ(cache.samples(), 3);
    EXPECT_EQ(cache.tokens(), 16);
    const int64_t L = m.config.numLayers();
    EXPECT_EQ(cache.bytes(), L * 3 * 16 * m.config.hidden * 4);  // f32 states, one per block
    std::vector<pb::UnitRef> units;
    for (int64_t l = 0; l < L; ++l) {
        const pb::LayerDims& d = m.config.layers[size_t(l)];
        units.push_back({l, pb::GroupKind::Block, 0, 1});
        units.push_back({l, pb::GroupKind::AttentionGroup, d.n_kv_heads - 1, 1});
        units.push_back({l, pb::GroupKind::QueryHead, 0, 1});
        units.push_back({l, pb::GroupKind::MlpChannel, 1, 1});
        units.push_back({l, pb::GroupKind::MlpChannel, 0, d.ffn / 2});  // a bucket of channels
        units.push_back({l, pb::GroupKind::AttentionSublayer, 0, 1});
        units.push_back({l, pb::GroupKind::MlpSublayer, 0, 1});
    }
    for (const pb::UnitRef& u : units) {
        SCOPED_TRACE("layer " + std::to_string(u.layer) + " kind " + pb::groupKindName(u.kind) + " unit " +
                     std::to_string(u.unit) + " count " + std::to_string(u.count));
        const double full = pb::lossWithout(*m.model, c, &u, 2);
        const double cached = cache.lossWithout(*m.model, u);
        EXPECT_NEAR(cached, full, 1e-6 * std::max(1.0, std::abs(full)));
        EXPECT_NE(cached, cache.baseLoss());  // every unit changes the loss: the test can fail
    }
    EXPECT_DOUBLE_EQ(pb::lossWithout(*m.model, c, nullptr, 2), pb::lossWithout(*m.model, c, nullptr, 2));
    EXPECT_NEAR(pb::lossWithout(*m.model, c, nullptr, 2), cache.baseLoss(), 1e-6);  // weights back after each
}

// A span of MLP channels equals the model with those channels pruned.
TEST(WhatIf, ABucketOfChannelsEqualsThePrunedModel) {
    pb::LoadedModel m = tiny();
    const auto c = calib(m);
    const int64_t ffn = m.config.layers[1].ffn;
    ASSERT_GE(ffn, 4);
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < ffn; ++i)
        if (i < 1 || i > 3) keep.push_back(i);
    plan.layers[1].mlp_keep = keep;
    const pb::UnitRef bucket{1, pb::GroupKind::MlpChannel, 1, 3};
    EXPECT_NEAR(pb::lossWithout(*m.model, c, &bucket), prunedLoss(m, plan, c), 1e-5);
    EXPECT_NEAR(pb::WhatIfCache(*m.model, c).lossWithout(*m.model, bucket), prunedLoss(m, plan, c), 1e-5);
}

TEST(WhatIf, SpansAndTheCacheRefuseWhatTheyCannotAnswer) {
    pb::LoadedModel m = tiny();
    pb::LoadedModel other = tiny();
    const auto c = calib(m);
    const pb::WhatIfCache cache(*m.model, c);
    const int64_t ffn = m.config.layers[0].ffn;
    const pb::UnitRef past{0, pb::GroupKind::MlpChannel, ffn - 2, 3};
    EXPECT_THROW(cache.lossWithout(*m.model, past), pb::Error);
    EXPECT_THROW(pb::lossWithout(*m.model, c, &past), pb::Error);
    const pb::UnitRef none{0, pb::GroupKind::MlpChannel, 0, 0};
    EXPECT_THROW(cache.lossWithout(*m.model, none), pb::Error);
    const pb::UnitRef part{0, pb::GroupKind::MlpSublayer, 1, 1};  // a part is one unit
    EXPECT_THROW(cache.lossWithout(*m.model, part), pb::Error);
    const pb::UnitRef blocks{0, pb::GroupKind::Block, 0, 2};
    EXPECT_THROW(cache.lossWithout(*m.model, blocks), pb::Error);
    const pb::UnitRef block{0, pb::GroupKind::Block, 0, 1};
    EXPECT_THROW(cache.lossWithout(*other.model, block), pb::Error);  // made from another model
    EXPECT_NEAR(pb::lossWithout(*m.model, c, nullptr), cache.baseLoss(), 1e-6);  // the refusals left no mask
}

} // namespace
