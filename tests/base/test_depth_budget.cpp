// The one rule for "how many blocks remove this fraction of the parameters"
// (core/plan/depth_budget.h), the removal order it counts in (core/plan/scores.h), live
// blocks and the latency estimate.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include <nlohmann/json.hpp>

#include "core/arch/config_io.h"
#include "core/plan/block_presence.h"
#include "core/plan/depth_budget.h"
#include "core/plan/latency_estimate.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/util/error.h"

namespace {

// The demo model's shape (SmolLM2-135M): 30 equal blocks.
pb::ModelConfig smol() {
    return pb::configFromHfJson({{"architectures", {"LlamaForCausalLM"}},
                                 {"vocab_size", 49152},
                                 {"hidden_size", 576},
                                 {"intermediate_size", 1536},
                                 {"num_hidden_layers", 30},
                                 {"num_attention_heads", 9},
                                 {"num_key_value_heads", 3},
                                 {"tie_word_embeddings", true}});
}

// Blocks of different sizes: the demo shape width-pruned in layers 4..27 (a pruned model
// opened again), more in the middle ones.
pb::ModelConfig unevenBlocks() {
    const pb::ModelConfig c = smol();
    pb::PruningPlan p = pb::uniformWidthPlan(c, 0.0, 0.25, 4, 27);
    for (int i = 10; i < 20; ++i) p.layers[i].mlp_ratio = 0.75, p.layers[i].attention_ratio = 2.0 / 3.0;
    return pb::prunedConfig(c, p);
}

double fractionOf(const pb::ModelConfig& c, std::vector<int64_t> order, int64_t n) {
    order.resize(static_cast<size_t>(n));
    return pb::removedParamFraction(c, pb::depthPlan(c, order));
}

// The rule prune/stream/sweep used before: the mean block size, rounded.
int64_t meanRule(const pb::ModelConfig& c, double f) {
    const double per_block = double(c.totalParams() - c.embeddingParams()) / double(c.numLayers());
    return std::llround(f * double(c.totalParams()) / per_block);
}

std::vector<int64_t> byIndex(int64_t n) {
    std::vector<int64_t> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = i;
    return v;
}

} // namespace

TEST(DepthBudget, IsTheClosestCountOfTheOrder) {
    for (const pb::ModelConfig& c : {smol(), unevenBlocks()}) {
        std::vector<int64_t> order = byIndex(c.numLayers());
        std::mt19937 rng(7);
        std::shuffle(order.begin(), order.end(), rng);
        for (double f = 0.0; f < 0.95; f += 0.013) {
            const pb::DepthBudget b = pb::depthBudget(c, f, order);
            SCOPED_TRACE("fraction " + std::to_string(f) + ", " + std::to_string(b.blocks) + " blocks");
            ASSERT_GE(b.blocks, 0);
            ASSERT_LE(b.blocks, c.numLayers());
            EXPECT_DOUBLE_EQ(b.removed_fraction, fractionOf(c, order, b.blocks));
            std::vector<int64_t> want(order.begin(), order.begin() + b.blocks);
            std::sort(want.begin(), want.end());
            EXPECT_EQ(b.dropped, want);
            for (int64_t n = 0; n <= c.numLayers(); ++n)  // no count comes closer
                EXPECT_LE(std::abs(b.removed_fraction - f), std::abs(fractionOf(c, order, n) - f) + 1e-15) << n;
        }
    }
}

TEST(DepthBudget, AgreesWithTheMeanBlockRuleOnEqualBlocksOnly) {
    const pb::ModelConfig c = smol();  // the demo model: every block the same size
    const double all_blocks = 1.0 - double(c.embeddingParams()) / double(c.totalParams());
    for (double f = 0.02; f < all_blocks - 0.01; f += 0.01)
        EXPECT_EQ(pb::depthBudget(c, f, byIndex(c.numLayers())).blocks, meanRule(c, f)) << f;
    // Uneven blocks: the mean block size miscounts when the blocks dropped are the small ones.
    const pb::ModelConfig u = unevenBlocks();
    std::vector<int64_t> order;
    for (int i = 10; i < 20; ++i) order.push_back(i);  // the smallest blocks go first
    for (int i = 0; i < 30; ++i)
        if (i < 10 || i >= 20) order.push_back(i);
    int differ = 0;
    for (double f = 0.02; f < 0.5; f += 0.01) {
        const pb::DepthBudget b = pb::depthBudget(u, f, order);
        const int64_t mean = meanRule(u, f);
        if (mean != b.blocks) ++differ;
        EXPECT_LE(std::abs(b.removed_fraction - f), std::abs(fractionOf(u, order, std::min<int64_t>(mean, 30)) - f) + 1e-15);
    }
    EXPECT_GT(differ, 0);
}

TEST(DepthBudget, TiesAndEnds) {
    const pb::ModelConfig c = smol();
    const std::vector<int64_t> order = byIndex(c.numLayers());
    EXPECT_EQ(pb::depthBudget(c, 0.0, order).blocks, 0);
    EXPECT_EQ(pb::depthBudget(c, 0.001, order).blocks, 0);  // less than half a block: none
    EXPECT_EQ(pb::depthBudget(c, 0.99, order).blocks, c.numLayers());
    EXPECT_EQ(pb::depthBudget(c, 0.5, {}).blocks, 0);  // nothing may go
}

TEST(DepthBudget, RefusesABadOrder) {
    const pb::ModelConfig c = smol();
    EXPECT_THROW(pb::depthBudget(c, 0.1, {0, 30}), pb::Error);
    EXPECT_THROW(pb::depthBudget(c, 0.1, {-1}), pb::Error);
    EXPECT_THROW(pb::depthBudget(c, 0.1, {3, 4, 3}), pb::Error);
}

TEST(DepthBudget, MaxBlocksBoundsEveryOrder) {
    for (const pb::ModelConfig& c : {smol(), unevenBlocks()}) {
        std::mt19937 rng(11);
        for (double f = 0.01; f < 0.9; f += 0.04) {
            const int64_t bound = pb::maxBlocksForParamFraction(c, f);
            for (int k = 0; k < 20; ++k) {
                std::vector<int64_t> order = byIndex(c.numLayers());
                std::shuffle(order.begin(), order.end(), rng);
                EXPECT_LE(pb::depthBudget(c, f, order).blocks, bound) << f;
            }
        }
    }
}

TEST(BlockRemovalOrder, BlocksToDropIsItsPrefix) {
    pb::BlockScores s;
    s.scores = {5, 1, 9, 3, 3, 8, 0.5, 7, 2, 6};
    for (auto [pf, pl] : {std::pair<int64_t, int64_t>{0, 0}, {2, 1}, {4, 2}}) {
        int64_t droppable = -1;
        const std::vector<int64_t> order = pb::blockRemovalOrder(s, pf, pl, &droppable);
        ASSERT_EQ(order.size(), s.scores.size());
        EXPECT_EQ(droppable, 10 - pf - pl);
        std::vector<int64_t> sorted = order;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(sorted, byIndex(10));  // every block once
        for (int64_t n = 0; n <= droppable && n < 10; ++n) {
            std::vector<int64_t> want(order.begin(), order.begin() + n);
            std::sort(want.begin(), want.end());
            EXPECT_EQ(pb::blocksToDrop(s, n, pf, pl), want);
        }
        for (int64_t i = 0; i + 1 < droppable; ++i)  // least important first
            EXPECT_LE(s.scores[order[i]], s.scores[order[i + 1]]);
        if (droppable < 9) EXPECT_THROW(pb::blocksToDrop(s, droppable + 1, pf, pl), pb::Error);
    }
    s.order = {6, 1, 8};  // SLEB's greedy order: only those may go, in that order
    int64_t droppable = 0;
    const std::vector<int64_t> order = pb::blockRemovalOrder(s, 0, 0, &droppable);
    EXPECT_EQ(droppable, 3);
    EXPECT_EQ(std::vector<int64_t>(order.begin(), order.begin() + 3), (std::vector<int64_t>{6, 1, 8}));
    EXPECT_THROW(pb::blocksToDrop(s, 4), pb::Error);
}

// depthBudget counts in the droppable prefix only, so the count it picks can always be
// dropped (with protected blocks or SLEB's short order it used to pick more, and
// blocksToDrop then threw).
TEST(BlockRemovalOrder, DroppablePrefixBoundsTheBudget) {
    const pb::ModelConfig c = smol();
    pb::BlockScores s;
    for (int64_t i = 0; i < c.numLayers(); ++i) s.scores.push_back(double((i * 7) % 30));
    for (auto [pf, pl] : {std::pair<int64_t, int64_t>{0, 0}, {4, 2}}) {
        int64_t droppable = 0;
        const std::vector<int64_t> all = pb::blockRemovalOrder(s, pf, pl, &droppable);
        const std::vector<int64_t> order = pb::droppableBlockOrder(s, pf, pl);
        EXPECT_EQ(order, std::vector<int64_t>(all.begin(), all.begin() + droppable));
        for (double f : {0.1, 0.5, 0.95}) {
            const pb::DepthBudget b = pb::depthBudget(c, f, order);
            EXPECT_LE(b.blocks, droppable) << f;
            if (b.blocks < c.numLayers()) EXPECT_NO_THROW(pb::blocksToDrop(s, b.blocks, pf, pl)) << f;
        }
    }
    pb::BlockScores sleb = s;
    sleb.order = {6, 1, 8};
    EXPECT_EQ(pb::droppableBlockOrder(sleb), (std::vector<int64_t>{6, 1, 8}));
    EXPECT_EQ(pb::depthBudget(c, 0.9, pb::droppableBlockOrder(sleb)).blocks, 3);
}

// Known before scoring: a fraction closer to no block than to any single block means no block
// for every order; once one block is closer, some order drops it.
TEST(DepthBudget, FractionMeaningNoBlockForEveryOrder) {
    for (const pb::ModelConfig& c : {smol(), unevenBlocks()}) {
        double smallest = 1.0;
        for (int64_t b = 0; b < c.numLayers(); ++b)
            smallest = std::min(smallest, pb::removedParamFraction(c, pb::depthPlan(c, {b})));
        EXPECT_TRUE(pb::paramFractionDropsNoBlock(c, 0.0));
        EXPECT_TRUE(pb::paramFractionDropsNoBlock(c, smallest / 2 * 0.99));
        EXPECT_FALSE(pb::paramFractionDropsNoBlock(c, smallest / 2 * 1.01));
        EXPECT_FALSE(pb::paramFractionDropsNoBlock(c, 0.3));
        std::mt19937 rng(3);
        for (double f : {smallest / 2 * 0.99, smallest / 2 * 1.01, 0.2}) {
            bool some_order_drops = false;
            for (int k = 0; k < 30; ++k) {
                std::vector<int64_t> order = byIndex(c.numLayers());
                std::shuffle(order.begin(), order.end(), rng);
                some_order_drops = some_order_drops || pb::depthBudget(c, f, order).blocks > 0;
            }
            if (pb::paramFractionDropsNoBlock(c, f)) EXPECT_FALSE(some_order_drops) << f;
        }
    }
}

TEST(LiveBlocks, CountsBlocksThatCompute) {
    const pb::ModelConfig c = smol();
    EXPECT_EQ(pb::liveBlocks(c), 30);
    EXPECT_EQ(pb::liveBlocks(pb::prunedConfig(c, pb::depthPlan(c, {1, 5, 9}))), 27);
    EXPECT_TRUE(pb::hasComputingBlock(c));
}

TEST(LatencyEstimate, HalfBlocksHalfMacs) {
    const pb::ModelConfig c = smol();
    EXPECT_DOUBLE_EQ(pb::estimatedLatencyRatio(c, c), 1.0);
    const pb::ModelConfig d = pb::prunedConfig(c, pb::depthPlan(c, {1, 5, 9}));
    EXPECT_DOUBLE_EQ(pb::estimatedLatencyRatio(c, d),
                     0.5 * double(d.macs(128)) / double(c.macs(128)) + 0.5 * 27.0 / 30.0);
    EXPECT_DOUBLE_EQ(pb::estimatedLatencyRatio(100, 50, 10, 10), 0.75);
    EXPECT_DOUBLE_EQ(pb::estimatedLatencyRatio(0, 50, 10, 10), 1.0);
}
