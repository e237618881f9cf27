// Sub-block depth units in the plan (core/plan/sub_block.h): the one rule that makes a plan of
// them (a block losing every sublayer is dropped whole), its parameters against the sublayers'
// sizes summed by hand, JSON, the refusals, the parameter budget and the list syntax.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/arch/config_io.h"
#include "core/plan/plan.h"
#include "core/plan/sub_block.h"
#include "core/util/error.h"

namespace {

using pb::SubBlockPart;
using pb::SubBlockRef;

pb::ModelConfig smol() {  // the demo model's shape (SmolLM2-135M)
    return pb::configFromHfJson({{"architectures", {"LlamaForCausalLM"}}, {"vocab_size", 49152},
                                 {"hidden_size", 576}, {"intermediate_size", 1536}, {"num_hidden_layers", 30},
                                 {"num_attention_heads", 9}, {"num_key_value_heads", 3},
                                 {"tie_word_embeddings", true}});
}

std::string refusal(const pb::PruningPlan& p, const pb::ModelConfig& c) {
    try {
        p.validate(c);
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(SubBlockPlan, BothSublayersOfABlockDropTheBlock) {
    const pb::ModelConfig c = smol();
    const pb::PruningPlan p = pb::subBlockPlan(
        c, {{7, SubBlockPart::Mlp}, {5, SubBlockPart::Attention}, {9, SubBlockPart::Mlp}, {9, SubBlockPart::Attention}});
    EXPECT_EQ(p.dropped_attention, (std::vector<int64_t>{5}));
    EXPECT_EQ(p.dropped_mlp, (std::vector<int64_t>{7}));
    EXPECT_EQ(p.dropped_blocks, (std::vector<int64_t>{9}));
    EXPECT_NO_THROW(p.validate(c));
    EXPECT_TRUE(p.resolved());
    EXPECT_FALSE(p.empty());
    // Parameters: the sublayers' own sizes, by the config's formulas, removed exactly.
    const int64_t H = 576, hd = 64;
    const int64_t attn = H + 9 * hd * H + 2 * 3 * hd * H + H * 9 * hd;  // norm, q, k, v, o
    const int64_t mlp = H + 3 * 1536 * H;                                // norm, gate, up, down
    EXPECT_EQ(c.attentionParams(5), attn);
    EXPECT_EQ(c.mlpParams(7), mlp);
    const pb::ModelConfig cut = pb::prunedConfig(c, p);
    EXPECT_EQ(c.totalParams() - cut.totalParams(), attn + mlp + attn + mlp);
    ASSERT_EQ(cut.numLayers(), 29);
    EXPECT_EQ(cut.layers[5].n_heads, 0);
    EXPECT_EQ(cut.layers[5].n_kv_heads, 0);
    EXPECT_EQ(cut.layers[5].ffn, 1536);
    EXPECT_EQ(cut.layers[7].ffn, 0);
    EXPECT_EQ(cut.layers[7].n_heads, 9);
    EXPECT_EQ(pb::subBlockListText(pb::removedSubBlocks(c, p)), "5:attn,7:mlp,9:attn,9:mlp");
    // A layer with only attention left (a pruned model opened again): removing it drops the block.
    pb::ModelConfig half = c;
    half.layers[3].ffn = 0;
    EXPECT_EQ(pb::subBlockPlan(half, {{3, SubBlockPart::Attention}}).dropped_blocks, (std::vector<int64_t>{3}));
    EXPECT_THROW(pb::subBlockPlan(half, {{3, SubBlockPart::Mlp}}), pb::Error);
    EXPECT_THROW(pb::subBlockPlan(c, {{2, SubBlockPart::Mlp}, {2, SubBlockPart::Mlp}}), pb::Error);
}

TEST(SubBlockPlan, JsonRoundTripAndOlderPlansUnchanged) {
    const pb::ModelConfig c = smol();
    const pb::PruningPlan p = pb::subBlockPlan(c, {{5, SubBlockPart::Attention}, {7, SubBlockPart::Mlp}});
    const nlohmann::json j = p.toJson();
    EXPECT_EQ(j["dropped_attention"], nlohmann::json({5}));
    EXPECT_EQ(j["dropped_mlp"], nlohmann::json({7}));
    const pb::PruningPlan back = pb::PruningPlan::fromJson(j);
    EXPECT_EQ(back.dropped_attention, p.dropped_attention);
    EXPECT_EQ(back.dropped_mlp, p.dropped_mlp);
    const nlohmann::json plain = pb::depthPlan(c, {3}).toJson();  // no sub-blocks: no new keys
    EXPECT_FALSE(plain.contains("dropped_attention"));
    EXPECT_FALSE(plain.contains("dropped_mlp"));
}

TEST(SubBlockPlan, RefusesWhatDoesNotFit) {
    const pb::ModelConfig c = smol();
    pb::PruningPlan p = pb::depthPlan(c, {});
    p.dropped_attention = {4};
    p.dropped_mlp = {4};
    EXPECT_NE(refusal(p, c).find("drop block 4 instead"), std::string::npos) << refusal(p, c);
    p.dropped_mlp = {30};
    EXPECT_NE(refusal(p, c).find("the model has 30 layers"), std::string::npos) << refusal(p, c);
    p.dropped_mlp = {6, 5};
    EXPECT_NE(refusal(p, c).find("ascending"), std::string::npos) << refusal(p, c);
    p.dropped_mlp = {};
    p.dropped_blocks = {4};
    EXPECT_NE(refusal(p, c).find("dropped whole"), std::string::npos) << refusal(p, c);
    p.dropped_blocks = {};
    p.layers[4].attention_ratio = 0.3;
    EXPECT_NE(refusal(p, c).find("also width-pruned"), std::string::npos) << refusal(p, c);
    pb::ModelConfig no_attn = c;
    no_attn.layers[4].n_heads = no_attn.layers[4].n_kv_heads = 0;
    p.layers[4].attention_ratio = 0;
    EXPECT_NE(refusal(p, no_attn).find("has no attention to remove"), std::string::npos) << refusal(p, no_attn);
}

TEST(SubBlockPlan, BudgetCountsTheOrderUpToTheClosestFraction) {
    const pb::ModelConfig c = smol();
    const double total = double(c.totalParams()), attn = double(c.attentionParams(0)), mlp = double(c.mlpParams(0));
    std::vector<SubBlockRef> order;  // all attention first, then MLPs
    for (int64_t l = 1; l < 29; ++l) order.push_back({l, SubBlockPart::Attention});
    for (int64_t l = 1; l < 29; ++l) order.push_back({l, SubBlockPart::Mlp});
    // 6 attention sub-blocks + 2 MLP sub-blocks, as a fraction: the budget finds exactly 8 units.
    const double f = (6 * attn + 2 * mlp) / total;
    std::vector<SubBlockRef> mixed(order.begin(), order.begin() + 6);
    mixed.insert(mixed.end(), {{20, SubBlockPart::Mlp}, {21, SubBlockPart::Mlp}});
    for (int64_t l = 10; l < 20; ++l) mixed.push_back({l, SubBlockPart::Mlp});
    const pb::SubBlockBudget b = pb::subBlockBudget(c, f, mixed);
    EXPECT_EQ(b.units, 8);
    EXPECT_NEAR(b.removed_fraction, f, 1e-12);
    EXPECT_EQ(pb::subBlockBudget(c, 0.0, order).units, 0);
    // The bound before scoring: smallest sub-blocks (attention, 9 heads of 64 with 3 KV) first.
    const int64_t bound = pb::maxSubBlocksForParamFraction(c, 0.2);
    EXPECT_GE(bound, pb::subBlockBudget(c, 0.2, order).units);
    // 30 attention sub-blocks (885,312 each) remove 26.56M < 20% of 134.5M: one MLP more.
    EXPECT_EQ(attn, 885312.0);
    EXPECT_EQ(bound, 31);
}

TEST(SubBlockPlan, ListSyntax) {
    const pb::ModelConfig c = smol();
    const auto v = pb::parseSubBlockList("5:attn, 7:mlp,0:attention", c);
    EXPECT_EQ(pb::subBlockListText(v), "5:attn,7:mlp,0:attn");
    auto err = [&](const std::string& s) {
        try {
            pb::parseSubBlockList(s, c);
        } catch (const pb::Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(err("5").find("not LAYER:attn or LAYER:mlp"), std::string::npos);
    EXPECT_NE(err("5:head").find("not LAYER:attn"), std::string::npos);
    EXPECT_NE(err("30:mlp").find("does not exist"), std::string::npos);
    EXPECT_NE(err("3:mlp,3:mlp").find("twice"), std::string::npos);
    EXPECT_NE(err("").find("not LAYER"), std::string::npos);
    EXPECT_EQ(pb::parseDepthUnit("sub-block"), pb::DepthUnit::SubBlock);
    EXPECT_THROW(pb::parseDepthUnit("layer"), pb::Error);
}
