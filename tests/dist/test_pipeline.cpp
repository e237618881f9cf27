// Pipeline parallel on the CPU (Gloo): prunebench-cli --pipeline-stages as 2 and 4 stages on
// 127.0.0.1 (and 2 stages x 2 data-parallel replicas) gives one plain process's perplexity,
// scores, LoRA loss curve and adapter on tiny_gemma3 (4 blocks, tied lm_head, sliding layers). Each
// comparison prints its largest relative difference and the wall time of every run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
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
constexpr auto kLimit = std::chrono::seconds(120);
const std::string kModel = std::string(PB_FIXTURE_DIR) + "/models/tiny_gemma3";  // 4 blocks

#define REQUIRE_GLOO()                                                                                      \
    do {                                                                                                    \
        if (!PB_DIST_BUILT) {                                                                               \
            const char* ci = std::getenv("CI");                                                             \
            if (ci && std::string(ci) == "true") FAIL() << "CI=true and PruneBench was built without Gloo"; \
            GTEST_SKIP() << "built without Gloo (PRUNEBENCH_DIST needs gloo's headers)";                  \
        }                                                                                                   \
    } while (0)

// Removes the file when the test program ends (the ranks are exec'd programs: they never run it).
struct RemovedAtExit {
    std::string path;
    ~RemovedAtExit() {
        std::error_code ec;
        fs::remove(path, ec);
    }
};

// Seeded random words (a few thousand byte-level tokens), in a file of the temp folder.
const std::string& textFile() {
    static const RemovedAtExit file{[] {
        const fs::path p = fs::temp_directory_path() / ("pb-pipe-text-" + std::to_string(getpid()) + ".txt");
        const char* words[] = {"a", "pipeline", "of", "stages", "passes", "its", "activations", "on", "to", "the",
                               "next", "and", "gradients", "come", "back", "in", "reverse", "order", "each", "step"};
        uint64_t s = 777;
        std::string t;
        for (int i = 0; i < 3000; ++i) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            t += words[(s >> 33) % 20];
            t += (i % 11 == 10) ? ". " : " ";
        }
        std::ofstream(p) << t;
        return p.string();
    }()};
    return file.path;
}

struct Layout {
    int ranks;
    std::vector<std::string> args;
    std::string name;
};
// The one-process reference first, then the pipelines.
const std::vector<Layout> kLayouts = {{1, {}, "1 process"},
                                      {2, {"--pipeline-stages", "2"}, "2 stages"},
                                      {4, {"--pipeline-stages", "4"}, "4 stages"},
                                      {4, {"--stages", "0-2,3"}, "2 stages x 2 replicas"}};

std::vector<json> runAll(const std::vector<std::string>& args, std::vector<double>& seconds) {
    std::vector<json> out;
    for (const Layout& l : kLayouts) {
        std::vector<std::string> a = args;
        a.insert(a.end(), l.args.begin(), l.args.end());
        for (const char* x : {"--json", "--threads", "1"}) a.push_back(x);
        const pbtest::WorldRun w = pbtest::launch(l.ranks, a, kLimit);
        EXPECT_TRUE(w.ok()) << l.name << ":\n" << w.describe();
        if (!w.ok()) return {};
        for (size_t k = 1; k < w.ranks.size(); ++k) EXPECT_EQ(w.ranks[k].out, "") << l.name << ": rank " << k << " printed";
        if (l.ranks > 1) {
            EXPECT_NE(w.ranks[0].err.find("rank 0: stage 0 of"), std::string::npos) << w.ranks[0].err;
            const json j = json::parse(w.ranks[0].out);
            EXPECT_TRUE(j.contains("pipeline")) << l.name;
        }
        out.push_back(json::parse(w.ranks[0].out));
        seconds.push_back(w.seconds);
    }
    return out;
}

void numbers(const json& j, std::vector<double>& out) {
    if (j.is_number()) out.push_back(j.get<double>());
    else if (j.is_array() || j.is_object())
        for (const auto& v : j) numbers(v, out);
}

double relativeDifference(const std::vector<double>& a, const std::vector<double>& b) {
    EXPECT_EQ(a.size(), b.size());
    double scale = 0, diff = 0;
    for (double x : a) scale = std::max(scale, std::abs(x));
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) diff = std::max(diff, std::abs(a[i] - b[i]));
    return scale > 0 ? diff / scale : diff;
}

void expectSame(const std::string& what, const std::vector<json>& out, const std::vector<double>& seconds,
                const std::function<std::vector<double>(const json&)>& pick) {
    ASSERT_EQ(out.size(), kLayouts.size()) << what;
    const std::vector<double> ref = pick(out[0]);
    ASSERT_FALSE(ref.empty()) << what;
    std::printf("[ pipe ] %-22s %s %.2f s", what.c_str(), kLayouts[0].name.c_str(), seconds[0]);
    for (size_t k = 1; k < out.size(); ++k) {
        const double d = relativeDifference(ref, pick(out[k]));
        std::printf(" | %s %.2f s, %.1e", kLayouts[k].name.c_str(), seconds[k], d);
        EXPECT_LE(d, kTolerance) << what << ", " << kLayouts[k].name;
    }
    std::printf("  (%zu values)\n", ref.size());
}

// Every F32 tensor of a .safetensors file by name (8-byte header size, JSON header, data).
std::map<std::string, std::vector<double>> safetensorsFloats(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    uint64_t n = 0;
    in.read(reinterpret_cast<char*>(&n), 8);
    std::string header(n, '\0');
    in.read(header.data(), std::streamsize(n));
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::map<std::string, std::vector<double>> out;
    const json h = json::parse(header);
    for (auto it = h.begin(); it != h.end(); ++it) {
        const std::string name = it.key();
        const json& info = it.value();
        if (name == "__metadata__" || info["dtype"] != "F32") continue;
        const size_t b = info["data_offsets"][0], e = info["data_offsets"][1];
        std::vector<double> v;
        for (size_t k = b; k + 4 <= e; k += 4) {
            float f;
            std::memcpy(&f, data.data() + k, 4);
            v.push_back(f);
        }
        out[name] = v;
    }
    return out;
}

TEST(Pipeline, PerplexityEqualsOneProcess) {
    REQUIRE_GLOO();
    std::vector<double> t;
    // 13 windows: replica shards of 7/6, micro-batches of 3 that do not divide them.
    const auto out = runAll({"ppl", "--model", kModel, "--text", textFile(), "--seq-len", "32", "--max-windows", "13",
                             "--batch", "3"}, t);
    expectSame("ppl", out, t, [](const json& j) { return std::vector<double>{j["ppl"].get<double>()}; });
}

class PipelineScores : public ::testing::TestWithParam<const char*> {};

TEST_P(PipelineScores, EqualOneProcess) {
    REQUIRE_GLOO();
    std::vector<double> t;
    const auto out = runAll({"score", "--model", kModel, "--calib", textFile(), "--samples", "6", "--seq-len", "24",
                             "--batch", "2", "--criterion", GetParam()}, t);
    expectSame(std::string("score ") + GetParam(), out, t, [](const json& j) {
        std::vector<double> v;
        if (j.contains("layers"))
            for (const auto& l : j["layers"])
                for (const char* k : {"attention_groups", "attention_heads", "mlp"}) numbers(l[k], v);
        if (j.contains("scores")) numbers(j["scores"], v);
        return v;
    });
}

// A gradient criterion (backward through the stages), a forward one on the blocks' inner
// activations, and a depth one on their inputs and outputs.
INSTANTIATE_TEST_SUITE_P(Pipeline, PipelineScores, ::testing::Values("taylor_element1", "flap", "block_bi"),
                         [](const auto& info) { return std::string(info.param); });

TEST(Pipeline, LoraLossCurveEqualsOneProcess) {
    REQUIRE_GLOO();
    std::vector<double> t;
    const fs::path dir = fs::temp_directory_path() / ("pb-pipe-lora-" + std::to_string(getpid()));
    // Global batch 2 x 2: each step's two micro-batches in flight (a replica: one of them).
    const auto out = runAll({"recover", "--model", kModel, "--data", textFile(), "--steps", "6", "--micro-batch", "2",
                             "--grad-accum", "2", "--cutoff", "24", "--dropout", "0", "--lr", "0.01", "--val-size", "6",
                             "--eval-every", "3", "--rank", "4"}, t);
    expectSame("recover train loss", out, t, [](const json& j) {
        std::vector<double> v;
        for (const auto& p : j["history"])
            if (p["train_loss"].is_number()) v.push_back(p["train_loss"].get<double>());
        return v;
    });
    expectSame("recover val loss", out, t, [](const json& j) {
        std::vector<double> v;
        for (const auto& p : j["history"])
            if (p["val_loss"].is_number()) v.push_back(p["val_loss"].get<double>());
        v.push_back(j["val_loss_after"].get<double>());
        return v;
    });
    for (const auto& j : out) {
        EXPECT_EQ(j["tokens"], out[0]["tokens"]);
        EXPECT_EQ(j["trainable_params"], out[0]["trainable_params"]);
    }
    // The adapter gathered on rank 0, against one process on the same examples in the same
    // micro-batches. 4 stages: --micro-batch 2 as it is. 2 stages x 2 replicas: each replica takes
    // one example of the global batch of 2, which one process does with --micro-batch 1
    // --grad-accum 2 (one process's --micro-batch 2 differs from that by rounding, which AdamW's
    // m / (sqrt(v) + eps) grows: 2.8e-7 after one step, 1.7e-4 in lora_A after two, while the
    // train losses agree to 3e-8).
    const std::vector<std::string> args = {"recover", "--model", kModel, "--data", textFile(), "--steps", "2",
                                           "--cutoff", "24", "--dropout", "0", "--lr", "0.01", "--val-size", "4",
                                           "--rank", "4", "--threads", "1", "--json"};
    auto adapterOf = [&](const std::string& name, int ranks, const std::vector<std::string>& more) {
        std::vector<std::string> a = args;
        const std::string out = (dir / name).string();
        a.insert(a.end(), {"--out", out});
        a.insert(a.end(), more.begin(), more.end());
        const auto w = pbtest::launch(ranks, a, kLimit);
        EXPECT_TRUE(w.ok()) << name << ":\n" << w.describe();
        return w.ok() ? safetensorsFloats(fs::path(out) / "adapter_model.safetensors")
                      : std::map<std::string, std::vector<double>>{};
    };
    auto compare = [&](const std::string& what, const std::map<std::string, std::vector<double>>& ref,
                       const std::map<std::string, std::vector<double>>& got) {
        ASSERT_FALSE(ref.empty()) << what;
        ASSERT_EQ(ref.size(), got.size()) << what;
        double worst = 0;
        for (const auto& [tensor, v] : ref) {
            ASSERT_TRUE(got.count(tensor)) << tensor << " missing: " << what;
            worst = std::max(worst, relativeDifference(v, got.at(tensor)));
        }
        std::printf("[ pipe ] adapter, %s: %zu tensors, max rel diff %.1e\n", what.c_str(), ref.size(), worst);
        EXPECT_LE(worst, kTolerance) << what;
    };
    compare("4 stages vs 1 process", adapterOf("one", 1, {"--micro-batch", "2"}),
            adapterOf("four", 4, {"--micro-batch", "2", "--pipeline-stages", "4"}));
    compare("2 stages x 2 replicas vs 1 process, micro-batch 1 x 2",
            adapterOf("one-accum", 1, {"--micro-batch", "1", "--grad-accum", "2"}),
            adapterOf("twobytwo", 4, {"--micro-batch", "2", "--stages", "0-2,3"}));
    fs::remove_all(dir);
}

TEST(Pipeline, MistakesAreNamed) {
    REQUIRE_GLOO();
    // Three ranks cannot be two stages.
    auto w = pbtest::launch(3, {"ppl", "--model", kModel, "--text", textFile(), "--pipeline-stages", "2"},
                            std::chrono::seconds(60));
    EXPECT_EQ(w.ranks[0].exit_code, 1) << w.describe();
    EXPECT_NE(w.ranks[0].err.find("WORLD_SIZE=3 is not a multiple of the 2 pipeline stages"), std::string::npos)
        << w.ranks[0].err;
    // A stage list with a gap, and a criterion that does not run pipelined: refused before any rank meets.
    w = pbtest::launch(1, {"ppl", "--model", kModel, "--text", textFile(), "--stages", "0-1,3"}, std::chrono::seconds(60));
    EXPECT_EQ(w.ranks[0].exit_code, 1) << w.describe();
    EXPECT_NE(w.ranks[0].err.find("entry '3' should begin at block 2 (gap)"), std::string::npos) << w.ranks[0].err;
    w = pbtest::launch(1, {"score", "--model", kModel, "--calib", textFile(), "--criterion", "taylor_mix",
                           "--pipeline-stages", "1"}, std::chrono::seconds(60));
    EXPECT_EQ(w.ranks[0].exit_code, 2) << w.describe();
    EXPECT_NE(w.ranks[0].err.find("does not run across pipeline stages"), std::string::npos) << w.ranks[0].err;
}

} // namespace
