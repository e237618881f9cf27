// Hugging Face export: export -> loadModel round trips give the same logits and token
// ids; per-layer widths are kept through "prunebench_layers"; the refusals protect the
// source and unrelated folders.
//
// PB_EXPORT_KEEP=/dir: exports are also left there for tools/export/check_transformers.py:
// the tiny fixtures (+ a depth-pruned and a bf16 one) with PruneBench's logits beside them
// (NAME.logits.json), and the demo's f32/bf16 exports with the ids of the first 200 KB of
// Moby Dick and PruneBench's perplexity on them (moby200k.ids.json).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/data/assets.h"
#include "core/eval/perplexity.h"
#include "core/export/hf_export.h"
#include "core/io/gguf.h"
#include "core/io/safetensors.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/model/rope.h"
#include "core/plan/plan.h"
#include "core/prune/apply.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kModels = fs::path(PB_FIXTURE_DIR) / "models";
const fs::path kTokenizers = fs::path(PB_FIXTURE_DIR) / "tokenizer";

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

json readJson(const fs::path& p) { return json::parse(readFile(p)); }

torch::Tensor someIds(int64_t vocab, int64_t len = 24) {
    return (torch::arange(len, torch::kInt64) * 37 + 5).remainder(vocab).unsqueeze(0);
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

// A fresh scratch folder per test, removed afterwards.
class ExportHf : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = info->name();  // "RoundTripIsExactInF32/0" for parameterized tests
        std::replace(name.begin(), name.end(), '/', '_');
        root_ = fs::temp_directory_path() / ("pb_export_" + std::to_string(::getpid()) + "_" + name);
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    void TearDown() override { fs::remove_all(root_); }

    // No temporary folders left beside the exports.
    void expectNoLeftovers() const {
        for (const auto& e : fs::directory_iterator(root_)) {
            const std::string n = e.path().filename().string();
            EXPECT_EQ(n.find(".tmp-"), std::string::npos) << n;
            EXPECT_EQ(n.find(".old-"), std::string::npos) << n;
        }
    }

    fs::path root_;
};

// Files and sizes of a folder (to check that a refused export touched nothing).
std::map<std::string, uintmax_t> listing(const fs::path& dir) {
    std::map<std::string, uintmax_t> out;
    for (const auto& e : fs::directory_iterator(dir)) out[e.path().filename().string()] = e.is_regular_file() ? e.file_size() : 0;
    return out;
}

pb::HfExportOptions opts(const fs::path& source, const std::string& dtype = "f32") {
    pb::HfExportOptions o;
    o.source = source;
    o.dtype = dtype;
    return o;
}

// Export -> load -> same config, same logits (f32), same tokenizer behaviour.
void roundTrip(const pb::LlamaModel& model, const pb::Tokenizer& tok, const fs::path& source, const fs::path& out,
               bool expect_loadable) {
    const pb::HfExportResult r = pb::exportHuggingFace(model, tok, out, opts(source));
    EXPECT_EQ(r.transformers_loadable, expect_loadable);
    EXPECT_EQ(pb::transformersLoadable(model.config), expect_loadable);
    EXPECT_FALSE(r.summary.empty());
    EXPECT_TRUE(fs::exists(out / "prunebench_export.json"));
    for (const char* f : {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                          "special_tokens_map.json", "generation_config.json"})
        EXPECT_TRUE(fs::exists(out / f)) << f;

    const json cfg = readJson(out / "config.json");
    EXPECT_EQ(cfg.contains("prunebench_layers"), !expect_loadable);
    for (const char* k : {"architectures", "model_type", "hidden_size", "intermediate_size", "num_hidden_layers",
                          "num_attention_heads", "num_key_value_heads", "head_dim", "rms_norm_eps", "rope_theta",
                          "max_position_embeddings", "tie_word_embeddings", "attention_bias", "mlp_bias",
                          "vocab_size", "bos_token_id", "eos_token_id", "torch_dtype", "dtype"})
        EXPECT_TRUE(cfg.contains(k)) << k;
    EXPECT_EQ(cfg["torch_dtype"], "float32");
    EXPECT_EQ(cfg["dtype"], "float32");

    const pb::st::File st = pb::st::File::open(out / "model.safetensors");
    EXPECT_EQ(st.find("lm_head.weight") == nullptr, model.config.tie_embeddings);
    EXPECT_EQ(st.metadata().at("format"), "pt");

    pb::LoadedModel back = pb::loadModel(out);
    EXPECT_EQ(back.config.layers, model.config.layers);
    EXPECT_EQ(back.config.family, model.config.family);
    EXPECT_EQ(back.config.head_dim, model.config.head_dim);
    EXPECT_EQ(back.config.tie_embeddings, model.config.tie_embeddings);
    torch::NoGradGuard ng;
    const auto x = someIds(model.config.vocab);
    const double d = maxDiff(back.model->forward(x), model.forward(x));
    std::printf("[ export ] %s: max |logit diff| %.3g, transformers loadable %d\n", out.filename().c_str(), d,
                int(r.transformers_loadable));
    EXPECT_LT(d, 1e-6);

    const std::string text = "Hello world! <s>It's 2024.\n\n  Caf\xC3\xA9 </s> done";
    EXPECT_EQ(back.tokenizer->encode(text, true), tok.encode(text, true));
    EXPECT_EQ(back.tokenizer->encode(text, false), tok.encode(text, false));
    EXPECT_EQ(back.tokenizer->decode(tok.encode(text, true)), tok.decode(tok.encode(text, true)));
    EXPECT_EQ(back.tokenizer->bosId(), tok.bosId());
    EXPECT_EQ(back.tokenizer->eosId(), tok.eosId());
}

class ExportHfFixture : public ExportHf, public ::testing::WithParamInterface<std::string> {};

TEST_P(ExportHfFixture, RoundTripIsExactInF32) {
    const fs::path src = kModels / GetParam();
    pb::LoadedModel m = pb::loadModel(src);
    roundTrip(*m.model, *m.tokenizer, src, root_ / GetParam(), m.config.uniform());
    expectNoLeftovers();
}

INSTANTIATE_TEST_SUITE_P(ExportHf, ExportHfFixture,
                         ::testing::Values("tiny_llama", "tiny_qwen2", "tiny_llama3", "tiny_per_layer", "tiny_gemma3"));

// gemma3_text config.json: what transformers' Gemma3TextConfig reads; the norms stored as HF
// keeps them (the layer scales by 1 + w), under Gemma's names.
TEST_F(ExportHf, Gemma3ConfigAndNormsAreWhatTransformersReads) {
    const fs::path src = kModels / "tiny_gemma3";
    pb::LoadedModel m = pb::loadModel(src);
    pb::exportHuggingFace(*m.model, *m.tokenizer, root_ / "g", opts(src));
    const json cfg = readJson(root_ / "g" / "config.json");
    const json want = readJson(src / "config.json");  // as transformers 5.24 wrote it
    EXPECT_EQ(cfg["architectures"][0], "Gemma3ForCausalLM");
    for (const char* k : {"model_type", "hidden_activation", "query_pre_attn_scalar", "sliding_window", "layer_types",
                          "rope_parameters", "head_dim", "num_key_value_heads", "tie_word_embeddings",
                          "attn_logit_softcapping", "final_logit_softcapping", "pad_token_id", "vocab_size"})
        EXPECT_EQ(cfg[k], want[k]) << k;
    EXPECT_FALSE(cfg.contains("hidden_act"));
    EXPECT_EQ(cfg["rope_theta"], 1e6);
    EXPECT_EQ(cfg["rope_local_base_freq"], 1e4);

    const pb::st::File a = pb::st::File::open(src / "model.safetensors");
    const pb::st::File b = pb::st::File::open(root_ / "g" / "model.safetensors");
    EXPECT_EQ(a.tensors().size(), b.tensors().size());
    auto values = [](const pb::st::TensorInfo* t) {
        std::vector<float> v(static_cast<size_t>(t->nbytes / 4));
        std::memcpy(v.data(), t->data, t->nbytes);
        return v;
    };
    int norms = 0;
    for (const auto& t : a.tensors()) {
        const pb::st::TensorInfo* o = b.find(t.name);
        ASSERT_NE(o, nullptr) << t.name;
        const auto x = values(&t), y = values(o);
        ASSERT_EQ(x.size(), y.size()) << t.name;
        double d = 0;
        for (size_t i = 0; i < x.size(); ++i) d = std::max(d, double(std::abs(x[i] - y[i])));
        EXPECT_LT(d, 1e-7) << t.name;  // norms: (w + 1) - 1 in f32
        norms += t.name.find("norm") != std::string::npos;
    }
    EXPECT_EQ(norms, 4 * 6 + 1);  // input, post-attention, pre/post-feedforward, q, k per layer; final
}

// Depth pruning: layer_types lists the kept layers' kinds; width pruning in every layer the
// same: loadable; the pruned model's logits come back.
TEST_F(ExportHf, Gemma3PrunedExportsKeepTheirLayerKinds) {
    const fs::path src = kModels / "tiny_gemma3";
    pb::LoadedModel m = pb::loadModel(src);
    pb::LlamaModel depth = pb::applyPlan(*m.model, pb::depthPlan(m.config, {0, 2}));
    roundTrip(depth, *m.tokenizer, src, root_ / "depth", true);
    EXPECT_EQ(readJson(root_ / "depth" / "config.json")["layer_types"],
              json::array({"sliding_attention", "full_attention"}));
    pb::LlamaModel only_local = pb::applyPlan(*m.model, pb::depthPlan(m.config, {3}));
    roundTrip(only_local, *m.tokenizer, src, root_ / "local", true);
    EXPECT_EQ(readJson(root_ / "local" / "config.json")["layer_types"], json::array({"sliding_attention",
              "sliding_attention", "sliding_attention"}));

    pb::PruningPlan heads = pb::uniformWidthPlan(m.config, 0, 0);
    heads.attention_unit = pb::AttentionUnit::Head;
    for (auto& l : heads.layers) {
        l.attention_keep = std::vector<int64_t>{0, 3};
        l.mlp_keep = std::vector<int64_t>{1, 2, 5, 8, 13, 21, 34, 55, 89};
    }
    pb::LlamaModel width = pb::applyPlan(*m.model, heads);
    roundTrip(width, *m.tokenizer, src, root_ / "width", true);
    const json cfg = readJson(root_ / "width" / "config.json");
    EXPECT_EQ(cfg["num_attention_heads"], 2);
    EXPECT_EQ(cfg["num_key_value_heads"], 1);
    EXPECT_EQ(cfg["intermediate_size"], 9);
}

TEST_F(ExportHf, QwenConfigHasNoOutputBiasAndTiesEmbeddings) {
    const fs::path src = kModels / "tiny_qwen2";
    pb::LoadedModel m = pb::loadModel(src);
    pb::exportHuggingFace(*m.model, *m.tokenizer, root_ / "q", opts(src));
    const json cfg = readJson(root_ / "q" / "config.json");
    EXPECT_EQ(cfg["architectures"][0], "Qwen2ForCausalLM");
    EXPECT_EQ(cfg["model_type"], "qwen2");
    EXPECT_EQ(cfg["tie_word_embeddings"], true);
    EXPECT_EQ(cfg["use_sliding_window"], false);
    const pb::st::File st = pb::st::File::open(root_ / "q" / "model.safetensors");
    EXPECT_NE(st.find("model.layers.0.self_attn.q_proj.bias"), nullptr);
    EXPECT_EQ(st.find("model.layers.0.self_attn.o_proj.bias"), nullptr);
}

TEST_F(ExportHf, Llama3RopeScalingIsWritten) {
    const fs::path src = kModels / "tiny_llama3";
    pb::LoadedModel m = pb::loadModel(src);
    pb::exportHuggingFace(*m.model, *m.tokenizer, root_ / "l3", opts(src));
    const json cfg = readJson(root_ / "l3" / "config.json");
    EXPECT_EQ(cfg["rope_scaling"]["rope_type"], "llama3");
    EXPECT_EQ(cfg["rope_scaling"]["factor"], 8.0);
    EXPECT_EQ(cfg["rope_scaling"]["original_max_position_embeddings"], 16);
    EXPECT_EQ(cfg["head_dim"], 16);
}

// GGUF keeps llama3 scaling as rope_freqs divisors; the export turns them back into
// rope_scaling that gives the same frequencies.
TEST_F(ExportHf, GgufRopeDivisorsBecomeLlama3Scaling) {
    const fs::path src = kModels / "tiny_llama3";
    pb::LoadedModel m = pb::loadModel(src);
    const pb::RopeConfig llama3 = m.config.rope;
    pb::RopeConfig plain;
    plain.theta = llama3.theta;
    const auto scaled = pb::ropeInverseFrequencies(llama3, m.config.head_dim);
    const auto base = pb::ropeInverseFrequencies(plain, m.config.head_dim);
    const auto div = (base / scaled).to(torch::kFloat32);  // as rope_freqs.weight (F32) holds them
    pb::LlamaModel& model = *m.model;
    model.config.rope = plain;
    for (int64_t i = 0; i < div.numel(); ++i) model.config.rope.freq_divisors.push_back(div[i].item<float>());
    torch::NoGradGuard ng;
    const auto x = someIds(m.config.vocab, 60);  // beyond original_max_position (16)
    const auto want = model.forward(x);
    EXPECT_LT(maxDiff(want, pb::loadModel(src).model->forward(x)), 1e-5);

    const pb::HfExportResult r = pb::exportHuggingFace(model, *m.tokenizer, root_ / "div", opts(src));
    ASSERT_FALSE(r.notes.empty());
    EXPECT_NE(r.notes[0].find("llama3"), std::string::npos) << r.notes[0];
    const json cfg = readJson(root_ / "div" / "config.json");
    EXPECT_EQ(cfg["rope_scaling"]["rope_type"], "llama3");
    EXPECT_NEAR(cfg["rope_scaling"]["factor"].get<double>(), 8.0, 1e-5);
    pb::LoadedModel back = pb::loadModel(root_ / "div");
    const double d = maxDiff(back.model->forward(x), want);
    std::printf("[ export ] rope_freqs -> llama3 rope_scaling: max |logit diff| %.3g\n", d);
    EXPECT_LT(d, 1e-5);
}

TEST_F(ExportHf, DepthPrunedModelHasPlainConfig) {
    const fs::path src = kModels / "tiny_llama3";
    pb::LoadedModel m = pb::loadModel(src);
    pb::LlamaModel pruned = pb::applyPlan(*m.model, pb::depthPlan(m.config, {1}));
    ASSERT_EQ(pruned.config.numLayers(), 2);
    EXPECT_TRUE(pb::transformersLoadable(pruned.config));
    roundTrip(pruned, *m.tokenizer, src, root_ / "depth", true);
    const json cfg = readJson(root_ / "depth" / "config.json");
    EXPECT_FALSE(cfg.contains("prunebench_layers"));
    EXPECT_EQ(cfg["num_hidden_layers"], 2);
    EXPECT_EQ(cfg["intermediate_size"], 48);
}

TEST_F(ExportHf, WidthPrunedModelKeepsPerLayerWidths) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    plan.layers[1].attention_keep = std::vector<int64_t>{1};  // one KV group of two
    plan.layers[1].mlp_keep = std::vector<int64_t>{0, 3, 5, 7, 11, 20, 30, 47};
    pb::LlamaModel pruned = pb::applyPlan(*m.model, plan);
    EXPECT_FALSE(pb::transformersLoadable(pruned.config));
    EXPECT_NE(pb::transformersLoadableReason(pruned.config).find("different widths"), std::string::npos);
    roundTrip(pruned, *m.tokenizer, src, root_ / "width", false);
    const json cfg = readJson(root_ / "width" / "config.json");
    ASSERT_TRUE(cfg.contains("prunebench_layers"));
    EXPECT_EQ(cfg["prunebench_layers"][1]["ffn"], 8);
    EXPECT_EQ(cfg["prunebench_layers"][1]["heads"], 2);
    EXPECT_EQ(cfg["prunebench_layers"][1]["kv_heads"], 1);
    EXPECT_EQ(cfg["intermediate_size"], 48);  // the largest
    const pb::HfExportResult again = pb::exportHuggingFace(pruned, *m.tokenizer, root_ / "width", opts(src));
    EXPECT_NE(again.summary.find("CANNOT"), std::string::npos) << again.summary;

    // The same cut in every layer is loadable by transformers.
    pb::PruningPlan same = pb::uniformWidthPlan(m.config, 0, 0);
    for (auto& l : same.layers) l.mlp_keep = std::vector<int64_t>{0, 3, 5, 7, 11, 20, 30, 47};
    pb::LlamaModel uniform = pb::applyPlan(*m.model, same);
    roundTrip(uniform, *m.tokenizer, src, root_ / "uniform", true);
    EXPECT_EQ(readJson(root_ / "uniform" / "config.json")["intermediate_size"], 8);
}

TEST_F(ExportHf, Bf16ExportLoadsBackClose) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    pb::exportHuggingFace(*m.model, *m.tokenizer, root_ / "bf16", opts(src, "bf16"));
    const json cfg = readJson(root_ / "bf16" / "config.json");
    EXPECT_EQ(cfg["torch_dtype"], "bfloat16");
    EXPECT_EQ(cfg["dtype"], "bfloat16");
    const pb::st::File st = pb::st::File::open(root_ / "bf16" / "model.safetensors");
    for (const auto& t : st.tensors()) EXPECT_EQ(t.dtype, pb::st::DType::BF16) << t.name;
    pb::LoadedModel back = pb::loadModel(root_ / "bf16");
    torch::NoGradGuard ng;
    const auto x = someIds(m.config.vocab);
    const auto want = m.model->forward(x);
    const double d = maxDiff(back.model->forward(x), want);
    const double scale = want.abs().max().item<double>();
    std::printf("[ export ] bf16: max |logit diff| %.3g (max |logit| %.3g)\n", d, scale);
    EXPECT_LT(d, 0.02 * scale + 1e-3);
    // Loaded as f32, the weights are exactly the bf16-rounded ones.
    pb::LlamaModel rounded = *m.model;
    rounded.to(torch::kCPU, torch::kBFloat16);
    rounded.to(torch::kCPU, torch::kFloat32);
    EXPECT_EQ(maxDiff(back.model->forward(x), rounded.forward(x)), 0.0);
}

TEST_F(ExportHf, RefusesTheSourceFolderAndWhatContainsIt) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    const auto before = listing(src);
    const auto models_before = listing(kModels);
    try {
        pb::exportHuggingFace(*m.model, *m.tokenizer, src, opts(src));
        FAIL() << "exported into the source folder";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("source model"), std::string::npos) << e.what();
    }
    EXPECT_THROW(pb::exportHuggingFace(*m.model, *m.tokenizer, src / "", opts(src)), pb::Error);
    EXPECT_THROW(pb::exportHuggingFace(*m.model, *m.tokenizer, kModels, opts(src)), pb::Error);
    EXPECT_EQ(listing(src), before);
    EXPECT_EQ(listing(kModels), models_before);
}

TEST_F(ExportHf, RefusesTheFolderOfAGgufSource) {
    // A GGUF file's folder holds the source model: refused even when it has nothing else.
    const fs::path dir = root_ / "gguf_home";
    fs::create_directories(dir);
    fs::copy_file(kTokenizers / "spm_style.gguf", dir / "model.gguf");
    const fs::path msrc = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(msrc);
    try {
        pb::exportHuggingFace(*m.model, *m.tokenizer, dir, opts(dir / "model.gguf"));
        FAIL() << "exported into the GGUF's folder";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("holds the source"), std::string::npos) << e.what();
    }
    EXPECT_EQ(listing(dir).size(), 1u);
}

TEST_F(ExportHf, RefusesANonEmptyForeignFolder) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    const fs::path out = root_ / "mine";
    fs::create_directories(out);
    std::ofstream(out / "notes.txt") << "keep me";
    try {
        pb::exportHuggingFace(*m.model, *m.tokenizer, out, opts(src));
        FAIL() << "exported into a foreign folder";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("not empty"), std::string::npos) << e.what();
    }
    EXPECT_EQ(readFile(out / "notes.txt"), "keep me");
    EXPECT_EQ(listing(out).size(), 1u);
    // A file in the way is refused too.
    std::ofstream(root_ / "file") << "x";
    EXPECT_THROW(pb::exportHuggingFace(*m.model, *m.tokenizer, root_ / "file", opts(src)), pb::Error);
    expectNoLeftovers();
}

TEST_F(ExportHf, ReplacesAPreviousExportAndAnEmptyFolder) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    const fs::path out = root_ / "out";
    fs::create_directories(out);  // empty: accepted
    pb::exportHuggingFace(*m.model, *m.tokenizer, out, opts(src));
    pb::LlamaModel pruned = pb::applyPlan(*m.model, pb::depthPlan(m.config, {0}));
    pb::exportHuggingFace(pruned, *m.tokenizer, out, opts(src));  // a previous export: replaced
    EXPECT_EQ(readJson(out / "config.json")["num_hidden_layers"], 1);
    EXPECT_TRUE(readJson(out / "prunebench_export.json")["transformers_loadable"].get<bool>());
    expectNoLeftovers();
    // ... but not when something else was put there.
    std::ofstream(out / "README.md") << "mine";
    EXPECT_THROW(pb::exportHuggingFace(*m.model, *m.tokenizer, out, opts(src)), pb::Error);
    EXPECT_EQ(readJson(out / "config.json")["num_hidden_layers"], 1);
}

TEST_F(ExportHf, CancelLeavesNothing) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    int calls = 0;
    auto stop = [&](double, std::string_view) { return ++calls < 4; };
    EXPECT_THROW(pb::exportHuggingFace(*m.model, *m.tokenizer, root_ / "c", opts(src), stop), pb::Cancelled);
    EXPECT_FALSE(fs::exists(root_ / "c"));
    expectNoLeftovers();
}

TEST_F(ExportHf, RejectsBadOptions) {
    const fs::path src = kModels / "tiny_llama";
    pb::LoadedModel m = pb::loadModel(src);
    EXPECT_THROW(pb::exportHuggingFace(*m.model, *m.tokenizer, root_ / "x", opts(src, "q8")), pb::Error);
    EXPECT_THROW(pb::exportHuggingFace(*m.model, *m.tokenizer, root_ / "x", opts("")), pb::Error);
    EXPECT_FALSE(fs::exists(root_ / "x"));
}

TEST_F(ExportHf, LoadableNeedsEveryLayerWhole) {
    pb::ModelConfig c;
    c.vocab = 10;
    c.hidden = 8;
    c.head_dim = 4;
    c.layers = {{2, 1, 16}, {2, 1, 16}};
    EXPECT_TRUE(pb::transformersLoadable(c));
    c.layers[1].ffn = 0;
    EXPECT_FALSE(pb::transformersLoadable(c));
    EXPECT_NE(pb::transformersLoadableReason(c).find("no MLP"), std::string::npos);
    const auto j = pb::hfConfigJson(c, "bf16");
    EXPECT_EQ(j["intermediate_size"], 16);
    EXPECT_EQ(j["prunebench_layers"][1]["ffn"], 0);
}

// Exports for tools/export/check_transformers.py (only with PB_EXPORT_KEEP).
TEST_F(ExportHf, KeepExportsForTransformersCheck) {
    const char* keep = std::getenv("PB_EXPORT_KEEP");
    if (!keep) GTEST_SKIP() << "set PB_EXPORT_KEEP=/dir to keep exports for tools/export/check_transformers.py";
    const fs::path base = keep;
    fs::create_directories(base);
    torch::NoGradGuard ng;
    auto save = [&](const pb::LlamaModel& model, const pb::Tokenizer& tok, const fs::path& src, const std::string& name,
                    const std::string& dtype) {
        pb::exportHuggingFace(model, tok, base / name, opts(src, dtype));
        const auto x = someIds(model.config.vocab, 16);
        const auto logits = model.forward(x).contiguous();
        std::vector<float> flat(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
        json rows = json::array();
        for (int64_t t = 0; t < logits.size(1); ++t)
            rows.push_back(std::vector<float>(flat.begin() + t * logits.size(2), flat.begin() + (t + 1) * logits.size(2)));
        std::vector<int64_t> ids(x.data_ptr<int64_t>(), x.data_ptr<int64_t>() + x.numel());
        std::ofstream(base / (name + ".logits.json")) << json{{"ids", json::array({ids})}, {"logits", json::array({rows})}}.dump();
    };
    for (const char* name : {"tiny_llama", "tiny_qwen2", "tiny_llama3", "tiny_per_layer", "tiny_gemma3"}) {
        pb::LoadedModel m = pb::loadModel(kModels / name);
        save(*m.model, *m.tokenizer, kModels / name, name, "f32");
    }
    {  // gemma3 pruned: depth (layer_types of the kept layers) and query heads in every layer
        const fs::path src = kModels / "tiny_gemma3";
        pb::LoadedModel g = pb::loadModel(src);
        save(pb::applyPlan(*g.model, pb::depthPlan(g.config, {0, 2})), *g.tokenizer, src, "tiny_gemma3_depth", "f32");
        pb::PruningPlan heads = pb::uniformWidthPlan(g.config, 0, 0);
        heads.attention_unit = pb::AttentionUnit::Head;
        for (auto& l : heads.layers) l.attention_keep = std::vector<int64_t>{0, 3};
        save(pb::applyPlan(*g.model, heads), *g.tokenizer, src, "tiny_gemma3_heads", "f32");
        pb::LoadedModel gg = pb::loadModel(kModels / "tiny_gemma3_gguf" / "model.gguf");  // GGUF source -> HF
        save(*gg.model, *gg.tokenizer, kModels / "tiny_gemma3_gguf" / "model.gguf", "tiny_gemma3_from_gguf", "f32");
    }
    pb::LoadedModel m = pb::loadModel(kModels / "tiny_llama3");
    save(pb::applyPlan(*m.model, pb::depthPlan(m.config, {1})), *m.tokenizer, kModels / "tiny_llama3",
         "tiny_llama3_depth", "f32");
    pb::LoadedModel q = pb::loadModel(kModels / "tiny_qwen2");
    pb::LlamaModel q16 = *q.model;  // the logits of the bf16-rounded weights, which the bf16 file holds
    q16.to(torch::kCPU, torch::kBFloat16);
    q16.to(torch::kCPU, torch::kFloat32);
    save(q16, *q.tokenizer, kModels / "tiny_qwen2", "tiny_qwen2_bf16", "bf16");
}

// --- tokenizers from GGUF and from folders: write the files, load them, compare ------

std::string mobyPrefix(size_t bytes) {
    const fs::path p = pb::assets::demoTextDir() / "moby-dick.txt";
    if (!fs::exists(p)) return {};
    std::string t = readFile(p);
    if (t.size() > bytes) {
        t.resize(bytes);
        while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();  // whole chars
        if (!t.empty() && static_cast<unsigned char>(t.back()) >= 0xC0) t.pop_back();
    }
    return t;
}

// Writes the tokenizer files of `source` and loads them back.
std::unique_ptr<pb::Tokenizer> writeAndLoad(const pb::Tokenizer& tok, const fs::path& source, const fs::path& dir) {
    const pb::HfTokenizerFiles f = pb::toHuggingFaceTokenizer(tok, source, 2048);
    fs::create_directories(dir);
    std::ofstream(dir / "tokenizer.json", std::ios::binary) << f.tokenizer_json;
    std::ofstream(dir / "tokenizer_config.json", std::ios::binary) << f.tokenizer_config_json;
    std::ofstream(dir / "special_tokens_map.json", std::ios::binary) << f.special_tokens_map_json;
    return pb::Tokenizer::fromHuggingFace(dir);
}

// ids and decoding on Moby Dick (first `bytes`) and a few hard strings; returns the agreement.
void expectSameTokenizer(const pb::Tokenizer& want, const pb::Tokenizer& got, const char* label, size_t bytes) {
    EXPECT_EQ(got.vocabSize(), want.vocabSize());
    EXPECT_EQ(got.bosId(), want.bosId());
    EXPECT_EQ(got.eosId(), want.eosId());
    EXPECT_EQ(got.addsBos(), want.addsBos());
    for (int32_t id = 0; id < want.vocabSize(); ++id) ASSERT_EQ(got.tokenText(id), want.tokenText(id)) << id;
    for (const std::string s : {"", " ", "  leading and  double  spaces ", "naïve café — “quoted” 中文 😀 ½",
                                "tabs\tand\nnewlines\n\n", "12345 + 678 = 13023", "<s>inside</s> text <unk> here"}) {
        EXPECT_EQ(got.encode(s, true), want.encode(s, true)) << "[" << s << "]";
        EXPECT_EQ(got.decode(want.encode(s, true)), want.decode(want.encode(s, true))) << "[" << s << "]";
    }
    const std::string text = mobyPrefix(bytes);
    if (text.empty()) {
        std::printf("[ export ] %s: Moby Dick text absent, skipped the long comparison\n", label);
        return;
    }
    const auto a = want.encode(text, true), b = got.encode(text, true);
    size_t same = 0;
    while (same < std::min(a.size(), b.size()) && a[same] == b[same]) ++same;
    std::printf("[ export ] %s tokenizer: %zu bytes of Moby Dick -> %zu ids, exported %zu ids, identical prefix %zu, "
                "decode %s\n", label, text.size(), a.size(), b.size(), same,
                got.decode(a) == want.decode(a) ? "identical" : "DIFFERENT");
    EXPECT_EQ(a, b);
    EXPECT_EQ(got.decode(a), want.decode(a));
    EXPECT_EQ(got.decode(a, true), want.decode(a, true));
}

TEST_F(ExportHf, SentencePieceGgufTokenizerRoundTrips) {
    const fs::path src = kTokenizers / "spm_style.gguf";
    const auto tok = pb::Tokenizer::fromGguf(pb::gguf::File::open(src));
    const auto back = writeAndLoad(*tok, src, root_ / "spm");
    const json j = readJson(root_ / "spm" / "tokenizer.json");
    EXPECT_TRUE(j["model"]["byte_fallback"].get<bool>());
    EXPECT_EQ(j["model"]["unk_token"], "<unk>");
    EXPECT_FALSE(j["model"]["merges"].empty());
    EXPECT_EQ(j["post_processor"]["type"], "TemplateProcessing");
    EXPECT_TRUE(readJson(root_ / "spm" / "tokenizer_config.json")["add_bos_token"].get<bool>());
    expectSameTokenizer(*tok, *back, "spm_style.gguf", 200000);
}

TEST_F(ExportHf, Llama3GgufTokenizerRoundTrips) {
    const fs::path src = kTokenizers / "llama3_style.gguf";
    const auto tok = pb::Tokenizer::fromGguf(pb::gguf::File::open(src));
    const auto back = writeAndLoad(*tok, src, root_ / "l3");
    const json j = readJson(root_ / "l3" / "tokenizer.json");
    EXPECT_EQ(j["pre_tokenizer"]["pretokenizers"][0]["type"], "Split");
    EXPECT_EQ(j["pre_tokenizer"]["pretokenizers"][0]["behavior"], "Isolated");
    EXPECT_EQ(j["pre_tokenizer"]["pretokenizers"][1]["use_regex"], false);
    EXPECT_TRUE(j["model"]["ignore_merges"].get<bool>());
    expectSameTokenizer(*tok, *back, "llama3_style.gguf", 200000);
}

TEST_F(ExportHf, FolderTokenizersKeepTheirConfigOverrides) {
    for (const char* name : {"qwen2_style", "spm_metaspace", "spm_style", "llama3_style"}) {
        const fs::path src = kTokenizers / name;
        const auto tok = pb::Tokenizer::fromHuggingFace(src);
        const auto back = writeAndLoad(*tok, src, root_ / name);
        expectSameTokenizer(*tok, *back, name, 20000);
    }
    // spm_metaspace's tokenizer_config adds EOS and not BOS: the written tokenizer.json says so itself.
    const json j = readJson(root_ / "spm_metaspace" / "tokenizer.json");
    const json cfg = readJson(root_ / "spm_metaspace" / "tokenizer_config.json");
    EXPECT_FALSE(cfg["add_bos_token"].get<bool>());
    EXPECT_TRUE(cfg["add_eos_token"].get<bool>());
    EXPECT_EQ(j["post_processor"]["single"].back()["SpecialToken"]["id"], "</s>");
}

// --- the demo model (SmolLM2-135M-Instruct Q4_1 GGUF) --------------------------------

TEST_F(ExportHf, DemoModelRoundTrip) {
    if (!pb::assets::demoAvailable()) GTEST_SKIP() << "demo assets missing: run scripts/setup.sh";
    const fs::path src = pb::assets::demoModelPath();
    const char* keep = std::getenv("PB_EXPORT_KEEP");
    const fs::path base = keep ? fs::path(keep) : root_;
    const fs::path out = base / "smollm2-f32";
    if (keep) fs::create_directories(base);
    pb::LoadedModel m = pb::loadModel(src);

    auto t0 = std::chrono::steady_clock::now();
    const pb::HfExportResult r = pb::exportHuggingFace(*m.model, *m.tokenizer, out, opts(src));
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("[ export ] demo f32: %.1f MB in %.2f s\n%s", r.bytes / 1e6, secs, r.summary.c_str());
    EXPECT_TRUE(r.transformers_loadable);
    const json cfg = readJson(out / "config.json");
    EXPECT_EQ(cfg["architectures"][0], "LlamaForCausalLM");
    EXPECT_EQ(cfg["num_hidden_layers"], 30);
    EXPECT_EQ(cfg["tie_word_embeddings"], true);
    EXPECT_EQ(cfg["bos_token_id"], 1);
    EXPECT_EQ(cfg["eos_token_id"], 2);
    const json tj = readJson(out / "tokenizer.json");
    EXPECT_EQ(tj["pre_tokenizer"]["pretokenizers"][0]["type"], "Digits");
    EXPECT_EQ(tj["pre_tokenizer"]["pretokenizers"][1]["type"], "ByteLevel");
    EXPECT_FALSE(readJson(out / "tokenizer_config.json")["add_bos_token"].get<bool>());
    EXPECT_TRUE(readJson(out / "tokenizer_config.json").contains("chat_template"));

    pb::LoadedModel back = pb::loadModel(out);
    EXPECT_EQ(back.config.totalParams(), m.config.totalParams());
    const std::string text = mobyPrefix(200000);
    torch::NoGradGuard ng;
    torch::Tensor ids = someIds(m.config.vocab, 128);
    if (!text.empty()) {
        const std::vector<int32_t> all = m.tokenizer->encode(text, true);
        ids = torch::tensor(std::vector<int64_t>(all.begin(), all.begin() + 128)).unsqueeze(0);
    }
    const double d = maxDiff(back.model->forward(ids), m.model->forward(ids));
    std::printf("[ export ] demo f32: max |logit diff| over 128 tokens %.3g\n", d);
    EXPECT_LT(d, 1e-6);
    expectSameTokenizer(*m.tokenizer, *back.tokenizer, "demo", 200000);

    // bf16: the same model within bf16 rounding.
    const fs::path out16 = base / "smollm2-bf16";
    const pb::HfExportResult r16 = pb::exportHuggingFace(*m.model, *m.tokenizer, out16, opts(src, "bf16"));
    pb::LoadedModel back16 = pb::loadModel(out16);
    const auto want = m.model->forward(ids);
    const auto logp = torch::log_softmax(want, -1), logp16 = torch::log_softmax(back16.model->forward(ids), -1);
    const double d16 = maxDiff(logp16, logp);
    const double agree = (want.argmax(-1) == back16.model->forward(ids).argmax(-1)).to(torch::kFloat).mean().item<double>();
    std::printf("[ export ] demo bf16: %.1f MB, max |log-prob diff| %.3g, top-1 agreement %.3f\n", r16.bytes / 1e6, d16,
                agree);
    EXPECT_LT(d16, 1.0);
    EXPECT_GT(agree, 0.9);
    if (keep && !text.empty()) {
        const std::vector<int32_t> all = m.tokenizer->encode(text, true);
        pb::PerplexityOptions po;
        po.seq_len = 128;
        po.max_windows = 50;
        const pb::PerplexityResult ppl = pb::perplexity(*back.model, all, po);
        const pb::PerplexityResult ppl16 = pb::perplexity(*back16.model, all, po);
        std::printf("[ export ] demo ppl (50 windows of 128): exported f32 %.4f, exported bf16 loaded as f32 %.4f\n",
                    ppl.ppl, ppl16.ppl);
        std::ofstream(base / "moby200k.txt", std::ios::binary) << text;
        std::ofstream(base / "moby200k.ids.json")
            << json{{"ids", all}, {"ppl", ppl.ppl}, {"ppl_bf16_export", ppl16.ppl}}.dump();
    }
}

} // namespace
