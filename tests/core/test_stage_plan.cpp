// Pipeline stage plans (core/dist/stage_plan): balanced contiguous ranges checked against a
// brute force over every split, the --stages syntax and its mistakes, the rank layout.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <limits>

#include "core/dist/stage_plan.h"
#include "core/util/error.h"

namespace {

pb::ModelConfig config(const std::vector<int64_t>& ffn) {
    pb::ModelConfig c;
    c.vocab = 100, c.hidden = 16, c.head_dim = 4;
    for (int64_t f : ffn) c.layers.push_back({4, 2, f, false});
    return c;
}

// The smallest largest stage over every contiguous split into n stages (brute force).
int64_t bruteForce(const pb::ModelConfig& c, int n) {
    const int64_t L = c.numLayers();
    int64_t best = std::numeric_limits<int64_t>::max();
    std::vector<int64_t> cuts;
    std::function<void(int64_t, int)> rec = [&](int64_t from, int left) {
        if (left == 1) {
            pb::dist::StagePlan p;
            int64_t b = 0;
            for (int64_t e : cuts) p.stages.push_back({b, e}), b = e;
            p.stages.push_back({b, L});
            int64_t worst = 0;
            for (int s = 0; s < p.size(); ++s) worst = std::max(worst, pb::dist::stageParams(c, p, s));
            best = std::min(best, worst);
            return;
        }
        for (int64_t e = from + 1; e <= L - left + 1; ++e) {
            cuts.push_back(e);
            rec(e, left - 1);
            cuts.pop_back();
        }
    };
    rec(0, n);
    return best;
}

TEST(StagePlan, BalancedIsTheBestContiguousSplit) {
    const pb::ModelConfig c = config({8, 200, 16, 16, 300, 8, 40, 100});
    for (int n = 1; n <= 8; ++n) {
        const pb::dist::StagePlan p = pb::dist::balancedStages(c, n);
        ASSERT_EQ(p.size(), n);
        int64_t next = 0, worst = 0;
        for (int s = 0; s < n; ++s) {
            EXPECT_EQ(p.stages[size_t(s)].begin, next) << "contiguous";
            EXPECT_GE(p.stages[size_t(s)].count(), 1);
            next = p.stages[size_t(s)].end;
            worst = std::max(worst, pb::dist::stageParams(c, p, s));
        }
        EXPECT_EQ(next, 8);
        EXPECT_EQ(worst, bruteForce(c, n)) << n << " stages: " << p.describe();
    }
    EXPECT_THROW(pb::dist::balancedStages(c, 9), pb::Error);
    EXPECT_THROW(pb::dist::balancedStages(c, 0), pb::Error);
}

TEST(StagePlan, ParseAndDescribe) {
    const pb::dist::StagePlan p = pb::dist::parseStages("0-2,3,4-7", 8);
    ASSERT_EQ(p.size(), 3);
    EXPECT_EQ(p.stages[1].begin, 3);
    EXPECT_EQ(p.stages[1].end, 4);
    EXPECT_EQ(p.describe(), "0-2,3,4-7");
    auto message = [](const std::string& spec) {
        try {
            pb::dist::parseStages(spec, 8);
        } catch (const pb::Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message("0-2,4-7").find("'4-7' should begin at block 3 (gap)"), std::string::npos) << message("0-2,4-7");
    EXPECT_NE(message("0-3,3-7").find("(overlap)"), std::string::npos);
    EXPECT_NE(message("0-8").find("goes past the last block, 7"), std::string::npos);
    EXPECT_NE(message("0-5").find("ends at block 5"), std::string::npos);
    EXPECT_NE(message("0-x").find("is not a block number"), std::string::npos);
    EXPECT_NE(message("3-1,0-7").find("ends before it begins"), std::string::npos);
    EXPECT_NE(message("").find("is not a block number"), std::string::npos);
}

TEST(StagePlan, RanksAreStagesTimesReplicas) {
    const pb::dist::PipelineLayout l = pb::dist::pipelineLayout(8, 4);
    EXPECT_EQ(l.replicas, 2);
    for (int r = 0; r < 8; ++r) EXPECT_EQ(l.rankOf(l.stageOf(r), l.replicaOf(r)), r);
    EXPECT_EQ(l.stageOf(5), 1);
    EXPECT_EQ(l.replicaOf(5), 1);
    EXPECT_THROW(pb::dist::pipelineLayout(6, 4), pb::Error);
}

} // namespace
