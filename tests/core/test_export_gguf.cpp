// GGUF export: export -> loadModel round trips give the same logits (f32) for uniform,
// depth-pruned and per-layer-pruned models; the file passes the strict reader with the
// keys llama.cpp needs; Q8_0/F16/BF16 load back close; tokenizers from Hugging Face
// folders become GGUF vocabularies that encode alike; the refusals leave nothing behind.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/arch/config_io.h"
#include "core/export/gguf_export.h"
#include "core/export/gguf_pruned.h"
#include "core/io/gguf.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/prune/apply.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

const fs::path kModels = fs::path(PB_FIXTURE_DIR) / "models";
const fs::path kTokenizers = fs::path(PB_FIXTURE_DIR) / "tokenizer";

torch::Tensor someIds(int64_t vocab, int64_t len = 24) {
    return (torch::arange(len, torch::kInt64) * 37 + 5).remainder(vocab).unsqueeze(0);
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

pb::GgufExportOptions opts(const fs::path& source, const std::string& dtype = "f32") {
    pb::GgufExportOptions o;
    o.source = source;
    o.dtype = dtype;
    return o;
}

std::vector<std::string> names(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

class ExportGguf : public ::testing::Test {
protected:
    void SetUp() override {
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::replace(name.begin(), name.end(), '/', '_');
        root_ = fs::temp_directory_path() / ("pb_gguf_" + std::to_string(::getpid()) + "_" + name);
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    void TearDown() override { fs::remove_all(root_); }
    void expectNoLeftovers() const {
        for (const auto& e : fs::directory_iterator(root_))
            EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    }
    fs::path root_;
};

// Export -> strict reader -> loadModel: same dims, logits within tol, same token ids.
pb::GgufExportResult roundTrip(const pb::LlamaModel& model, const pb::Tokenizer& tok, const fs::path& source,
                               const fs::path& out, double tol = 1e-6, const std::string& arch = "auto") {
    pb::GgufExportOptions o = opts(source);
    o.arch = arch;
    const pb::GgufExportResult r = pb::exportGguf(model, tok, out, o);
    EXPECT_EQ(r.file, fs::absolute(out));
    EXPECT_EQ(fs::file_size(out), r.bytes);

    const pb::gguf::File f = pb::gguf::File::open(out);  // strict: throws on any defect
    EXPECT_EQ(f.version(), 3u);
    EXPECT_EQ(f.getString("general.architecture"), r.architecture);
    const std::string a = r.architecture + ".";
    for (const char* k : {"context_length", "embedding_length", "block_count", "feed_forward_length",
                          "attention.head_count", "attention.head_count_kv", "attention.layer_norm_rms_epsilon",
                          "rope.dimension_count", "rope.freq_base", "attention.key_length"})
        EXPECT_NE(f.find(a + k), nullptr) << k;
    EXPECT_EQ(f.find(a + "attention.head_count")->type == pb::gguf::ValueType::Array, r.per_layer_arrays);
    for (const char* k : {"tokenizer.ggml.model", "tokenizer.ggml.tokens", "tokenizer.ggml.bos_token_id"})
        EXPECT_NE(f.find(k), nullptr) << k;
    for (const auto& t : f.tensors())
        if (t.ne.size() == 1) EXPECT_EQ(t.type, pb::gguf::GgmlType::F32) << t.name;
    EXPECT_EQ(f.findTensor("output.weight") == nullptr, model.config.tie_embeddings);

    pb::LoadedModel back = pb::loadModel(out);
    EXPECT_EQ(back.config.layers, model.config.layers);
    EXPECT_EQ(back.config.family, model.config.family);
    EXPECT_EQ(back.config.head_dim, model.config.head_dim);
    torch::NoGradGuard ng;
    const auto x = someIds(model.config.vocab, 40);
    const double d = maxDiff(back.model->forward(x), model.forward(x));
    std::printf("[ gguf ] %s (%s): max |logit diff| %.3g\n", out.filename().c_str(), r.architecture.c_str(), d);
    EXPECT_LT(d, tol);
    const std::string text = "Hello world! <s>It's 2024.\n\n  Caf\xC3\xA9 </s> done";
    EXPECT_EQ(back.tokenizer->encode(text, true), tok.encode(text, true));
    EXPECT_EQ(back.tokenizer->decode(tok.encode(text, true)), tok.decode(tok.encode(text, true)));
    return r;
}

class ExportGgufFixture : public ExportGguf, public ::testing::WithParamInterface<std::string> {};

TEST_P(ExportGgufFixture, RoundTripIsExactInF32) {
    const fs::path src = kModels / GetParam();
    pb::LoadedModel m = pb::loadModel(src);
    // llama3 RoPE scaling travels as rope_freqs divisors in F32.
    const double tol = GetParam() == "tiny_llama3" ? 1e-5 : 1e-6;
    const auto r = roundTrip(*m.model, *m.tokenizer, src, root_ / (GetParam() + ".gguf"), tol);
    EXPECT_EQ(r.per_layer_arrays, !m.config.uniform());
    EXPECT_EQ(r.architecture, GetParam() == "tiny_qwen2" ? "qwen2" : m.config.uniform() ? "llama" : "deci");
    EXPECT_EQ(r.tensor_types.size(), 1u);
    expectNoLeftovers();
}

INSTANTIATE_TEST_SUITE_P(ExportGguf, ExportGgufFixture,
                         ::testing::Values("tiny_llama", "tiny_qwen2", "tiny_llama3", "tiny_per_layer"));

// gemma3 -> GGUF as llama.cpp reads it: arch gemma3, the window and the per-layer local/global
// pattern, the local RoPE base; query_pre_attn_scalar (24 here, no GGUF key) folded into
// attn_q_norm so that llama.cpp's 1/sqrt(key_length) gives the same scores.
TEST_F(ExportGguf, Gemma3FromHuggingFaceFoldsTheQueryScale) {
    const fs::path src = kModels / "tiny_gemma3";
    pb::LoadedModel m = pb::loadModel(src);
    ASSERT_EQ(m.config.query_scalar, 24.0);
    const auto r = roundTrip(*m.model, *m.tokenizer, src, root_ / "g.gguf", 1e-5);
    EXPECT_EQ(r.architecture, "gemma3");
    const pb::gguf::File f = pb::gguf::File::open(root_ / "g.gguf");
    EXPECT_EQ(f.getUInt("gemma3.attention.sliding_window"), 6u);
    const pb::gguf::Value* pattern = f.find("gemma3.attention.sliding_window_pattern");
    ASSERT_NE(pattern, nullptr);
    EXPECT_EQ(pattern->array_type, pb::gguf::ValueType::Bool);
    EXPECT_EQ(pattern->numbers, (std::vector<double>{1, 1, 1, 0}));
    for (const char* t : {"blk.0.attn_q_norm.weight", "blk.0.attn_k_norm.weight", "blk.0.post_attention_norm.weight",
                          "blk.0.ffn_norm.weight", "blk.0.post_ffw_norm.weight"})
        EXPECT_NE(f.findTensor(t), nullptr) << t;
    std::string notes;
    for (const auto& n : r.notes) notes += n + "\n";
    EXPECT_NE(notes.find("query_pre_attn_scalar"), std::string::npos) << notes;
    EXPECT_NE(notes.find("sliding_window_pattern"), std::string::npos) << notes;  // 4 layers: not llama.cpp's rule
    pb::LoadedModel back = pb::loadModel(root_ / "g.gguf");
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(back.config.layers[i].sliding, i < 3);
    EXPECT_EQ(back.config.rope_local.theta, 1e4);
    EXPECT_EQ(back.config.rope.theta, 1e6);
}

// The convert_hf_to_gguf-style fixture (layer 5 of 6 global: llama.cpp's rule) round-trips;
// depth pruning moves the global layer, the pattern key says where.
TEST_F(ExportGguf, Gemma3DepthPrunedKeepsEachLayersKind) {
    const fs::path src = kModels / "tiny_gemma3_gguf" / "model.gguf";
    pb::LoadedModel m = pb::loadModel(src);
    const auto dense = roundTrip(*m.model, *m.tokenizer, src, root_ / "dense.gguf", 1e-6);
    for (const auto& n : dense.notes) EXPECT_EQ(n.find("fixed rule"), std::string::npos) << n;
    pb::LlamaModel pruned = pb::applyPlan(*m.model, pb::depthPlan(m.config, {1, 3}));
    roundTrip(pruned, *m.tokenizer, src, root_ / "depth.gguf", 1e-6);
    const pb::gguf::File f = pb::gguf::File::open(root_ / "depth.gguf");
    EXPECT_EQ(f.find("gemma3.attention.sliding_window_pattern")->numbers, (std::vector<double>{1, 1, 1, 0}));
    pb::LoadedModel back = pb::loadModel(root_ / "depth.gguf");
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(back.config.layers[i].sliding, i < 3) << i;

    // Only local layers left: each is written as sliding.
    pb::LlamaModel local = pb::applyPlan(*m.model, pb::depthPlan(m.config, {5}));
    roundTrip(local, *m.tokenizer, src, root_ / "local.gguf", 1e-6);
    EXPECT_EQ(pb::gguf::File::open(root_ / "local.gguf").find("gemma3.attention.sliding_window_pattern")->numbers,
              std::vector<double>(5, 1.0));
    // Only the global layer left: window 0 (an all-global pattern fails llama.cpp's SWA assertion).
    pb::LlamaModel global = pb::applyPlan(*m.model, pb::depthPlan(m.config, {0, 1, 2, 3, 4}));
    roundTrip(global, *m.tokenizer, src, root_ / "global.gguf", 1e-6);
    EXPECT_EQ(pb::gguf::File::open(root_ / "global.gguf").getUInt("gemma3.attention.sliding_window"), 0u);
    EXPECT_EQ(pb::gguf::File::open(root_ / "global.gguf").find("gemma3.attention.sliding_window_pattern"), nullptr);
}

// The streamed writer (GGUF source -> pruned GGUF without loading the model) cuts gemma3 as the
// in-memory applier does, with the kept layers' pattern.
TEST_F(ExportGguf, Gemma3PrunedFromTheFileEqualsTheAppliedPlan) {
    const fs::path src = kModels / "tiny_gemma3_gguf" / "model.gguf";
    pb::LoadedModel m = pb::loadModel(src);
    pb::PruningPlan plan = pb::depthPlan(m.config, {2});
    plan.attention_unit = pb::AttentionUnit::Head;
    for (size_t i = 0; i < plan.layers.size(); ++i)
        if (i != 2) {
            plan.layers[i].attention_keep = std::vector<int64_t>{1, 3};  // one query head of each KV group
            plan.layers[i].mlp_keep = std::vector<int64_t>{0, 1, 2, 3, 8, 9, 10, 11, 40, 41, 42, 43, 60, 61, 62, 63};
        }
    const pb::LlamaModel ref = pb::applyPlan(*m.model, plan);
    pb::writePrunedGguf(src, plan, root_ / "cut.gguf");
    pb::LoadedModel back = pb::loadModel(root_ / "cut.gguf");
    ASSERT_EQ(back.config.layers, ref.config.layers);
    for (size_t i = 0; i < ref.config.layers.size(); ++i) EXPECT_EQ(back.config.layers[i].sliding, ref.config.layers[i].sliding);
    torch::NoGradGuard ng;
    const auto x = someIds(m.config.vocab, 20);
    const double d = maxDiff(back.model->forward(x), ref.forward(x));
    std::printf("[ gguf ] gemma3 pruned from the file vs applied plan: max |logit diff| %.3g\n", d);
    EXPECT_LT(d, 1e-6);
}

// llama.cpp's gemma3 graph sizes every layer from the scalar widths (checked with
// llama-cpp-python 0.3.36: "tensor 'blk.2.ffn_gate.weight' has wrong shape"): the summary says
// so for per-layer widths; PruneBench reads the arrays back exactly.
TEST_F(ExportGguf, Gemma3PerLayerWidthsSayLlamaCppCannotLoadThem) {
    const fs::path src = kModels / "tiny_gemma3_gguf" / "model.gguf";
    pb::LoadedModel m = pb::loadModel(src);
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    plan.layers[1].attention_keep = std::vector<int64_t>{1};  // one KV group of two
    plan.layers[2].mlp_keep = std::vector<int64_t>{0, 5, 9, 33, 60};
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    const auto r = roundTrip(pruned, *m.tokenizer, src, root_ / "uneven.gguf", 1e-6);
    EXPECT_EQ(r.architecture, "gemma3");
    EXPECT_TRUE(r.per_layer_arrays);
    EXPECT_NE(r.summary.find("does not load there"), std::string::npos) << r.summary;
}

// PB_EXPORT_KEEP=/dir: gemma3 GGUF exports with PruneBench's logits (NAME.logits.json) for
// tools/fixtures/check_gguf_llamacpp.py (llama.cpp through llama-cpp-python).
TEST_F(ExportGguf, KeepGemma3ExportsForLlamaCpp) {
    const char* keep = std::getenv("PB_EXPORT_KEEP");
    if (!keep) GTEST_SKIP() << "set PB_EXPORT_KEEP=/dir to keep gemma3 GGUF exports for llama.cpp";
    const fs::path base = keep;
    fs::create_directories(base);
    torch::NoGradGuard ng;
    auto save = [&](const pb::LlamaModel& model, const pb::Tokenizer& tok, const fs::path& src, const std::string& name) {
        pb::exportGguf(model, tok, base / (name + ".gguf"), opts(src));
        const auto x = someIds(model.config.vocab, 16);
        const auto logits = model.forward(x).contiguous();  // [1, 16, V]
        nlohmann::json rows = nlohmann::json::array();
        for (int64_t t = 0; t < logits.size(1); ++t) {
            const float* p = logits.data_ptr<float>() + t * logits.size(2);
            rows.push_back(std::vector<float>(p, p + logits.size(2)));
        }
        std::vector<int64_t> ids(x.data_ptr<int64_t>(), x.data_ptr<int64_t>() + x.numel());
        std::ofstream(base / (name + ".logits.json")) << nlohmann::json{{"ids", {ids}}, {"logits", {rows}}}.dump();
    };
    const fs::path hf = kModels / "tiny_gemma3", gg = kModels / "tiny_gemma3_gguf" / "model.gguf";
    pb::LoadedModel a = pb::loadModel(hf), b = pb::loadModel(gg);
    save(*a.model, *a.tokenizer, hf, "gemma3_hf");  // query scale folded into q_norm
    save(pb::applyPlan(*a.model, pb::depthPlan(a.config, {0, 2})), *a.tokenizer, hf, "gemma3_hf_depth");
    save(*b.model, *b.tokenizer, gg, "gemma3_gguf");
    save(pb::applyPlan(*b.model, pb::depthPlan(b.config, {1, 3})), *b.tokenizer, gg, "gemma3_gguf_depth");
    pb::PruningPlan heads = pb::uniformWidthPlan(b.config, 0, 0);
    heads.attention_unit = pb::AttentionUnit::Head;
    for (auto& l : heads.layers) l.attention_keep = std::vector<int64_t>{1, 3};
    save(pb::applyPlan(*b.model, heads), *b.tokenizer, gg, "gemma3_gguf_heads");
    pb::PruningPlan uneven = pb::uniformWidthPlan(b.config, 0, 0);  // per-layer arrays
    uneven.layers[1].attention_keep = std::vector<int64_t>{1};
    uneven.layers[2].mlp_keep = std::vector<int64_t>{0, 5, 9, 33, 60};
    save(pb::applyPlan(*b.model, uneven), *b.tokenizer, gg, "gemma3_gguf_uneven");
    uneven.layers[1].attention_keep.reset();  // only the MLP widths differ
    save(pb::applyPlan(*b.model, uneven), *b.tokenizer, gg, "gemma3_gguf_uneven_ffn");
}

TEST_F(ExportGguf, DepthPrunedModelIsPlainLlama) {
    const fs::path src = kModels / "tiny_llama3";
    pb::LoadedModel m = pb::loadModel(src);
    pb::LlamaModel pruned = pb::applyPlan(*m.model, pb::depthPlan(m.config, {1}));
    const auto r = roundTrip(pruned, *m.tokenizer, src, root_ / "depth.gguf", 1e-5);
    EXPECT_EQ(r.architecture, "llama");
    EXPECT_FALSE(r.per_layer_arrays);
    EXPECT_EQ(pb::gguf::File::open(root_ / "depth.gguf").getUInt("llama.block_count"), 2u);
}

pb::PruningPlan perLayerPlan(const pb::ModelConfig& c) {
    pb::PruningPlan plan = pb::uniformWidthPlan(c, 0, 0);
    plan.layers[1].attention_keep = std::vector<int64_t>{1};  // one KV group of two
    plan.layers[1].mlp_keep = std::vector<int64_t>{0, 3, 5, 7, 11, 20, 30, 47};
    return plan;
}

TEST_F(ExportGguf, WidthPrunedModels) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    // The same cut in every layer: plain llama with scalar widths.
    pb::PruningPlan same = pb::uniformWidthPlan(m.config, 0, 0);
    for (auto& l : same.layers) {
        l.attention_keep = std::vector<int64_t>{1};
        l.mlp_keep = std::vector<int64_t>{0, 3, 5, 7, 11, 20, 30, 47};
    }
    pb::LlamaModel uniform = pb::applyPlan(*m.model, same);
    auto r = roundTrip(uniform, *m.tokenizer, src, root_ / "uniform.gguf");
    EXPECT_EQ(r.architecture, "llama");
    const pb::gguf::File fu = pb::gguf::File::open(root_ / "uniform.gguf");
    EXPECT_EQ(fu.getUInt("llama.feed_forward_length"), 8u);
    EXPECT_EQ(fu.getUInt("llama.attention.head_count"), 2u);
    EXPECT_EQ(fu.getUInt("llama.attention.head_count_kv"), 1u);

    // Per-layer widths: deci with per-layer arrays (llama.cpp's llama graph uses layer 0's widths).
    pb::LlamaModel per_layer = pb::applyPlan(*m.model, perLayerPlan(m.config));
    r = roundTrip(per_layer, *m.tokenizer, src, root_ / "per_layer.gguf");
    EXPECT_EQ(r.architecture, "deci");
    EXPECT_TRUE(r.per_layer_arrays);
    const pb::gguf::File fp = pb::gguf::File::open(root_ / "per_layer.gguf");
    EXPECT_EQ(*fp.getPerLayer("deci.feed_forward_length", 2), (std::vector<int64_t>{48, 8}));
    EXPECT_EQ(*fp.getPerLayer("deci.attention.head_count", 2), (std::vector<int64_t>{4, 2}));
    EXPECT_EQ(*fp.getPerLayer("deci.attention.head_count_kv", 2), (std::vector<int64_t>{2, 1}));
    EXPECT_EQ(fp.getUInt("deci.attention.key_length"), 8u);
    // Forced llama arch: the same arrays under llama.*; PruneBench loads it exactly too.
    r = roundTrip(per_layer, *m.tokenizer, src, root_ / "per_layer_llama.gguf", 1e-6, "llama");
    EXPECT_EQ(r.architecture, "llama");
    EXPECT_TRUE(r.per_layer_arrays);
    expectNoLeftovers();
}

TEST_F(ExportGguf, DeciSkipsAttentionAndPadsAMissingMlp) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    pb::LlamaModel no_attn = *m.model;  // layer 1 without attention (as a pruner may leave it)
    no_attn.config.layers[1].n_heads = no_attn.config.layers[1].n_kv_heads = 0;
    pb::LayerWeights& l1 = no_attn.layers[1];
    l1.attn_norm = l1.wq = l1.wk = l1.wv = l1.wo = torch::Tensor();
    no_attn.checkShapes();
    EXPECT_EQ(pb::ggufExportArch(no_attn.config), "deci");
    EXPECT_THROW(pb::ggufExportArch(no_attn.config, "llama"), pb::Error);
    roundTrip(no_attn, *m.tokenizer, src, root_ / "no_attn.gguf");

    // Attention without MLP (a sub-block plan removed the MLP alone): llama.cpp's deci graph would
    // drop the attention output (`if (n_ff == 0) continue;`), so the layer is written with a
    // one-channel MLP of zeros (core/export/gguf_mlp_pad.h); arch llama refuses it.
    pb::LlamaModel no_mlp = *m.model;
    no_mlp.config.layers[1].ffn = 0;
    pb::LayerWeights& w1 = no_mlp.layers[1];
    w1.ffn_norm = w1.w_gate = w1.w_up = w1.w_down = torch::Tensor();
    no_mlp.checkShapes();
    EXPECT_EQ(pb::ggufExportArch(no_mlp.config), "deci");
    EXPECT_THROW(pb::ggufExportArch(no_mlp.config, "llama"), pb::Error);
    const pb::GgufExportResult padded = pb::exportGguf(no_mlp, *m.tokenizer, root_ / "no_mlp.gguf", opts(src));
    EXPECT_EQ(padded.architecture, "deci");
    EXPECT_EQ(padded.parameters, no_mlp.config.totalParams() + 4 * no_mlp.config.hidden);  // ffn_norm + 3 x [1, H]
    ASSERT_FALSE(padded.notes.empty());
    EXPECT_NE(padded.notes.front().find("one-channel MLP of zeros"), std::string::npos) << padded.notes.front();
    const pb::gguf::File fm = pb::gguf::File::open(root_ / "no_mlp.gguf");
    EXPECT_EQ(*fm.getPerLayer("deci.feed_forward_length", 2), (std::vector<int64_t>{48, 1}));
    pb::LoadedModel back = pb::loadModel(root_ / "no_mlp.gguf");
    {
        torch::NoGradGuard ng;
        const auto x = someIds(m.config.vocab, 40);
        EXPECT_LT(maxDiff(back.model->forward(x), no_mlp.forward(x)), 1e-5) << "the zero MLP adds nothing";
    }
    pb::ModelConfig c = pb::loadModel(kModels / "tiny_qwen2").config;
    EXPECT_THROW(pb::ggufExportArch(c, "deci"), pb::Error);
    EXPECT_THROW(pb::ggufExportArch(c, "llama"), pb::Error);
}

TEST_F(ExportGguf, QuantizedAndHalfExportsLoadBackClose) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    torch::NoGradGuard ng;
    const auto x = someIds(m.config.vocab, 40);
    const auto want = m.model->forward(x);
    const double scale = want.abs().max().item<double>();
    for (const std::string dtype : {"q8_0", "f16", "bf16"}) {
        const fs::path out = root_ / (dtype + ".gguf");
        const pb::GgufExportResult r = pb::exportGguf(*m.model, *m.tokenizer, out, opts(src, dtype));
        const pb::gguf::File f = pb::gguf::File::open(out);
        std::map<std::string, int> types;
        for (const auto& t : f.tensors()) types[pb::gguf::typeName(t.type)]++;
        EXPECT_EQ(types, r.tensor_types);
        if (dtype == "q8_0") {
            // Rows of 32 (hidden) quantize; down_proj rows are 48 long -> F16 fallback.
            EXPECT_EQ(f.findTensor("blk.0.attn_q.weight")->type, pb::gguf::GgmlType::Q8_0);
            EXPECT_EQ(f.findTensor("token_embd.weight")->type, pb::gguf::GgmlType::Q8_0);
            EXPECT_EQ(f.findTensor("blk.0.ffn_down.weight")->type, pb::gguf::GgmlType::F16);
            EXPECT_EQ(f.getUInt("general.file_type"), 7u);
            EXPECT_EQ(f.getUInt("general.quantization_version"), 2u);
            EXPECT_TRUE(std::any_of(r.notes.begin(), r.notes.end(),
                                    [](const std::string& n) { return n.find("F16 instead of Q8_0") != std::string::npos; }));
        }
        EXPECT_EQ(f.findTensor("blk.0.attn_norm.weight")->type, pb::gguf::GgmlType::F32);
        pb::LoadedModel back = pb::loadModel(out);
        const double d = maxDiff(back.model->forward(x), want);
        std::printf("[ gguf ] %s: max |logit diff| %.3g (max |logit| %.3g)\n", dtype.c_str(), d, scale);
        EXPECT_LT(d, 0.03 * scale + 1e-3) << dtype;
        EXPECT_GT(d, 0.0) << dtype;
    }
}

// Hugging Face tokenizers of each style become GGUF vocabularies that encode alike
// (exportGguf itself reloads and compares them; here: the reference texts too).
TEST_F(ExportGguf, HuggingFaceTokenizersBecomeGgufVocabularies) {
    pb::LoadedModel m = pb::loadModel(kModels / "tiny_llama");
    for (const std::string style : {"llama3_style", "qwen2_style", "spm_style"}) {
        const fs::path dir = kTokenizers / style;
        auto tok = pb::Tokenizer::fromHuggingFace(dir);
        const fs::path out = root_ / (style + ".gguf");
        const pb::GgufExportResult r = pb::exportGguf(*m.model, *tok, out, opts(dir));
        std::string joined;
        for (const auto& n : r.notes) joined += n + "\n";
        // What GGUF cannot carry is named in the notes, and those texts are left out below:
        // Llama-3's lstrip/rstrip/single_word added tokens, Qwen2's NFC normalizer.
        std::vector<std::string> skip;
        if (style == "llama3_style") {
            EXPECT_NE(joined.find("lstrip/rstrip/single_word"), std::string::npos) << joined;
            skip = {"[MASK]", "<|rs|>", "hello_world"};
        }
        if (style == "qwen2_style") EXPECT_NE(joined.find("NFC"), std::string::npos) << joined;
        const pb::gguf::File f = pb::gguf::File::open(out);
        auto back = pb::Tokenizer::fromGguf(f);
        EXPECT_EQ(f.getString("tokenizer.ggml.model"), style == "spm_style" ? "llama" : "gpt2");
        const auto ref = nlohmann::json::parse(readFile(dir / "reference.json"));
        int checked = 0;
        for (const auto& c : ref.at("cases")) {
            const std::string text = c.at("text").get<std::string>();
            if (std::any_of(skip.begin(), skip.end(), [&](const std::string& t) { return text.find(t) != std::string::npos; }) ||
                (style == "qwen2_style" && std::any_of(text.begin(), text.end(), [](char ch) { return ch & 0x80; })))
                continue;
            EXPECT_EQ(back->encode(text, false), tok->encode(text, false)) << style << ": " << text;
            EXPECT_EQ(back->encode(text, true), tok->encode(text, true)) << style << ": " << text;
            ++checked;
        }
        std::printf("[ gguf ] tokenizer %s -> %s: %d reference texts encode alike\n", style.c_str(),
                    f.getString("tokenizer.ggml.model")->c_str(), checked);
    }
    // SentencePiece with Metaspace prepend_scheme "first" has no GGUF equivalent: refused, nothing written.
    const fs::path meta = kTokenizers / "spm_metaspace";
    try {
        pb::exportGguf(*m.model, *pb::Tokenizer::fromHuggingFace(meta), root_ / "meta.gguf", opts(meta));
        ADD_FAILURE() << "spm_metaspace exported";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("prepend_scheme"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(root_ / "meta.gguf"));
}

TEST_F(ExportGguf, GgufSourceKeepsItsTokenizerKeys) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    const fs::path home = root_ / "home";
    fs::create_directories(home);
    pb::exportGguf(*m.model, *m.tokenizer, home / "model.gguf", opts(src));
    pb::LoadedModel g = pb::loadModel(home / "model.gguf");
    pb::LlamaModel pruned = pb::applyPlan(*g.model, pb::depthPlan(g.config, {0}));
    roundTrip(pruned, *g.tokenizer, home / "model.gguf", root_ / "again.gguf");
    const pb::gguf::File a = pb::gguf::File::open(home / "model.gguf"), b = pb::gguf::File::open(root_ / "again.gguf");
    for (const auto& [k, v] : a.metadata())
        if (k.rfind("tokenizer.", 0) == 0) {
            ASSERT_NE(b.find(k), nullptr) << k;
            EXPECT_EQ(b.find(k)->strings, v.strings) << k;
            EXPECT_EQ(b.find(k)->numbers, v.numbers) << k;
            EXPECT_EQ(b.find(k)->u, v.u) << k;
        }
}

TEST_F(ExportGguf, RefusesTheSourceAndItsFolder) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    const fs::path home = root_ / "home";
    fs::create_directories(home);
    pb::exportGguf(*m.model, *m.tokenizer, home / "model.gguf", opts(src));
    const std::string before = readFile(home / "model.gguf");
    pb::LoadedModel g = pb::loadModel(home / "model.gguf");
    auto refuse = [&](const fs::path& out, const fs::path& source, const std::string& why) {
        try {
            pb::exportGguf(*g.model, *g.tokenizer, out, opts(source));
            ADD_FAILURE() << "exported to " << out;
        } catch (const pb::Error& e) {
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
        }
    };
    // The one output rule's wording (core/util/output_path.h).
    refuse(home / "model.gguf", home / "model.gguf", "it is the source model");
    refuse(home / "." / "model.gguf", home / "model.gguf", "it is the source model");
    refuse(src / "model.gguf", src, "it is inside the source model");  // inside a Hugging Face source folder
    refuse(src / "sub" / "x.gguf", src, "it is inside the source model");
    refuse(root_, home / "model.gguf", "is a folder");
    std::ofstream(root_ / "notes.txt") << "keep me";
    refuse(root_ / "notes.txt", home / "model.gguf", "not a GGUF file");
    EXPECT_EQ(readFile(root_ / "notes.txt"), "keep me");
    EXPECT_EQ(readFile(home / "model.gguf"), before);
    EXPECT_EQ(names(home), std::vector<std::string>{"model.gguf"});
    EXPECT_FALSE(fs::exists(src / "model.gguf"));
    EXPECT_FALSE(fs::exists(src / "sub"));
    // A previous GGUF export elsewhere is replaced.
    pb::exportGguf(*g.model, *g.tokenizer, root_ / "out.gguf", opts(home / "model.gguf"));
    pb::LlamaModel pruned = pb::applyPlan(*g.model, pb::depthPlan(g.config, {0}));
    pb::exportGguf(pruned, *g.tokenizer, root_ / "out.gguf", opts(home / "model.gguf"));
    EXPECT_EQ(pb::gguf::File::open(root_ / "out.gguf").getUInt("llama.block_count"), 1u);
    expectNoLeftovers();
}

TEST_F(ExportGguf, RefusesWhenTheDiskIsTooFull) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    pb::GgufExportOptions o = opts(src);
    fs::path asked;
    o.free_space = [&](const fs::path& dir) {
        asked = dir;
        return uint64_t(1000);
    };
    try {
        pb::exportGguf(*m.model, *m.tokenizer, root_ / "sub" / "x.gguf", o);
        FAIL() << "exported without room";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("not enough free disk space"), std::string::npos) << e.what();
    }
    EXPECT_EQ(asked, root_);  // the nearest existing folder
    EXPECT_TRUE(names(root_).empty());
    // Exactly enough (+10%) is accepted.
    pb::GgufExportOptions probe = opts(src);
    uint64_t need = 0;
    probe.free_space = [&](const fs::path&) { return uint64_t(1) << 40; };
    need = pb::exportGguf(*m.model, *m.tokenizer, root_ / "probe.gguf", probe).bytes;
    fs::remove(root_ / "probe.gguf");
    o.free_space = [&](const fs::path&) { return need + need / 10 + 1; };
    EXPECT_NO_THROW(pb::exportGguf(*m.model, *m.tokenizer, root_ / "ok.gguf", o));
    o.free_space = [&](const fs::path&) { return need; };
    EXPECT_THROW(pb::exportGguf(*m.model, *m.tokenizer, root_ / "no.gguf", o), pb::Error);
    EXPECT_EQ(names(root_), std::vector<std::string>{"ok.gguf"});
}

TEST_F(ExportGguf, CancelAndBadOptionsLeaveNothing) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    int calls = 0;
    auto stop = [&](double, std::string_view) { return ++calls < 5; };
    EXPECT_THROW(pb::exportGguf(*m.model, *m.tokenizer, root_ / "c.gguf", opts(src), stop), pb::Cancelled);
    EXPECT_THROW(pb::exportGguf(*m.model, *m.tokenizer, root_ / "x.gguf", opts(src, "q4_k")), pb::Error);
    EXPECT_THROW(pb::exportGguf(*m.model, *m.tokenizer, root_ / "x.gguf", opts("")), pb::Error);
    pb::GgufExportOptions o = opts(src);
    o.arch = "qwen2";
    EXPECT_THROW(pb::exportGguf(*m.model, *m.tokenizer, root_ / "x.gguf", o), pb::Error);
    EXPECT_TRUE(names(root_).empty());
}

} // namespace
