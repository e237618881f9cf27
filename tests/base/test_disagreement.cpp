// Criteria disagreement (core/plan/disagreement): Spearman with ties against hand values, the
// removal overlap, the most disputed units, and refusals of scores of different models.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/plan/disagreement.h"
#include "core/util/error.h"

namespace {

TEST(Disagreement, SpearmanMatchesHandValues) {
    EXPECT_DOUBLE_EQ(pb::spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
    EXPECT_DOUBLE_EQ(pb::spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
    // No ties: rho = 1 - 6 Σd² / (n (n² - 1)); ranks (1 2 3 4 5) vs (2 1 4 3 5): Σd² = 4 -> 0.8.
    EXPECT_NEAR(pb::spearman({0.1, 0.2, 0.3, 0.4, 0.5}, {2, 1, 4, 3, 5}), 0.8, 1e-12);
    // Ties share the mean rank: x ranks (1.5 1.5 3), y ranks (1 2 3); Pearson of those = sqrt(3)/2.
    EXPECT_NEAR(pb::spearman({5, 5, 7}, {1, 2, 3}), std::sqrt(3.0) / 2.0, 1e-12);
    EXPECT_EQ(pb::meanRanks({3, 1, 3, 2}), (std::vector<double>{3.5, 1, 3.5, 2}));
    EXPECT_TRUE(std::isnan(pb::spearman({1}, {2})));
    EXPECT_TRUE(std::isnan(pb::spearman({1, 1, 1}, {1, 2, 3})));  // a constant side says nothing
    EXPECT_THROW(pb::spearman({1, 2}, {1, 2, 3}), pb::Error);
    EXPECT_THROW(pb::spearman({1, NAN}, {1, 2}), pb::Error);
}

pb::WidthScores width(std::vector<std::vector<double>> groups, std::vector<std::vector<double>> mlp) {
    pb::WidthScores s;
    s.attention_groups = std::move(groups);
    s.mlp = std::move(mlp);
    return s;
}

TEST(Disagreement, WidthPerLayerRhoOverlapAndTopUnits) {
    // Layer 0: the MLP orders agree; layer 1: they are reversed.
    const auto a = width({{1, 2, 3}, {1, 2, 3}}, {{1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}});
    const auto b = width({{1, 2, 3}, {3, 1, 2}}, {{10, 20, 30, 40, 50}, {5, 4, 3, 2, 1}});
    const auto d = pb::compareWidthScores(a, b, 0.4, 3);
    ASSERT_EQ(d.kinds.size(), 2u);  // no heads scored: kv groups and MLP channels
    const auto& groups = d.kinds[0];
    const auto& mlp = d.kinds[1];
    EXPECT_EQ(groups.kind, pb::UnitKind::KvGroup);
    EXPECT_DOUBLE_EQ(groups.rho[0], 1.0);
    EXPECT_DOUBLE_EQ(groups.rho[1], -0.5);  // ranks (1 2 3) vs (3 1 2): Σd² = 6 -> 1 - 36/24
    EXPECT_DOUBLE_EQ(mlp.rho[0], 1.0);
    EXPECT_DOUBLE_EQ(mlp.rho[1], -1.0);
    EXPECT_DOUBLE_EQ(mlp.mean_rho, 0.0);
    // 40% of 5 channels = 2 removed: layer 0 both {0, 1}; layer 1 {0, 1} vs {3, 4}.
    EXPECT_DOUBLE_EQ(mlp.overlap[0], 1.0);
    EXPECT_DOUBLE_EQ(mlp.overlap[1], 0.0);
    EXPECT_DOUBLE_EQ(mlp.mean_overlap, 0.5);
    // 40% of 3 groups = 1 removed: layer 1 {0} vs {1}.
    EXPECT_DOUBLE_EQ(groups.overlap[1], 0.0);
    // The most disputed: layer 1's first and last channels (rank 0 vs 1 and 1 vs 0).
    ASSERT_EQ(d.top.size(), 3u);
    EXPECT_EQ(d.top[0].kind, pb::UnitKind::KvGroup);  // group 0 of layer 1: ranks 0 vs 1
    EXPECT_EQ(d.top[0].layer, 1);
    EXPECT_DOUBLE_EQ(std::abs(d.top[0].gap()), 1.0);
    for (const auto& u : d.top) EXPECT_DOUBLE_EQ(std::abs(u.gap()), 1.0);
    // 10% of 3 groups removes none (a plan rounds 0.3 to 0): no overlap to speak of.
    const auto tenth = pb::compareWidthScores(a, b, 0.1, 3);
    EXPECT_TRUE(std::isnan(tenth.kinds[0].overlap[0]));
    EXPECT_TRUE(std::isnan(tenth.kinds[0].mean_overlap));
    EXPECT_DOUBLE_EQ(tenth.kinds[1].overlap[1], 0.0);  // 0.5 of 5 channels: {0} vs {4}
    const auto j = d.toJson();
    EXPECT_EQ(j["kinds"][1]["kind"], "mlp_channel");
    EXPECT_EQ(j["top"].size(), 3u);
}

TEST(Disagreement, RefusesScoresOfDifferentModels) {
    const auto a = width({{1, 2, 3}}, {{1, 2, 3}});
    EXPECT_THROW(pb::compareWidthScores(a, width({{1, 2, 3}, {1, 2, 3}}, {{1, 2, 3}, {1, 2, 3}})), pb::Error);
    EXPECT_THROW(pb::compareWidthScores(a, width({{1, 2}}, {{1, 2, 3}})), pb::Error);
    EXPECT_THROW(pb::compareWidthScores(a, a, 1.5), pb::Error);
    EXPECT_THROW(pb::compareWidthScores(a, width({}, {})), pb::Error);
}

TEST(Disagreement, BlocksFollowTheRemovalOrder) {
    pb::BlockScores a, b;
    a.scores = {4, 1, 3, 2};  // removal order 1, 3, 2, 0
    b.scores = {4, 2, 3, 1};  // removal order 3, 1, 2, 0
    const auto d = pb::compareBlockScores(a, b, 2);
    ASSERT_EQ(d.kinds.size(), 1u);
    EXPECT_EQ(d.kinds[0].kind, pb::UnitKind::Block);
    EXPECT_DOUBLE_EQ(d.kinds[0].overlap[0], 1.0);  // both drop {1, 3} first
    EXPECT_DOUBLE_EQ(d.kinds[0].rho[0], 0.8);      // ranks (4 1 3 2) vs (4 2 3 1)
    EXPECT_DOUBLE_EQ(d.ratio, 0.5);
    // Blocks 1 and 3 swap places: each differs by 1/3 of the order.
    EXPECT_NEAR(std::abs(d.top[0].gap()), 1.0 / 3.0, 1e-12);
    EXPECT_THROW(pb::compareBlockScores(a, b, 5), pb::Error);
    b.scores.pop_back();
    EXPECT_THROW(pb::compareBlockScores(a, b, 1), pb::Error);
}

} // namespace
