// The streamed backward (core/stream/streamed_backward.h): every gradient criterion scored
// block by block from the file equals the in-memory scorer on the same calibration ids — the
// tiny fixtures (HF folders, and a random Q4_0 GGUF) with micro-batches smaller than the sample
// count, and the demo model's Q4_1 GGUF; a cancelled pass leaves the model usable, a non-finite
// loss is refused in words, and the block inputs can be kept on the host.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include <torch/torch.h>

#include "core/arch/config_io.h"
#include "core/bench/random_gguf.h"
#include "core/data/assets.h"
#include "core/export/gguf_export.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/criteria.h"
#include "core/plan/scores.h"
#include "core/prune/importance.h"
#include "core/stream/activation_store.h"
#include "core/stream/streamed_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tests/base/temp_dir.h"

namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = PB_FIXTURE_DIR;

pb::Calibration calibOf(const pb::Tokenizer& tok, int64_t n, int64_t len) {
    std::string text;
    for (int k = 0; k < 40; ++k) text += "Call me Ishmael. Some years ago, never mind how long precisely, I went to sea. ";
    return pb::makeCalibration(tok, text, n, len, 7);
}

// Every element of `a` within rel × (the largest |b|) of `b`; the largest relative error so far in *worst.
void expectClose(const std::vector<double>& a, const std::vector<double>& b, double rel, const std::string& what,
                 double* worst = nullptr) {
    ASSERT_EQ(a.size(), b.size()) << what;
    double scale = 0;
    for (double v : b) scale = std::max(scale, std::abs(v));
    ASSERT_GT(scale, 0.0) << what << ": all scores are zero, the comparison would prove nothing";
    for (size_t k = 0; k < a.size(); ++k) {
        EXPECT_NEAR(a[k], b[k], rel * scale) << what << " [" << k << "]";
        if (worst) *worst = std::max(*worst, std::abs(a[k] - b[k]) / scale);
    }
}

void expectWidthEqual(const pb::WidthScores& s, const pb::WidthScores& m, double rel, const std::string& what,
                      double* worst = nullptr) {
    ASSERT_EQ(s.mlp.size(), m.mlp.size()) << what;
    for (size_t i = 0; i < m.mlp.size(); ++i) {
        const std::string at = what + " layer " + std::to_string(i);
        if (!m.mlp[i].empty()) expectClose(s.mlp[i], m.mlp[i], rel, at + " mlp", worst);
        if (!m.attention_heads[i].empty()) {
            expectClose(s.attention_heads[i], m.attention_heads[i], rel, at + " heads", worst);
            expectClose(s.attention_groups[i], m.attention_groups[i], rel, at + " groups", worst);
        }
    }
    EXPECT_EQ(s.fusion_alpha, m.fusion_alpha) << what;
}

// A scratch folder: pb_stream_bw_<pid>_<name>.
struct TempDir : pbtest::TempDir {
    explicit TempDir(const std::string& name) : pbtest::TempDir("stream_bw", name) {}
};

// A random Q4_0 GGUF of the tiny fixture's tokenizer: hidden 64, 3 layers of 4 heads / 2 KV heads / 96 channels.
fs::path randomGguf(const fs::path& dir) {
    const fs::path src = kFixtures / "models" / "tiny_llama";
    pb::ModelConfig c = pb::readHfConfig(src / "config.json");
    c.hidden = 64, c.head_dim = 16;  // Q4_0 rows are whole blocks of 32
    c.layers.assign(3, pb::LayerDims{4, 2, 96});
    pb::RandomGgufOptions o;
    o.tokenizer_from = src;
    o.seed = 5;
    const fs::path file = dir / "random_q4_0.gguf";
    pb::writeRandomGguf(c, file, o);
    return file;
}

const pb::Criterion kWidthGradient[] = {pb::Criterion::TaylorVector, pb::Criterion::TaylorVectorSlice, pb::Criterion::TaylorElement1,
                                        pb::Criterion::TaylorElement2, pb::Criterion::TaylorMix, pb::Criterion::Fusion};

// Streamed == in memory for every gradient criterion, 4 samples in micro-batches of 2 (and of 4).
void expectEveryGradientCriterionEqual(const fs::path& path, pb::StreamOptions stream_options = {}) {
    pb::LoadedModel m = pb::loadModel(path);
    pb::StreamedModel s(path, stream_options);
    const pb::Calibration calib = calibOf(*m.tokenizer, 4, 16);
    pb::ScoreOptions so;
    so.batch = 2;
    for (const pb::Criterion c : kWidthGradient) {
        so.criterion = c;
        ASSERT_TRUE(pb::StreamedModel::streams(c)) << pb::criterionName(c);
        const int64_t passes = s.stats().passes;
        const pb::WidthScores streamed = s.scoreWidth(calib, so);
        // Fusion: the gradients (2), the inputs' plans, the per-layer cuts, the fused plan when a layer moved.
        const int64_t fusion_passes = streamed.fusion ? 4 + (streamed.fusion->layers_moved > 0 ? 1 : 0) : 0;
        EXPECT_EQ(s.stats().passes - passes, c == pb::Criterion::Fusion ? fusion_passes : 2) << pb::criterionName(c);
        if (c == pb::Criterion::Fusion) EXPECT_TRUE(streamed.fusion.has_value());
        EXPECT_EQ(streamed.criterion, c);
        expectWidthEqual(streamed, pb::scoreWidth(*m.model, calib, so), 1e-5, pb::criterionName(c));
    }
    so.criterion = pb::Criterion::BlockTaylor;
    expectClose(s.scoreBlocks(calib, so).scores, pb::scoreBlocks(*m.model, calib, so).scores, 1e-5, "block_taylor");
    so.batch = 4;  // one pass over all samples: the in-memory path reduces each weight gradient as it forms
    so.criterion = pb::Criterion::TaylorElement1;
    expectWidthEqual(s.scoreWidth(calib, so), pb::scoreWidth(*m.model, calib, so), 1e-5, "taylor_element1, batch 4");
}

// Demo assets are part of CI: missing there is a failure, elsewhere a skip.
bool demoOrSkip() {
    if (pb::assets::demoAvailable()) return true;
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") ADD_FAILURE() << "demo assets missing under CI=true: run scripts/setup.sh";
    return false;
}

} // namespace

class StreamedBackwardFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(StreamedBackwardFixture, EveryGradientCriterionEqualsTheInMemoryScores) {
    expectEveryGradientCriterionEqual(kFixtures / "models" / GetParam());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, StreamedBackwardFixture,
                         ::testing::Values("tiny_llama", "tiny_per_layer", "tiny_qwen2", "tiny_gemma3"));

TEST(StreamedBackward, RandomQ4GgufEqualsTheLoadedModelAndHostActivationsChangeNothing) {
    TempDir dir("random");
    const fs::path file = randomGguf(dir.path());
    expectEveryGradientCriterionEqual(file);
    pb::StreamOptions host;
    host.activations = "host";  // on the CPU host and device memory are one: same numbers, said as "device"
    pb::StreamedModel a(file), b(file, host);
    const pb::Calibration calib = calibOf(a.tokenizer(), 3, 16);
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::TaylorElement1;
    so.batch = 2;
    expectWidthEqual(a.scoreWidth(calib, so), b.scoreWidth(calib, so), 0.0, "host");
    EXPECT_EQ(b.stats().activations, "device");
    EXPECT_EQ(b.stats().activation_bytes, 3u * 3u * 16u * 64u * 4u);  // blocks × samples × T × H × f32
}

TEST(StreamedBackward, ActivationPlaceFollowsTheModeAndTheFreeMemory) {
    const torch::Device cuda(torch::kCUDA, 0), cpu(torch::kCPU);
    EXPECT_TRUE(pb::keepActivationsOnDevice("auto", cuda, 100, 200));
    EXPECT_FALSE(pb::keepActivationsOnDevice("auto", cuda, 101, 200));  // more than half the free memory
    EXPECT_TRUE(pb::keepActivationsOnDevice("auto", cuda, 101, -1));    // unknown: the device
    EXPECT_FALSE(pb::keepActivationsOnDevice("host", cuda, 1, 1000));
    EXPECT_TRUE(pb::keepActivationsOnDevice("device", cuda, 1000, 1));
    EXPECT_TRUE(pb::keepActivationsOnDevice("host", cpu, 1, 1000));  // one memory on the CPU
    EXPECT_THROW(pb::keepActivationsOnDevice("disk", cpu, 1, 1), pb::Error);
    EXPECT_EQ(pb::activationBytes(30, 4, 64, 576, torch::kBFloat16), 30u * 4u * 64u * 576u * 2u);
    EXPECT_EQ(pb::freeDeviceBytes(cpu), -1);
}

TEST(StreamedBackward, CancelledMidPassLeavesTheModelUsable) {
    const fs::path path = kFixtures / "models" / "tiny_llama";
    pb::StreamedModel s(path);
    const pb::Calibration calib = calibOf(s.tokenizer(), 3, 16);
    pb::ScoreOptions so;
    so.batch = 2;
    for (const pb::Criterion c : {pb::Criterion::TaylorElement1, pb::Criterion::TaylorMix, pb::Criterion::Fusion,
                                  pb::Criterion::BlockTaylor}) {
        so.criterion = c;
        const bool depth = pb::criterionInfo(c).depth;
        auto score = [&](const pb::ProgressFn& p) {
            return depth ? s.scoreBlocks(calib, so, p).scores : s.scoreWidth(calib, so, p).mlp.at(1);
        };
        const std::vector<double> before = score({});
        for (const std::string stage : {"forward, block 1", "backward, block 0", "fusion, block 1"}) {
            if (stage.starts_with("fusion") && c != pb::Criterion::Fusion) continue;
            bool asked = false;
            auto cancel = [&](double, std::string_view at) {
                if (at.find(stage) == std::string_view::npos) return true;
                asked = true;
                return false;
            };
            EXPECT_THROW(score(cancel), pb::Cancelled) << pb::criterionName(c) << " at " << stage;
            EXPECT_TRUE(asked) << stage;
            EXPECT_EQ(score({}), before) << pb::criterionName(c) << " after a cancel at " << stage;
        }
    }
}

TEST(StreamedBackward, NonFiniteLossAndHiddenScoresAreRefusedInWords) {
    TempDir dir("nan");
    pb::LoadedModel m = pb::loadModel(kFixtures / "models" / "tiny_llama");
    {
        torch::NoGradGuard ng;
        m.model->final_norm.fill_(3e38);  // finite weights whose logits overflow: the loss is not finite
    }
    pb::GgufExportOptions eo;
    eo.source = m.source;
    const fs::path file = dir.path() / "overflow.gguf";
    pb::exportGguf(*m.model, *m.tokenizer, file, eo);
    pb::StreamedModel s(file);
    const pb::Calibration calib = calibOf(s.tokenizer(), 2, 16);
    pb::ScoreOptions so;
    for (const pb::Criterion c : {pb::Criterion::TaylorElement1, pb::Criterion::TaylorElement2, pb::Criterion::BlockTaylor}) {
        so.criterion = c;
        try {
            if (pb::criterionInfo(c).depth) s.scoreBlocks(calib, so);
            else s.scoreWidth(calib, so);
            ADD_FAILURE() << pb::criterionName(c) << ": a non-finite loss was not refused";
        } catch (const pb::Error& e) {
            EXPECT_EQ(std::string(e.what()), "the calibration loss is not finite (NaN or infinity)");
        }
    }
    pb::StreamedModel fine(kFixtures / "models" / "tiny_llama");
    so.criterion = pb::Criterion::TaylorVector;
    so.score_hidden = true;
    try {
        fine.scoreWidth(calib, so);
        ADD_FAILURE() << "hidden-channel scores were streamed";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("hidden-channel scores are not streamed"), std::string::npos) << e.what();
    }
    EXPECT_EQ(fine.stats().passes, 0);  // refused before any block was read
}

TEST(StreamedBackwardDemo, TaylorScoresOfTheQ41GgufEqualTheLoadedModel) {
    if (!demoOrSkip()) GTEST_SKIP() << "demo assets missing: run scripts/setup.sh";
    pb::LoadedModel m = pb::loadModel(pb::assets::demoModelPath());
    pb::StreamedModel s(pb::assets::demoModelPath());
    const pb::Calibration calib = calibOf(*m.tokenizer, 3, 32);
    pb::ScoreOptions so;
    so.batch = 2;
    double worst = 0;
    for (const pb::Criterion c : {pb::Criterion::TaylorElement1, pb::Criterion::TaylorVector}) {
        so.criterion = c;
        expectWidthEqual(s.scoreWidth(calib, so), pb::scoreWidth(*m.model, calib, so), 1e-5, pb::criterionName(c), &worst);
    }
    std::printf("demo streamed vs in-memory Taylor scores: largest difference %.3g of a layer's largest score\n", worst);
}

TEST(StreamedBackwardCuda, PinnedHostActivationsEqualDeviceOnesAndTheCpuScores) {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    const fs::path path = kFixtures / "models" / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(path);
    pb::StreamOptions dev{"cuda", "f32"}, host{"cuda", "f32"};
    dev.activations = "device", host.activations = "host";
    pb::StreamedModel a(path, dev), b(path, host);
    const pb::Calibration calib = calibOf(*m.tokenizer, 4, 16);
    pb::ScoreOptions so;
    so.batch = 2;
    for (const pb::Criterion c : {pb::Criterion::TaylorElement1, pb::Criterion::TaylorMix}) {
        so.criterion = c;
        const pb::WidthScores on_device = a.scoreWidth(calib, so);
        expectWidthEqual(b.scoreWidth(calib, so), on_device, 1e-6, pb::criterionName(c) + " host vs device");
        expectWidthEqual(on_device, pb::scoreWidth(*m.model, calib, so), 1e-4, pb::criterionName(c) + " cuda vs cpu");
    }
    EXPECT_EQ(a.stats().activations, "device");
    EXPECT_EQ(b.stats().activations, "host");
}
