// core/dist without other processes: the shards of n items cover [0, n) once in rank order,
// balanced to one item; the world of one leaves every collective's input as it is; the
// environment is read as torchrun writes it and each mistake is named.
#include <cstdlib>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/rendezvous.h"
#include "core/dist/shard.h"
#include "core/util/error.h"

namespace {

TEST(DistShard, CoversEveryItemOnceBalanced) {
    for (int64_t n : {0, 1, 3, 7, 8, 23, 1000})
        for (int size : {1, 2, 3, 4, 8}) {
            int64_t next = 0, lo = n, hi = 0;
            for (int r = 0; r < size; ++r) {
                const pb::dist::Shard s = pb::dist::shardOf(n, r, size);
                EXPECT_EQ(s.begin, next) << n << " items, rank " << r << " of " << size;
                next = s.end;
                lo = std::min(lo, s.count());
                hi = std::max(hi, s.count());
            }
            EXPECT_EQ(next, n);
            EXPECT_LE(hi - lo, 1);
        }
}

TEST(DistShard, WorldOfOneLeavesValues) {
    pb::dist::World& w = pb::dist::one();
    EXPECT_EQ(w.size(), 1);
    EXPECT_TRUE(w.primary());
    auto t = torch::arange(6, torch::kFloat32).view({2, 3});
    const auto before = t.clone();
    pb::dist::allReduceSumAll(w, {t, t.narrow(1, 0, 2)});
    EXPECT_TRUE(torch::equal(t, before));
    std::vector<double> v{1.5, -2.0};
    pb::dist::allReduceSum(w, v);
    EXPECT_EQ(v, (std::vector<double>{1.5, -2.0}));
}

using Vars = std::vector<std::pair<const char*, const char*>>;

// Sets exactly these rendezvous variables (the others unset) for the scope.
struct Env {
    explicit Env(Vars vars) : vars_(std::move(vars)) {
        for (const char* n : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT", "PRUNEBENCH_DIST_TIMEOUT"})
            unsetenv(n);
        for (auto& [k, v] : vars_) setenv(k, v, 1);
    }
    ~Env() {
        for (auto& [k, v] : vars_) unsetenv(k);
    }
    Vars vars_;
};

std::string errorOf() {
    try {
        pb::dist::rendezvousFromEnvironment();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "";
}

TEST(DistRendezvous, ReadsTorchrunsVariables) {
    {
        Env e(Vars{});
        EXPECT_FALSE(pb::dist::rendezvousFromEnvironment());
    }
    {
        Env e(Vars{{"WORLD_SIZE", "1"}});
        EXPECT_FALSE(pb::dist::rendezvousFromEnvironment());
    }
    Env e(Vars{{"WORLD_SIZE", "4"}, {"RANK", "3"}, {"LOCAL_RANK", "1"}, {"MASTER_ADDR", "node7"}, {"MASTER_PORT", "29500"},
           {"PRUNEBENCH_DIST_TIMEOUT", "12"}});
    const auto r = pb::dist::rendezvousFromEnvironment();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->size, 4);
    EXPECT_EQ(r->rank, 3);
    EXPECT_EQ(r->local_rank, 1);
    EXPECT_EQ(r->where(), "node7:29500");
    EXPECT_EQ(r->timeout.count(), 12);
}

TEST(DistRendezvous, NamesEachMistake) {
    {
        Env e(Vars{{"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "1"}});
        EXPECT_NE(errorOf().find("RANK is not set"), std::string::npos) << errorOf();
    }
    {
        Env e(Vars{{"WORLD_SIZE", "2"}, {"RANK", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "1"}});
        EXPECT_NE(errorOf().find("RANK='2' is not an integer from 0 to 1"), std::string::npos) << errorOf();
    }
    {
        Env e(Vars{{"WORLD_SIZE", "two"}});
        EXPECT_NE(errorOf().find("WORLD_SIZE='two'"), std::string::npos) << errorOf();
    }
    {
        Env e(Vars{{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_PORT", "1"}});
        EXPECT_NE(errorOf().find("MASTER_ADDR is not set"), std::string::npos) << errorOf();
    }
    {
        Env e(Vars{{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "70000"}});
        EXPECT_NE(errorOf().find("MASTER_PORT='70000'"), std::string::npos) << errorOf();
    }
}

} // namespace
