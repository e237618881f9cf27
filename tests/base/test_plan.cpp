// Plans: validation refusals, JSON round trip, ratio semantics, resolution by scores.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/arch/config_io.h"
#include "core/graph/dependency_graph.h"
#include "core/plan/defaults.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/util/error.h"

namespace {

pb::ModelConfig smol() {
    return pb::configFromHfJson({{"architectures", {"LlamaForCausalLM"}}, {"vocab_size", 49152}, {"hidden_size", 576},
                                 {"intermediate_size", 1536}, {"num_hidden_layers", 30}, {"num_attention_heads", 9},
                                 {"num_key_value_heads", 3}, {"tie_word_embeddings", true}});
}

std::string refusal(const pb::PruningPlan& p, const pb::ModelConfig& c) {
    try {
        p.validate(c);
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "";
}

TEST(Plan, RefusesWhatCannotBeBuilt) {
    const auto c = smol();
    pb::PruningPlan p = pb::uniformWidthPlan(c, 0.2, 0.2);
    EXPECT_EQ(refusal(p, c), "");
    p.layers[3].mlp_ratio = 1.2;
    EXPECT_NE(refusal(p, c).find("outside [0, 1)"), std::string::npos);
    p = pb::uniformWidthPlan(c, 0.9, 0.0);  // removes all 3 KV groups (round(2.7) = 3)
    EXPECT_NE(refusal(p, c).find("removes every head"), std::string::npos);
    p = pb::uniformWidthPlan(c, 0.0, 0.0);
    p.layers.pop_back();
    EXPECT_NE(refusal(p, c).find("has 29 layers but the model has 30"), std::string::npos);
    p = pb::depthPlan(c, {3, 3});
    EXPECT_NE(refusal(p, c).find("dropped twice"), std::string::npos);
    p = pb::depthPlan(c, {30});
    EXPECT_NE(refusal(p, c).find("does not exist"), std::string::npos);
    p = pb::uniformWidthPlan(c, 0, 0);
    p.attention_unit = pb::AttentionUnit::Head;
    p.layers[0].attention_keep = std::vector<int64_t>{0, 1, 3};  // 2 heads of group 0, 1 of group 1
    EXPECT_NE(refusal(p, c).find("unequal numbers of query heads per KV group"), std::string::npos);
    p.layers[0].attention_keep = std::vector<int64_t>{0, 3, 6};  // one per group: fine
    EXPECT_EQ(refusal(p, c), "");
    p.layers[0].mlp_keep = std::vector<int64_t>{};
    EXPECT_NE(refusal(p, c).find("keeps nothing"), std::string::npos);
    p.layers[0].mlp_keep = std::vector<int64_t>{5, 2};
    EXPECT_NE(refusal(p, c).find("ascending"), std::string::npos);
    p.layers[0].mlp_keep.reset();
}

TEST(Plan, JsonRoundTripKeepsEverything) {
    const auto c = smol();
    pb::PruningPlan p = pb::depthPlan(c, {7, 21});
    p.layers[4].attention_ratio = 0.34;
    p.layers[4].mlp_keep = std::vector<int64_t>{0, 2, 4};
    p.criterion = pb::Criterion::WandaSp;
    p.round_to = 32;
    p.ranking = "global";
    p.calibration = "demo:sotu";
    pb::PruningPlan q = pb::PruningPlan::fromJson(p.toJson());
    EXPECT_EQ(q.toJson(), p.toJson());
    EXPECT_THROW(pb::PruningPlan::fromJson(nlohmann::json{{"format", "other"}}), pb::Error);
    nlohmann::json bad = p.toJson();
    bad["layers"][0]["mlp_ratio"] = "lots";
    EXPECT_THROW(pb::PruningPlan::fromJson(bad), pb::Error);
}

// An unknown criterion only records what scored a resolved plan: older plans still load (with
// the default). A ratio plan is resolved with its criterion: an unknown one is refused with the
// allowed names. Aggregation and attention unit stay strict in both.
TEST(Plan, UnknownCriterionLoadsOnlyInAResolvedPlan) {
    const auto c = smol();
    pb::PruningPlan resolved = pb::uniformWidthPlan(c, 0.0, 0.0);
    resolved.layers[5].mlp_keep = std::vector<int64_t>{0, 1, 2};
    resolved.layers[5].mlp_ratio = 0.5;
    resolved.criterion = pb::Criterion::WandaSp;
    ASSERT_TRUE(resolved.resolved());
    nlohmann::json j = resolved.toJson();
    j["criterion"] = "taylor_old_name";
    const pb::PruningPlan back = pb::PruningPlan::fromJson(j);
    EXPECT_EQ(back.criterion, pb::defaults::kWidthCriterion);
    EXPECT_EQ(back.layers[5].mlp_keep, resolved.layers[5].mlp_keep);
    j["criterion"] = "l1";  // a known name is still read
    EXPECT_EQ(pb::PruningPlan::fromJson(j).criterion, pb::Criterion::L1);

    nlohmann::json ratio = pb::uniformWidthPlan(c, 0.2, 0.2).toJson();
    ratio["criterion"] = "taylor_old_name";
    try {
        pb::PruningPlan::fromJson(ratio);
        ADD_FAILURE() << "a ratio plan with an unknown criterion loaded";
    } catch (const pb::Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("taylor_old_name"), std::string::npos) << m;
        EXPECT_NE(m.find(pb::criterionList(false)), std::string::npos) << m;
    }
    for (const char* field : {"aggregation", "attention_unit"}) {
        for (nlohmann::json plan : {j, ratio}) {
            plan["criterion"] = "l1";
            plan[field] = "no_such_name";
            EXPECT_THROW(pb::PruningPlan::fromJson(plan), pb::Error) << field;
        }
    }
}

TEST(Plan, RatiosShowAsGroupsAndAsParameters) {
    const auto c = smol();
    EXPECT_EQ(pb::unitsRemoved(1536, 0.25, 1), 384);
    EXPECT_EQ(pb::unitsRemoved(1536, 0.3, 256), 512);  // 1075 kept -> rounded to 1024
    EXPECT_EQ(pb::unitsRemoved(3, 0.25, 1), 1);
    // LLM-Pruner's protocol: layers 4..27 (first 4, last 2 kept), ratio of groups 0.25.
    pb::PruningPlan p = pb::uniformWidthPlan(c, 0.25, 0.25, 4, 27);
    const double f = pb::removedParamFraction(c, p);
    EXPECT_GT(f, 0.15);
    EXPECT_LT(f, 0.25);
    const double r = pb::widthRatioForParamFraction(c, 0.20, 4, 27, pb::AttentionUnit::Group, 1);
    const double got = pb::removedParamFraction(c, pb::uniformWidthPlan(c, r, r, 4, 27));
    EXPECT_NEAR(got, 0.20, 0.03);
    EXPECT_THROW(pb::widthRatioForParamFraction(c, 0.9, 4, 27, pb::AttentionUnit::Group, 1), pb::Error);
    const pb::ModelConfig after = pb::prunedConfig(c, pb::depthPlan(c, {1, 2, 3}));
    EXPECT_EQ(after.numLayers(), 27);
    EXPECT_EQ(c.totalParams() - after.totalParams(), 3 * c.layerParams(0));
}

TEST(Plan, ResolveKeepsTheHighestScores) {
    const auto c = smol();
    pb::WidthScores s;
    s.criterion = pb::Criterion::L1;
    s.attention_groups.assign(30, {3.0, 1.0, 2.0});
    s.attention_heads.assign(30, {9, 8, 7, 1, 2, 3, 6, 5, 4});
    s.mlp.assign(30, std::vector<double>(1536));
    for (auto& l : s.mlp)
        for (size_t i = 0; i < l.size(); ++i) l[i] = double((i * 7919) % 1536);
    pb::PruningPlan p = pb::uniformWidthPlan(c, 0.34, 0.5, 0, 0);
    pb::PruningPlan r = pb::resolvePlan(c, p, s);
    EXPECT_EQ(*r.layers[0].attention_keep, (std::vector<int64_t>{0, 2}));
    EXPECT_EQ(r.layers[0].mlp_keep->size(), 768u);
    EXPECT_FALSE(r.layers[1].mlp_keep.has_value());
    EXPECT_TRUE(r.resolved());
    p.attention_unit = pb::AttentionUnit::Head;
    r = pb::resolvePlan(c, p, s);
    EXPECT_EQ(*r.layers[0].attention_keep, (std::vector<int64_t>{0, 1, 4, 5, 6, 7}));  // best 2 of each group of 3
}

TEST(Plan, GlobalRankingMovesRemovalsToWeakLayers) {
    const auto c = smol();
    pb::WidthScores s;
    s.attention_groups.assign(30, {1.0, 1.0, 1.0});
    s.attention_heads.assign(30, std::vector<double>(9, 1.0));
    s.mlp.assign(30, std::vector<double>(1536, 10.0));
    for (double& x : s.mlp[5]) x = 0.1;  // layer 5 is weak everywhere
    pb::PruningPlan p = pb::uniformWidthPlan(c, 0.0, 0.1, 0, 29);
    p.ranking = "global";
    pb::PruningPlan r = pb::resolvePlan(c, p, s);
    EXPECT_LT(r.layers[5].mlp_keep->size(), 1536u * 0.9);
    EXPECT_EQ(r.layers[6].mlp_keep->size(), 1536u);
    size_t removed = 0;
    for (const auto& l : r.layers) removed += 1536 - l.mlp_keep->size();
    EXPECT_EQ(removed, 30u * 154u);
}

TEST(Plan, BlocksToDropHonoursProtection) {
    pb::BlockScores b;
    b.scores = {0.1, 0.2, 5, 5, 0.3, 5, 5, 0.05};
    EXPECT_EQ(pb::blocksToDrop(b, 2), (std::vector<int64_t>{0, 7}));
    EXPECT_EQ(pb::blocksToDrop(b, 2, 1, 1), (std::vector<int64_t>{1, 4}));
    EXPECT_THROW(pb::blocksToDrop(b, 8), pb::Error);
    b.order = {6, 2};
    EXPECT_EQ(pb::blocksToDrop(b, 2), (std::vector<int64_t>{2, 6}));
}

TEST(DependencyGraph, GroupsCoupleTheRightSlices) {
    const auto c = smol();
    const pb::DependencyGraph g = pb::buildDependencyGraph(c);
    const pb::GroupSpec* attn = g.find(pb::GroupKind::AttentionGroup, 2);
    ASSERT_NE(attn, nullptr);
    EXPECT_EQ(attn->units, 3);
    ASSERT_EQ(attn->members.size(), 4u);
    EXPECT_EQ(g.nodes[attn->members[0].node].name, "model.layers.2.self_attn.q_proj.weight");
    EXPECT_EQ(attn->members[0].width, 3 * 64);  // g = 3 query heads of 64 rows
    EXPECT_EQ(attn->members[1].width, 64);      // one KV head
    EXPECT_EQ(pb::memberIndices(attn->members[3], 1).front(), 192);  // o_proj columns of group 1
    EXPECT_TRUE(attn->members[3].last);
    EXPECT_EQ(g.find(pb::GroupKind::QueryHead, 2)->units, 9);
    EXPECT_EQ(g.find(pb::GroupKind::MlpChannel, 29)->units, 1536);
    const pb::GroupSpec* hidden = g.find(pb::GroupKind::HiddenChannel, -1);
    ASSERT_NE(hidden, nullptr);
    EXPECT_EQ(hidden->units, 576);
    EXPECT_EQ(hidden->members.size(), 1u + 30u * 9u + 1u);  // embed, 9 per layer, final norm (tied)
    EXPECT_EQ(g.nodes.size(), 1u + 30u * 9u + 1u);
    EXPECT_FALSE(g.edges.empty());
    for (const auto& e : g.edges) EXPECT_FALSE(e.rule.empty());
}

TEST(DependencyGraph, FollowsPrunedDims) {
    auto c = smol();
    c.layers[1] = pb::LayerDims{0, 0, 512};  // attention removed, narrower MLP
    const pb::DependencyGraph g = pb::buildDependencyGraph(c);
    EXPECT_EQ(g.find(pb::GroupKind::AttentionGroup, 1), nullptr);
    EXPECT_EQ(g.find(pb::GroupKind::MlpChannel, 1)->units, 512);
    EXPECT_EQ(g.nodes[g.nodeIndex("model.layers.1.mlp.down_proj.weight")].shape, (std::vector<int64_t>{576, 512}));
}

} // namespace

namespace {
// Gemma 3 270M's shape (config.json as transformers writes it, trimmed to what changes the plan).
pb::ModelConfig gemma270m() {
    return pb::configFromHfJson({{"architectures", {"Gemma3ForCausalLM"}}, {"model_type", "gemma3_text"},
                                 {"vocab_size", 262144}, {"hidden_size", 640}, {"intermediate_size", 2048},
                                 {"num_hidden_layers", 18}, {"num_attention_heads", 4}, {"num_key_value_heads", 1},
                                 {"head_dim", 256}, {"query_pre_attn_scalar", 256}, {"sliding_window", 512},
                                 {"tie_word_embeddings", true}},
                                "gemma-3-270m config.json");
}
} // namespace

TEST(Plan, OneKvHeadKeepsItsAttentionInGroupModeAndStillPrunesTheMlp) {
    const auto c = gemma270m();
    EXPECT_EQ(c.totalParams(), 268098176);  // the real file's count (prunebench-cli info --model demo:gemma3-270m)
    // Group mode: the only KV group stays (a plan may not empty a block's attention), the MLP is cut.
    const pb::PruningPlan g = pb::uniformWidthPlan(c, 0.5, 0.5, 0, 17, pb::AttentionUnit::Group);
    EXPECT_EQ(refusal(g, c), "");
    EXPECT_EQ(g.layers[3].attention_ratio, 0.0);
    EXPECT_EQ(pb::prunedConfig(c, g).layers[3].n_heads, 4);
    EXPECT_EQ(pb::prunedConfig(c, g).layers[3].ffn, 1024);
    // Before, the budget search stopped at the ratio that emptied the attention (at most 8.8%).
    const double rg = pb::widthRatioForParamFraction(c, 0.15, 0, 17, pb::AttentionUnit::Group, 1);
    EXPECT_NEAR(pb::removedParamFraction(c, pb::uniformWidthPlan(c, rg, rg, 0, 17, pb::AttentionUnit::Group)), 0.15, 0.01);
    // Head mode prunes query heads (and their o_proj columns) too, so it reaches further.
    const double rh = pb::widthRatioForParamFraction(c, 0.25, 0, 17, pb::AttentionUnit::Head, 1);
    const pb::PruningPlan h = pb::uniformWidthPlan(c, rh, rh, 0, 17, pb::AttentionUnit::Head);
    EXPECT_LT(pb::prunedConfig(c, h).layers[3].n_heads, 4);
    EXPECT_EQ(pb::prunedConfig(c, h).layers[3].n_kv_heads, 1);
    // 35% is out of reach by width: the embedding holds 62.6% of the parameters.
    EXPECT_THROW(pb::widthRatioForParamFraction(c, 0.35, 0, 17, pb::AttentionUnit::Head, 1), pb::Error);
}

TEST(Plan, HiddenChannelsOfAScaledEmbeddingAreRefused) {
    const auto c = gemma270m();
    pb::PruningPlan p = pb::uniformWidthPlan(c, 0.0, 0.0);
    p.hidden_ratio = 0.25;
    EXPECT_NE(refusal(p, c).find("sqrt(hidden)"), std::string::npos) << refusal(p, c);
    pb::PruningPlan q = pb::uniformWidthPlan(smol(), 0.0, 0.0);
    q.hidden_ratio = 0.25;
    EXPECT_EQ(refusal(q, smol()), "");  // LLaMA: no embedding scale, hidden channels may go
}
