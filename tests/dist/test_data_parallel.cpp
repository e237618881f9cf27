// Data parallel on the CPU (Gloo): 2 and 4 ranks of prunebench-cli on 127.0.0.1 give the
// scores, perplexity, zero-shot accuracy and LoRA loss curve of one process on the same data,
// up to the order of floating-point sums (kTolerance, relative to each result's scale). Each
// comparison prints its largest difference and the wall time of every run ("[ dist ]" lines).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/dist/launch.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kTolerance = 1e-5;
constexpr auto kLimit = std::chrono::seconds(180);
const std::string kModel = std::string(PB_FIXTURE_DIR) + "/models/tiny_llama";    // 2 blocks
const std::string kModel4 = std::string(PB_FIXTURE_DIR) + "/models/tiny_gemma3";  // 4 blocks

// Skipped without the distributed build, except in CI, where it must have been built.
bool distributedBuilt() {
#if PB_DIST_BUILT
    return true;
#else
    return false;
#endif
}
#define REQUIRE_DIST()                                                                                      \
    do {                                                                                                    \
        if (!distributedBuilt()) {                                                                          \
            const char* ci = std::getenv("CI");                                                             \
            if (ci && std::string(ci) == "true") FAIL() << "CI=true and PruneBench was built without Gloo (gloo's headers)"; \
            GTEST_SKIP() << "built without Gloo (PRUNEBENCH_DIST needs gloo's headers)";                  \
        }                                                                                                   \
    } while (0)

// A text of seeded random words (a few thousand tokens for the byte-level fixture tokenizer).
const std::string& textFile() {
    static const std::string path = [] {
        const fs::path p = fs::temp_directory_path() / ("pb-dist-text-" + std::to_string(getpid()) + ".txt");
        const char* words[] = {"the", "whale", "ship", "sea", "captain", "sailed", "north", "under", "grey", "sky",
                               "and", "crew", "watched", "waves", "rise", "over", "deck", "while", "wind", "sang"};
        uint64_t s = 12345;
        std::string t;
        for (int i = 0; i < 4000; ++i) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            t += words[(s >> 33) % 20];
            t += (i % 13 == 12) ? ". " : " ";
        }
        std::ofstream(p) << t;
        return p.string();
    }();
    return path;
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& more) {
    a.insert(a.end(), more.begin(), more.end());
    return a;
}

// The runs of one command as 1, 2 and 4 processes; rank 0's JSON of each. Ranks > 0 print nothing.
struct Runs {
    std::vector<int> sizes;
    std::vector<json> out;
    std::vector<double> seconds;
};

Runs runAll(const std::vector<std::string>& args) {
    Runs r;
    for (int n : {1, 2, 4}) {
        const pbtest::WorldRun w = pbtest::launch(n, with(args, {"--json", "--threads", "1"}), kLimit);
        EXPECT_TRUE(w.ok()) << n << " rank(s):\n" << w.describe();
        if (!w.ok()) return r;
        for (size_t k = 1; k < w.ranks.size(); ++k) EXPECT_EQ(w.ranks[k].out, "") << "rank " << k << " printed results";
        if (n > 1) EXPECT_NE(w.ranks[0].err.find("rank 0 of " + std::to_string(n)), std::string::npos) << w.ranks[0].err;
        r.sizes.push_back(n);
        r.out.push_back(json::parse(w.ranks[0].out));
        r.seconds.push_back(w.seconds);
    }
    return r;
}

// Every number under `j` in document order.
void numbers(const json& j, std::vector<double>& out) {
    if (j.is_number()) out.push_back(j.get<double>());
    else if (j.is_array() || j.is_object())
        for (const auto& v : j) numbers(v, out);
}

// max |a - b| / max |a| (0 for equal vectors); the sizes must match.
double relativeDifference(const std::vector<double>& a, const std::vector<double>& b) {
    EXPECT_EQ(a.size(), b.size());
    double scale = 0, diff = 0;
    for (double x : a) scale = std::max(scale, std::abs(x));
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) diff = std::max(diff, std::abs(a[i] - b[i]));
    return scale > 0 ? diff / scale : diff;
}

// Compares `pick(out)` of every run with the one-process run; prints one line per run.
void expectSame(const std::string& what, const Runs& r, const std::function<std::vector<double>(const json&)>& pick) {
    ASSERT_EQ(r.out.size(), 3u) << what;
    const std::vector<double> ref = pick(r.out[0]);
    ASSERT_FALSE(ref.empty()) << what << ": nothing to compare";
    std::printf("[ dist ] %-26s 1 rank %.2f s", what.c_str(), r.seconds[0]);
    for (size_t k = 1; k < r.out.size(); ++k) {
        const double d = relativeDifference(ref, pick(r.out[k]));
        std::printf(" | %d ranks %.2f s, max rel diff %.2e", r.sizes[k], r.seconds[k], d);
        EXPECT_LE(d, kTolerance) << what << " with " << r.sizes[k] << " ranks";
    }
    std::printf("  (%zu values)\n", ref.size());
}

std::vector<double> scoreNumbers(const json& j) {
    std::vector<double> v;
    if (j.contains("layers"))
        for (const auto& l : j["layers"])
            for (const char* k : {"attention_groups", "attention_heads", "mlp"}) numbers(l[k], v);
    if (j.contains("scores")) numbers(j["scores"], v);
    if (j.contains("order")) numbers(j["order"], v);
    return v;
}

class ScoresAcrossRanks : public ::testing::TestWithParam<const char*> {};

TEST_P(ScoresAcrossRanks, EqualOneProcess) {
    REQUIRE_DIST();
    const std::string criterion = GetParam();
    // Depth criteria on the 4-block fixture (SLEB keeps the first and last block: 2 would leave none).
    const std::string model = criterion.rfind("block_", 0) == 0 ? kModel4 : kModel;
    const Runs r = runAll({"score", "--model", model, "--calib", textFile(), "--samples", "8", "--seq-len", "32",
                           "--batch", "2", "--criterion", criterion});
    expectSame("score " + criterion, r, scoreNumbers);
}

// Every data-driven family: one-pass gradients, per-sample gradients (element2, mix),
// activations (wanda_sp, flap), fusion, and the depth criteria that read the calibration set.
INSTANTIATE_TEST_SUITE_P(DataParallel, ScoresAcrossRanks,
                         ::testing::Values("taylor_element1", "taylor_vector", "taylor_element2", "taylor_mix",
                                           "wanda_sp", "flap", "fusion", "block_taylor", "block_bi", "block_ppl",
                                           "block_sleb"),
                         [](const auto& info) { return std::string(info.param); });

TEST(DataParallel, PerplexityEqualsOneProcess) {
    REQUIRE_DIST();
    // 23 windows: shards of 12/11 and 6/6/6/5, batches that do not divide them.
    const Runs r = runAll({"ppl", "--model", kModel, "--text", textFile(), "--seq-len", "32", "--max-windows", "23",
                           "--batch", "4"});
    expectSame("ppl", r, [](const json& j) { return std::vector<double>{j["ppl"].get<double>()}; });
    for (const auto& j : r.out) EXPECT_EQ(j["windows"], 23);
}

TEST(DataParallel, ZeroShotEqualsOneProcess) {
    REQUIRE_DIST();
    const std::string z = std::string(PB_FIXTURE_DIR) + "/zeroshot/";
    const std::string tasks = "piqa=" + z + "piqa.jsonl,hellaswag=" + z + "hellaswag.jsonl,arc_challenge=" + z +
                              "arc_challenge.json,winogrande=" + z + "winogrande.jsonl";
    const Runs r = runAll({"eval", "--model", kModel, "--tasks", tasks, "--batch", "3"});
    expectSame("eval (acc, acc_norm)", r, [](const json& j) {
        std::vector<double> v;
        for (const auto& t : j["tasks"]) {
            v.push_back(t["n"].get<double>());
            v.push_back(t["acc"].get<double>());
            if (t.contains("acc_norm")) v.push_back(t["acc_norm"].get<double>());
        }
        return v;
    });
}

TEST(DataParallel, LoraLossCurveEqualsOneProcess) {
    REQUIRE_DIST();
    // Global batch 2 x 2 = 4 examples: 2 ranks one micro-batch each, 4 ranks one example each.
    const Runs r = runAll({"recover", "--model", kModel, "--data", textFile(), "--steps", "8", "--micro-batch", "2",
                           "--grad-accum", "2", "--cutoff", "32", "--dropout", "0", "--lr", "0.01", "--val-size", "8",
                           "--eval-every", "2", "--rank", "4"});
    expectSame("recover train loss", r, [](const json& j) {
        std::vector<double> v;
        for (const auto& p : j["history"])
            if (p["train_loss"].is_number()) v.push_back(p["train_loss"].get<double>());
        return v;
    });
    expectSame("recover val loss", r, [](const json& j) {
        std::vector<double> v;
        for (const auto& p : j["history"])
            if (p["val_loss"].is_number()) v.push_back(p["val_loss"].get<double>());
        v.push_back(j["val_loss_after"].get<double>());
        return v;
    });
    for (const auto& j : r.out) EXPECT_EQ(j["tokens"], r.out[0]["tokens"]) << "tokens trained on, summed over ranks";
}

TEST(DataParallel, OnlyRankZeroWrites) {
    REQUIRE_DIST();
    const fs::path dir = fs::temp_directory_path() / ("pb-dist-out-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string plan = (dir / "plan.json").string();
    const pbtest::WorldRun w = pbtest::launch(
        2, {"prune", "--model", kModel, "--calib", textFile(), "--samples", "4", "--seq-len", "16", "--criterion",
            "taylor_element1", "--width-ratio", "0.25", "--layers", "0-1", "--save-plan", plan, "--json", "--threads", "1"},
        kLimit);
    EXPECT_TRUE(w.ok()) << w.describe();
    EXPECT_TRUE(fs::exists(plan));
    ASSERT_EQ(w.ranks.size(), 2u);
    EXPECT_NE(w.ranks[0].out.find("\"params_after\""), std::string::npos);
    EXPECT_EQ(w.ranks[1].out, "");
    EXPECT_NE(w.ranks[1].err.find("rank 1/2"), std::string::npos) << "progress lines name the rank:\n" << w.ranks[1].err;
    fs::remove_all(dir);
}

TEST(DataParallel, RankWithoutPeersSaysWhyInTime) {
    REQUIRE_DIST();
    // Rank 1 of 2 alone: nobody serves MASTER_ADDR:MASTER_PORT.
    const pbtest::WorldRun w = pbtest::launchRanks({1}, 2, {"ppl", "--model", kModel, "--text", textFile()},
                                                   std::chrono::seconds(60), {{"PRUNEBENCH_DIST_TIMEOUT", "3"}});
    ASSERT_EQ(w.ranks.size(), 1u);
    EXPECT_FALSE(w.ranks[0].timed_out) << w.describe();
    EXPECT_EQ(w.ranks[0].exit_code, 1) << w.describe();
    EXPECT_NE(w.ranks[0].err.find("rank 1 could not reach the rendezvous at 127.0.0.1:"), std::string::npos) << w.ranks[0].err;
    EXPECT_LT(w.seconds, 30.0);
    // Rank 0 alone: it serves, and says the others did not come.
    const pbtest::WorldRun z = pbtest::launchRanks({0}, 2, {"ppl", "--model", kModel, "--text", textFile()},
                                                   std::chrono::seconds(60), {{"PRUNEBENCH_DIST_TIMEOUT", "3"}});
    EXPECT_EQ(z.ranks[0].exit_code, 1) << z.describe();
    EXPECT_NE(z.ranks[0].err.find("rank 0 of 2: rank(s) 1 did not arrive at 127.0.0.1:"), std::string::npos)
        << z.ranks[0].err;
    EXPECT_LT(z.seconds, 30.0);
}

TEST(DataParallel, EnvironmentMistakesAreNamed) {
    REQUIRE_DIST();
    // A command that runs as one process, under WORLD_SIZE > 1: refused, not run twice.
    auto w = pbtest::launchRanks({0}, 2, {"info", "--model", kModel}, std::chrono::seconds(60));
    EXPECT_EQ(w.ranks[0].exit_code, 2) << w.describe();
    EXPECT_NE(w.ranks[0].err.find("runs as one process"), std::string::npos) << w.ranks[0].err;
    // RANK missing.
    w = pbtest::launch(1, {"ppl", "--model", kModel, "--text", textFile()}, std::chrono::seconds(60),
                       {{"WORLD_SIZE", "2"}, {"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", "29511"}});
    EXPECT_EQ(w.ranks[0].exit_code, 1) << w.describe();
    EXPECT_NE(w.ranks[0].err.find("RANK is not set"), std::string::npos) << w.ranks[0].err;
    // --distributed without the variables: a world of one, said so.
    w = pbtest::launch(1, {"ppl", "--model", kModel, "--text", textFile(), "--max-windows", "2", "--distributed"},
                       std::chrono::seconds(60));
    EXPECT_TRUE(w.ok()) << w.describe();
    EXPECT_NE(w.ranks[0].err.find("running as one process"), std::string::npos) << w.ranks[0].err;
}

} // namespace
