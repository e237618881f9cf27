// Plan edits by unit (core/plan/plan_units, the Plan tab's toggles): a span removed and kept
// again, a ratio made explicit, blocks, the attention unit's rule, refusals; the totals follow.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/arch/config_io.h"
#include "core/plan/plan.h"
#include "core/plan/plan_units.h"
#include "core/util/error.h"

namespace {

pb::ModelConfig smol() {
    return pb::configFromHfJson({{"architectures", {"LlamaForCausalLM"}}, {"vocab_size", 49152}, {"hidden_size", 576},
                                 {"intermediate_size", 1536}, {"num_hidden_layers", 30}, {"num_attention_heads", 9},
                                 {"num_key_value_heads", 3}, {"tie_word_embeddings", true}});
}

TEST(PlanUnits, ABucketOfChannelsIsRemovedAndKeptAgain) {
    const auto c = smol();
    const pb::PruningPlan empty = pb::uniformWidthPlan(c, 0, 0);
    const pb::PruningPlan p = pb::withUnitsRemoved(c, empty, 5, pb::GroupKind::MlpChannel, 192, 192, true);
    ASSERT_TRUE(p.layers[5].mlp_keep);
    EXPECT_EQ(p.layers[5].mlp_keep->size(), 1536u - 192u);
    EXPECT_EQ(p.layers[5].mlp_keep->at(191), 191);
    EXPECT_EQ(p.layers[5].mlp_keep->at(192), 384);  // 192..383 are out
    EXPECT_DOUBLE_EQ(p.layers[5].mlp_ratio, 0.125);
    EXPECT_TRUE(pb::unitsRemoved(c, p, 5, pb::GroupKind::MlpChannel, 192, 192));
    EXPECT_FALSE(pb::unitsRemoved(c, p, 5, pb::GroupKind::MlpChannel, 0, 192));
    EXPECT_FALSE(pb::unitsRemoved(c, p, 4, pb::GroupKind::MlpChannel, 192, 192));
    EXPECT_NO_THROW(p.validate(c));
    // The parameters removed: 192 channels of gate, up and down, 3 x 576 each.
    EXPECT_EQ(c.totalParams() - pb::prunedConfig(c, p).totalParams(), 192 * 3 * 576);
    const pb::PruningPlan back = pb::withUnitsRemoved(c, p, 5, pb::GroupKind::MlpChannel, 192, 192, false);
    EXPECT_EQ(back.layers[5].mlp_keep->size(), 1536u);
    EXPECT_DOUBLE_EQ(back.layers[5].mlp_ratio, 0.0);
    EXPECT_FALSE(pb::unitsRemoved(c, back, 5, pb::GroupKind::MlpChannel, 192, 192));
}

TEST(PlanUnits, KvGroupsHeadsAndBlocks) {
    const auto c = smol();
    pb::PruningPlan ratio = pb::uniformWidthPlan(c, 0.34, 0);  // a ratio: which groups go is not known yet
    EXPECT_FALSE(pb::unitsRemoved(c, ratio, 6, pb::GroupKind::AttentionGroup, 1, 1));
    const pb::PruningPlan g = pb::withUnitsRemoved(c, ratio, 6, pb::GroupKind::AttentionGroup, 1, 1, true);
    EXPECT_EQ(*g.layers[6].attention_keep, (std::vector<int64_t>{0, 2}));  // explicit from all three
    EXPECT_NEAR(g.layers[6].attention_ratio, 1.0 / 3, 1e-12);
    EXPECT_TRUE(pb::unitsRemoved(c, g, 6, pb::GroupKind::AttentionGroup, 1, 1));
    EXPECT_EQ(pb::prunedConfig(c, g).layers[6].n_kv_heads, 2);
    // Query heads need the plan's head unit; KV groups its group unit.
    EXPECT_THROW(pb::withUnitsRemoved(c, ratio, 6, pb::GroupKind::QueryHead, 0, 1, true), pb::Error);
    pb::PruningPlan heads = pb::uniformWidthPlan(c, 0, 0, 0, -1, pb::AttentionUnit::Head);
    heads = pb::withUnitsRemoved(c, heads, 2, pb::GroupKind::QueryHead, 4, 1, true);
    EXPECT_EQ(heads.layers[2].attention_keep->size(), 8u);
    EXPECT_THROW(heads.validate(c), pb::Error);  // one head out of one group only: uneven, validate says so
    for (int64_t h : {1, 7}) heads = pb::withUnitsRemoved(c, heads, 2, pb::GroupKind::QueryHead, h, 1, true);
    EXPECT_NO_THROW(heads.validate(c));  // one head of every group
    EXPECT_EQ(pb::prunedConfig(c, heads).layers[2].n_heads, 6);
    // Blocks.
    pb::PruningPlan b = pb::withUnitsRemoved(c, ratio, 20, pb::GroupKind::Block, 0, 1, true);
    EXPECT_EQ(b.dropped_blocks, (std::vector<int64_t>{20}));
    EXPECT_TRUE(pb::unitsRemoved(c, b, 20, pb::GroupKind::Block, 0, 1));
    b = pb::withUnitsRemoved(c, b, 20, pb::GroupKind::Block, 0, 1, false);
    EXPECT_TRUE(b.dropped_blocks.empty());
}

TEST(PlanUnits, SubBlocksByTheSubBlockRule) {
    const auto c = smol();
    // Layer 7 width-pruned by a ratio: removing its attention takes the attention's cut away.
    pb::PruningPlan p = pb::uniformWidthPlan(c, 0.34, 0.25);
    p = pb::withUnitsRemoved(c, p, 7, pb::GroupKind::AttentionSublayer, 0, 1, true);
    EXPECT_EQ(p.dropped_attention, (std::vector<int64_t>{7}));
    EXPECT_TRUE(p.dropped_blocks.empty());
    EXPECT_DOUBLE_EQ(p.layers[7].attention_ratio, 0.0);
    EXPECT_DOUBLE_EQ(p.layers[7].mlp_ratio, 0.25);  // the MLP keeps its cut
    EXPECT_TRUE(pb::unitsRemoved(c, p, 7, pb::GroupKind::AttentionSublayer, 0, 1));
    EXPECT_FALSE(pb::unitsRemoved(c, p, 7, pb::GroupKind::MlpSublayer, 0, 1));
    EXPECT_NO_THROW(p.validate(c));
    EXPECT_EQ(pb::prunedConfig(c, p).layers[7].n_heads, 0);
    // Its MLP too: the whole block, dropped (both parts are the block); both parts read as removed.
    p = pb::withUnitsRemoved(c, p, 7, pb::GroupKind::MlpSublayer, 0, 1, true);
    EXPECT_EQ(p.dropped_blocks, (std::vector<int64_t>{7}));
    EXPECT_TRUE(p.dropped_attention.empty() && p.dropped_mlp.empty());
    EXPECT_TRUE(pb::unitsRemoved(c, p, 7, pb::GroupKind::AttentionSublayer, 0, 1));
    EXPECT_TRUE(pb::unitsRemoved(c, p, 7, pb::GroupKind::MlpSublayer, 0, 1));
    EXPECT_NO_THROW(p.validate(c));
    // Keeping the attention of the dropped block keeps the block with its MLP removed.
    p = pb::withUnitsRemoved(c, p, 7, pb::GroupKind::AttentionSublayer, 0, 1, false);
    EXPECT_TRUE(p.dropped_blocks.empty());
    EXPECT_EQ(p.dropped_mlp, (std::vector<int64_t>{7}));
    EXPECT_NO_THROW(p.validate(c));
    // The Plan tab's many-layer edit gives the same plan and says what changed.
    std::vector<int64_t> changed;
    const pb::PruningPlan q =
        pb::withSubBlocks(c, pb::uniformWidthPlan(c, 0, 0), {3, 7, 99}, pb::SubBlockPart::Mlp, true, &changed);
    EXPECT_EQ(changed, (std::vector<int64_t>{3, 7}));  // 99 is out of range: skipped
    EXPECT_EQ(q.dropped_mlp, (std::vector<int64_t>{3, 7}));
    EXPECT_EQ(c.totalParams() - pb::prunedConfig(c, q).totalParams(), c.mlpParams(3) + c.mlpParams(7));
    EXPECT_EQ(pb::unitCount(c, 0, pb::GroupKind::AttentionSublayer), 1);
    EXPECT_THROW(pb::withUnitsRemoved(c, p, 0, pb::GroupKind::MlpSublayer, 1, 1, true), pb::Error);  // one unit a part
}

TEST(PlanUnits, RefusesSpansOutOfRange) {
    const auto c = smol();
    const pb::PruningPlan p = pb::uniformWidthPlan(c, 0, 0);
    EXPECT_THROW(pb::withUnitsRemoved(c, p, 30, pb::GroupKind::Block, 0, 1, true), pb::Error);
    EXPECT_THROW(pb::withUnitsRemoved(c, p, 0, pb::GroupKind::MlpChannel, 1500, 100, true), pb::Error);
    EXPECT_THROW(pb::withUnitsRemoved(c, p, 0, pb::GroupKind::AttentionGroup, 3, 1, true), pb::Error);
    EXPECT_THROW(pb::withUnitsRemoved(c, p, 0, pb::GroupKind::HiddenChannel, 0, 1, true), pb::Error);
    EXPECT_EQ(pb::unitCount(c, 0, pb::GroupKind::QueryHead), 9);
    EXPECT_EQ(pb::unitCount(c, 0, pb::GroupKind::AttentionGroup), 3);
    EXPECT_EQ(pb::unitCount(c, 0, pb::GroupKind::MlpChannel), 1536);
}

} // namespace
