// Layer-by-layer streaming (core/stream): device dequantization, the random GGUF writer,
// and every streamed pass against the in-memory path on real files (tiny HF fixtures, a
// random Q4_0 GGUF, the demo model's Q4_1 GGUF with its interleaved Q/K rows).
#include <cmath>
#include <filesystem>
#include <random>

#include <gtest/gtest.h>
#include <unistd.h>

#include <torch/torch.h>

#include "core/arch/config_io.h"
#include "core/bench/random_gguf.h"
#include "core/data/assets.h"
#include "core/eval/perplexity.h"
#include "core/export/gguf_pruned.h"
#include "core/io/gguf.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/scores.h"
#include "core/prune/apply.h"
#include "core/prune/importance.h"
#include "core/stream/device_dequant.h"
#include "core/stream/streamed_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tests/base/temp_dir.h"

namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = PB_FIXTURE_DIR;

std::vector<int32_t> textIds(const pb::Tokenizer& tok, int64_t min_tokens) {
    std::string text = "The whale swam slowly along the grey coast while the sailors watched and waited. ";
    std::vector<int32_t> ids;
    while (static_cast<int64_t>(ids.size()) < min_tokens) {
        text += text;
        ids = tok.encode(text, true);
    }
    return ids;
}

pb::Calibration calibOf(const pb::Tokenizer& tok, int64_t n, int64_t len) {
    std::string text;
    for (int k = 0; k < 40; ++k) text += "Call me Ishmael. Some years ago, never mind how long precisely, I went to sea. ";
    return pb::makeCalibration(tok, text, n, len, 7);
}

void expectClose(const std::vector<double>& a, const std::vector<double>& b, double rel, const std::string& what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    double scale = 0;
    for (double v : b) scale = std::max(scale, std::abs(v));
    for (size_t k = 0; k < a.size(); ++k) EXPECT_NEAR(a[k], b[k], rel * scale + 1e-12) << what << " [" << k << "]";
}

void expectWidthEqual(const pb::WidthScores& s, const pb::WidthScores& m, double rel) {
    ASSERT_EQ(s.mlp.size(), m.mlp.size());
    for (size_t i = 0; i < m.mlp.size(); ++i) {
        expectClose(s.mlp[i], m.mlp[i], rel, "mlp layer " + std::to_string(i));
        expectClose(s.attention_heads[i], m.attention_heads[i], rel, "heads layer " + std::to_string(i));
        expectClose(s.attention_groups[i], m.attention_groups[i], rel, "groups layer " + std::to_string(i));
    }
}

// A scratch folder: pb_stream_<pid>_<name>.
struct TempDir : pbtest::TempDir {
    explicit TempDir(const std::string& name) : pbtest::TempDir("stream", name) {}
};

} // namespace

TEST(DeviceDequant, EqualsTheCpuDequantizerForEveryStreamedType) {
    using pb::gguf::GgmlType;
    std::mt19937 rng(3);
    std::normal_distribution<float> nd(0.0f, 0.05f);
    std::vector<float> x(32 * 64);
    for (float& v : x) v = nd(rng);
    for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_1}) {
        const uint64_t bytes = x.size() / pb::gguf::blockElems(t) * pb::gguf::blockBytes(t);
        auto raw = torch::empty({static_cast<int64_t>(bytes)}, torch::kUInt8);
        pb::gguf::quantize(t, x.data(), raw.data_ptr<uint8_t>(), x.size());
        std::vector<float> cpu(x.size());
        pb::gguf::dequantize(t, raw.data_ptr<uint8_t>(), cpu.data(), x.size());
        auto dev = pb::dequantizeOnDevice(t, raw, static_cast<int64_t>(x.size()), torch::kFloat32);
        auto ref = torch::from_blob(cpu.data(), {static_cast<int64_t>(cpu.size())}, torch::kFloat32);
        EXPECT_TRUE(torch::equal(dev, ref)) << pb::gguf::typeName(t);
    }
    auto short_raw = torch::zeros({17}, torch::kUInt8);
    EXPECT_THROW(pb::dequantizeOnDevice(GgmlType::Q4_0, short_raw, 32, torch::kFloat32), pb::Error);
    EXPECT_FALSE(pb::deviceDequantizes(GgmlType::Q8_1));  // never in model files
}

TEST(RandomGguf, WritesAValidQ4ModelThatLoadsAndStreamsLikeTheLoadedOne) {
    TempDir dir("random");
    const fs::path src = kFixtures / "models" / "tiny_llama";
    pb::ModelConfig c = pb::readHfConfig(src / "config.json");
    c.hidden = 64, c.head_dim = 16;  // Q4_0 rows are whole blocks of 32
    c.layers.assign(2, pb::LayerDims{4, 2, 96});
    pb::RandomGgufOptions o;
    o.tokenizer_from = src;
    const fs::path file = dir.path() / "random.gguf";
    const pb::RandomGgufResult r = pb::writeRandomGguf(c, file, o);
    EXPECT_EQ(r.bytes, fs::file_size(file));
    EXPECT_FALSE(fs::exists(file.string() + ".partial"));
    const pb::gguf::File f = pb::gguf::File::open(file);  // the strict reader accepts it
    EXPECT_EQ(f.findTensor("blk.0.attn_q.weight")->type, pb::gguf::GgmlType::Q4_0);

    pb::LoadedModel m = pb::loadModel(file);
    EXPECT_EQ(m.config.totalParams(), c.totalParams());
    auto w = m.model->layers[0].w_up.to(torch::kFloat64);
    EXPECT_NEAR(w.std().item<double>(), 0.02, 0.004);  // the documented weight scale
    pb::StreamedModel s(file);
    const auto ids = textIds(*m.tokenizer, 4 * 16);
    pb::PerplexityOptions po;
    po.seq_len = 16;
    po.batch = 2;
    EXPECT_NEAR(s.perplexity(ids, po).ppl, pb::perplexity(*m.model, ids, po).ppl, 1e-9);
    EXPECT_EQ(s.stats().passes, 1);
    EXPECT_EQ(s.stats().blocks_loaded, c.numLayers());

    pb::ModelConfig too_small = c;
    too_small.vocab = 8;  // the tokenizer has more tokens
    EXPECT_THROW(pb::writeRandomGguf(too_small, dir.path() / "bad.gguf", o), pb::Error);
    EXPECT_FALSE(fs::exists(dir.path() / "bad.gguf"));
}

class StreamedFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(StreamedFixture, EveryPassEqualsTheInMemoryModel) {
    const fs::path path = kFixtures / "models" / GetParam();
    pb::LoadedModel m = pb::loadModel(path);
    pb::StreamedModel s(path);
    ASSERT_EQ(s.config().totalParams(), m.config.totalParams());
    const auto ids = textIds(*m.tokenizer, 6 * 16);
    pb::PerplexityOptions po;
    po.seq_len = 16;
    po.batch = 4;
    EXPECT_NEAR(s.perplexity(ids, po).ppl, pb::perplexity(*m.model, ids, po).ppl, 1e-9);

    const pb::Calibration calib = calibOf(*m.tokenizer, 4, 16);
    pb::ScoreOptions so;
    so.batch = 2;
    for (const pb::Criterion crit : {pb::Criterion::WandaSp, pb::Criterion::Flap}) {
        so.criterion = crit;
        expectWidthEqual(s.scoreWidth(calib, so), pb::scoreWidth(*m.model, calib, so), 1e-9);
    }
    for (const pb::Criterion crit : {pb::Criterion::BlockBi, pb::Criterion::BlockPpl}) {
        so.criterion = crit;
        expectClose(s.scoreBlocks(calib, so).scores, pb::scoreBlocks(*m.model, calib, so).scores, 1e-9,
                    pb::criterionName(crit));
    }

    // A pruned plan, applied as each block streams, equals the applied model.
    so.criterion = pb::Criterion::WandaSp;
    const double attention = GetParam() == "tiny_llama" ? 0.5 : 0.0;  // the others have layers of one KV group
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, attention, 0.5, 0, m.config.numLayers() - 1);
    plan = pb::resolvePlan(m.config, plan, pb::scoreWidth(*m.model, calib, so));
    plan.dropped_blocks = {1};
    const pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    EXPECT_NEAR(s.perplexity(ids, po, &plan).ppl, pb::perplexity(pruned, ids, po).ppl, 1e-9);

    so.criterion = pb::Criterion::L1;  // every weight at once: not streamed
    EXPECT_THROW(s.scoreWidth(calib, so), pb::Error);
    pb::PruningPlan ratios = pb::uniformWidthPlan(m.config, 0.5, 0.5);
    EXPECT_THROW(s.perplexity(ids, po, &ratios), pb::Error);  // not resolved
}

INSTANTIATE_TEST_SUITE_P(Fixtures, StreamedFixture, ::testing::Values("tiny_llama", "tiny_per_layer", "tiny_qwen2"));

TEST(StreamedDemo, GgufQ41WithInterleavedQkEqualsTheLoadedModel) {
    if (!pb::assets::demoAvailable()) GTEST_SKIP() << "demo assets missing: run scripts/setup.sh";
    pb::LoadedModel m = pb::loadModel(pb::assets::demoModelPath());
    pb::StreamedModel s(pb::assets::demoModelPath());
    const auto ids = m.tokenizer->encode(pb::assets::loadText("demo:moby-dick"), true);
    pb::PerplexityOptions po;
    po.seq_len = 64;
    po.max_windows = 4;
    po.batch = 4;
    const double ref = pb::perplexity(*m.model, ids, po).ppl;
    EXPECT_NEAR(s.perplexity(ids, po).ppl, ref, 1e-6 * ref);
    EXPECT_GT(s.stats().bytes_copied, 0u);

    const pb::Calibration calib = calibOf(*m.tokenizer, 2, 32);
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::BlockPpl;
    so.batch = 2;
    expectClose(s.scoreBlocks(calib, so).scores, pb::scoreBlocks(*m.model, calib, so).scores, 1e-6, "block_ppl");
}

TEST(StreamedModelErrors, MissingAndUnknownInputsSayWhat) {
    EXPECT_THROW(pb::StreamedModel("/nonexistent/model.gguf"), pb::Error);
    EXPECT_THROW(pb::StreamedModel(kFixtures / "models" / "tiny_llama", pb::StreamOptions{"tpu", "f32"}), pb::Error);
    pb::StreamedModel s(kFixtures / "models" / "tiny_llama");
    const auto ids = textIds(s.tokenizer(), 2 * 16);
    pb::PerplexityOptions po;
    po.seq_len = 16;
    auto cancel_in_block_1 = [](double, std::string_view stage) { return stage.find("block 1") == std::string_view::npos; };
    EXPECT_THROW(s.perplexity(ids, po, nullptr, cancel_in_block_1), pb::Cancelled);
    const double after_cancel = s.perplexity(ids, po).ppl;  // the model is whole again
    EXPECT_TRUE(std::isfinite(after_cancel));
    EXPECT_EQ(after_cancel, s.perplexity(ids, po).ppl);
    EXPECT_THROW(s.perplexity({1, 2, 3}, po), pb::Error);  // shorter than one window
    EXPECT_FALSE(pb::StreamedModel::streams(pb::Criterion::BlockSleb));
    EXPECT_TRUE(pb::StreamedModel::streams(pb::Criterion::TaylorElement1));  // streamed backward
    EXPECT_TRUE(pb::StreamedModel::streams(pb::Criterion::BlockPpl));
}

namespace {

// A random GGUF of the tiny fixture's tokenizer: hidden 64, 2 layers of 4 heads / 2 KV heads / 96 channels.
fs::path randomTinyGguf(const fs::path& dir, const std::string& dtype) {
    const fs::path src = kFixtures / "models" / "tiny_llama";
    pb::ModelConfig c = pb::readHfConfig(src / "config.json");
    c.hidden = 64, c.head_dim = 16;
    c.layers.assign(2, pb::LayerDims{4, 2, 96});
    pb::RandomGgufOptions o;
    o.tokenizer_from = src;
    o.dtype = dtype;
    fs::create_directories(dir / "src");  // outputs go to dir/out: the source's folder is refused
    const fs::path file = dir / "src" / ("random_" + dtype + ".gguf");
    pb::writeRandomGguf(c, file, o);
    return file;
}

} // namespace

TEST(PrunedGguf, WidthCutsCopyBytesWherePossibleAndRequantizeTheRest) {
    TempDir dir("pruned_width");
    const fs::path file = randomTinyGguf(dir.path(), "q8_0");
    pb::LoadedModel m = pb::loadModel(file);
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::L2;
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0.5, 0.5, 0, 1);  // one of 2 KV groups, 48 of 96 channels
    plan = pb::resolvePlan(m.config, plan, pb::scoreWidth(*m.model, pb::Calibration{}, so));
    fs::create_directories(dir.path() / "out");
    const pb::PrunedGgufResult r = pb::writePrunedGguf(file, plan, dir.path() / "out" / "pruned.gguf");
    EXPECT_EQ(r.requantized_tensors, 2);  // ffn_down of each layer: 48 channels cut through Q8_0 blocks
    EXPECT_EQ(r.architecture, "llama");

    pb::LoadedModel back = pb::loadModel(r.file);
    const pb::LlamaModel ref = pb::applyPlan(*m.model, plan);
    ASSERT_EQ(back.config.layers, ref.config.layers);
    EXPECT_EQ(back.config.totalParams(), r.parameters);
    for (size_t i = 0; i < ref.layers.size(); ++i) {
        const auto& a = back.model->layers[i];
        const auto& b = ref.layers[i];
        using Pair = std::pair<torch::Tensor, torch::Tensor>;
        for (const auto& [x, y] : std::vector<Pair>{{a.wq, b.wq}, {a.wk, b.wk}, {a.wv, b.wv}, {a.wo, b.wo}, {a.w_gate, b.w_gate}, {a.w_up, b.w_up}})
            EXPECT_TRUE(torch::equal(x, y)) << "layer " << i;  // bytes copied: identical
        EXPECT_TRUE(torch::allclose(a.w_down, b.w_down, 0.0, 2e-3)) << "layer " << i;  // re-quantized Q8_0
    }
    EXPECT_FALSE(fs::exists(r.file.string() + ".tmp-" + std::to_string(::getpid())));
}

TEST(PrunedGguf, DepthPlanCopiesKeptBlocksAndEqualsTheAppliedModel) {
    TempDir dir("pruned_depth");
    const fs::path file = randomTinyGguf(dir.path(), "q4_0");
    pb::LoadedModel m = pb::loadModel(file);
    const pb::PruningPlan plan = pb::depthPlan(m.config, {0});
    fs::create_directories(dir.path() / "out");
    const pb::PrunedGgufResult r = pb::writePrunedGguf(file, plan, dir.path() / "out" / "depth.gguf");
    EXPECT_EQ(r.requantized_tensors, 0);
    pb::LoadedModel back = pb::loadModel(r.file);
    const pb::LlamaModel ref = pb::applyPlan(*m.model, plan);
    const auto ids = textIds(*m.tokenizer, 2 * 16);
    pb::PerplexityOptions po;
    po.seq_len = 16;
    EXPECT_EQ(pb::perplexity(*back.model, ids, po).ppl, pb::perplexity(ref, ids, po).ppl);

    EXPECT_THROW(pb::writePrunedGguf(file, pb::uniformWidthPlan(m.config, 0.5, 0.5), dir.path() / "out" / "r.gguf"),
                 pb::Error);  // ratios, not resolved
    EXPECT_THROW(pb::writePrunedGguf(file, plan, file), pb::Error);                       // never over the source
    EXPECT_THROW(pb::writePrunedGguf(file, plan, dir.path() / "src"), pb::Error);  // nor its folder
    EXPECT_FALSE(fs::exists(dir.path() / "out" / "r.gguf"));
}
