// The one tensor check (core/model/tensor_check, core/model/model_files): expected shapes from
// the config and per-layer widths, and the same refusal, naming the file, the tensor and both
// shapes, from the loader and from the streamed model, before any math. Also: a model or a
// plan with no attention and no MLP anywhere is refused plainly (core/plan/block_presence).
#include <filesystem>
#include <map>
#include <optional>

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/arch/config_io.h"
#include "core/export/gguf_export.h"
#include "core/graph/plan_cut.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/model/tensor_check.h"
#include "core/plan/block_presence.h"
#include "core/prune/apply.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/prune/pruner.h"
#include "core/stream/streamed_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tests/core/model_patch.h"

namespace fs = std::filesystem;
using pbtest::F32Tensor;

namespace {

const fs::path kTiny = fs::path(PB_FIXTURE_DIR) / "models/tiny_llama";  // vocab 260, hidden 32, 4 heads / 2 KV, hd 8, ffn 48, 2 layers

class Scratch {
public:
    explicit Scratch(const std::string& name)
        : path_(fs::temp_directory_path() / ("pb_tcheck_" + name + "_" + std::to_string(::getpid()))) {
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~Scratch() { fs::remove_all(path_); }
    fs::path operator/(const std::string& s) const { return path_ / s; }

private:
    fs::path path_;
};

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "(no error)";
}

fs::path copyTiny(const Scratch& s, const std::string& name) {
    const fs::path d = s / name;
    fs::copy(kTiny, d, fs::copy_options::recursive);
    return d;
}

// The loader's and the streamed model's refusal; asserts they are the same message.
std::string refusal(const fs::path& model) {
    const std::string loaded = errorOf([&] { pb::loadModel(model); });
    const std::string streamed = errorOf([&] { pb::StreamedModel m(model); });
    EXPECT_EQ(loaded, streamed) << "loader and streamed model disagree";
    return loaded;
}

// tiny_llama as GGUF (arch llama, F32), written once per test binary and removed at exit.
const fs::path& tinyGguf() {
    static const Scratch dir("gguf_base");
    static const fs::path p = [] {
        pb::LoadedModel m = pb::loadModel(kTiny);
        pb::GgufExportOptions o;
        o.source = kTiny;
        return pb::exportGguf(*m.model, *m.tokenizer, dir / "tiny.gguf", o).file;
    }();
    return p;
}

pb::ModelConfig tinyConfig() { return pb::readHfConfig(kTiny / "config.json"); }

// A lookup over a fixed table, for the pure check.
pb::TensorLookup table(const std::map<std::string, pb::FileTensor>& t) {
    return [t](const std::string& n) -> std::optional<pb::FileTensor> {
        auto it = t.find(n);
        if (it == t.end()) return std::nullopt;
        return it->second;
    };
}

std::map<std::string, pb::FileTensor> intactTable(const pb::ModelConfig& c) {
    std::map<std::string, pb::FileTensor> t;
    for (const auto& e : pb::expectedTensors(c))
        if (e.required) t[pb::hfTensorName(e.role, e.layer, e.bias)] = {e.shape, "m.safetensors", {}};
    return t;
}

void check(const pb::ModelConfig& c, const std::map<std::string, pb::FileTensor>& t) {
    pb::checkModelTensors(c, table(t), [](pb::TensorRole r, int l, bool b) { return pb::hfTensorName(r, l, b); },
                          "model", "config.json");
}

TEST(TensorCheck, ExpectedShapesFollowPerLayerWidths) {
    pb::ModelConfig c = tinyConfig();
    c.layers[1] = {2, 1, 20};
    std::map<std::string, std::vector<int64_t>> want;
    for (const auto& e : pb::expectedTensors(c))
        if (!e.bias) want[pb::hfTensorName(e.role, e.layer)] = e.shape;
    EXPECT_EQ(want["model.embed_tokens.weight"], (std::vector<int64_t>{260, 32}));
    EXPECT_EQ(want["model.norm.weight"], (std::vector<int64_t>{32}));
    EXPECT_EQ(want["model.layers.0.self_attn.q_proj.weight"], (std::vector<int64_t>{32, 32}));
    EXPECT_EQ(want["model.layers.1.self_attn.q_proj.weight"], (std::vector<int64_t>{16, 32}));
    EXPECT_EQ(want["model.layers.1.self_attn.k_proj.weight"], (std::vector<int64_t>{8, 32}));
    EXPECT_EQ(want["model.layers.1.self_attn.o_proj.weight"], (std::vector<int64_t>{32, 16}));
    EXPECT_EQ(want["model.layers.1.mlp.down_proj.weight"], (std::vector<int64_t>{32, 20}));
    // A sublayer with 0 heads / 0 channels expects no tensors at all.
    c.layers[1] = {0, 0, 20};
    for (const auto& e : pb::expectedTensors(c))
        EXPECT_FALSE(e.layer == 1 && e.role == pb::TensorRole::Q) << "layer 1 has no attention";
    EXPECT_NO_THROW(check(c, intactTable(c)));
}

TEST(TensorCheck, PureCheckNamesFileTensorAndBothShapes) {
    const pb::ModelConfig c = tinyConfig();
    auto t = intactTable(c);
    EXPECT_NO_THROW(check(c, t));
    auto bad = t;
    bad["model.norm.weight"].shape = {1};
    EXPECT_EQ(errorOf([&] { check(c, bad); }),
              "'m.safetensors': tensor 'model.norm.weight' has shape [1], expected [32] (config.json: hidden size 32)");
    bad = t;
    bad.erase("model.layers.1.mlp.up_proj.weight");
    EXPECT_NE(errorOf([&] { check(c, bad); }).find("'model': tensor 'model.layers.1.mlp.up_proj.weight' is missing"),
              std::string::npos);
    bad = t;
    bad["model.layers.0.self_attn.q_proj.weight"].type_problem = "has dtype I8 (PruneBench reads F32, F16 and BF16 weights)";
    EXPECT_NE(errorOf([&] { check(c, bad); }).find("q_proj.weight' has dtype I8"), std::string::npos);
    bad = t;  // a bias of the wrong width is refused even where biases are optional
    bad["model.layers.0.self_attn.k_proj.bias"] = {{24}, "m.safetensors", {}};
    EXPECT_NE(errorOf([&] { check(c, bad); }).find("k_proj.bias' has shape [24], expected [16]"), std::string::npos);
    bad = t;  // a block past the config's layer count
    bad["model.layers.2.mlp.gate_proj.weight"] = {{48, 32}, "m.safetensors", {}};
    EXPECT_NE(errorOf([&] { check(c, bad); }).find("'model.layers.2.mlp.gate_proj.weight' (shape [48, 32]) is in the file but config.json has 2 layers"),
              std::string::npos);
    pb::ModelConfig no_mlp = c;  // tensors of a sublayer the widths say is absent
    no_mlp.layers[0].ffn = 0;
    EXPECT_NE(errorOf([&] { check(no_mlp, t); }).find("is in the file but config.json gives layer 0 no MLP (0 channels)"),
              std::string::npos);
}

TEST(TensorCheck, HfFolderRefusedAlikeByLoaderAndStream) {
    Scratch s("hf");
    struct Case {
        std::string name;
        std::function<void(const fs::path&)> make;
        std::vector<std::string> want;
    };
    const std::vector<Case> cases = {
        {"output_norm [1]",
         [](const fs::path& d) { pbtest::patchSafetensors(d / "model.safetensors", {{"model.norm.weight", F32Tensor{{1}}}}); },
         {"model.safetensors': tensor 'model.norm.weight' has shape [1], expected [32]"}},
        {"vocab_size above the embedding",
         [](const fs::path& d) { pbtest::editConfig(d, [](nlohmann::json& j) { j["vocab_size"] = 300; }); },
         {"tensor 'model.embed_tokens.weight' has shape [260, 32], expected [300, 32]", "vocabulary 300"}},
        {"prunebench_layers with more heads than the tensors",
         [](const fs::path& d) {
             pbtest::editConfig(d, [](nlohmann::json& j) {
                 j["prunebench_layers"] = {{{"heads", 4}, {"kv_heads", 2}, {"ffn", 48}}, {{"heads", 6}, {"kv_heads", 2}, {"ffn", 48}}};
             });
         },
         {"tensor 'model.layers.1.self_attn.q_proj.weight' has shape [32, 32], expected [48, 32]", "layer 1: 6 heads x head dim 8"}},
        {"prunebench_layers MLP width",
         [](const fs::path& d) {
             pbtest::editConfig(d, [](nlohmann::json& j) {
                 j["prunebench_layers"] = {{{"heads", 4}, {"kv_heads", 2}, {"ffn", 40}}, {{"heads", 4}, {"kv_heads", 2}, {"ffn", 48}}};
             });
         },
         {"tensor 'model.layers.0.mlp.gate_proj.weight' has shape [48, 32], expected [40, 32]"}},
        {"all-zero prunebench_layers over a full file",
         [](const fs::path& d) {
             pbtest::editConfig(d, [](nlohmann::json& j) {
                 j["prunebench_layers"] = {{{"heads", 0}, {"kv_heads", 0}, {"ffn", 0}}, {{"heads", 0}, {"kv_heads", 0}, {"ffn", 0}}};
             });
         },
         {"tensor 'model.layers.0.input_layernorm.weight' (shape [32]) is in the file but config.json gives layer 0 no attention (0 heads)"}},
        {"head_dim mismatch",
         [](const fs::path& d) { pbtest::editConfig(d, [](nlohmann::json& j) { j["head_dim"] = 16; }); },
         {"q_proj.weight' has shape [32, 32], expected [64, 32]"}},
        {"fewer layers than the file",
         [](const fs::path& d) { pbtest::editConfig(d, [](nlohmann::json& j) { j["num_hidden_layers"] = 1; }); },
         {"tensor 'model.layers.1.input_layernorm.weight' (shape [32]) is in the file but config.json has 1 layers"}},
        {"0 KV heads under query heads",
         [](const fs::path& d) {
             pbtest::editConfig(d, [](nlohmann::json& j) {
                 j["prunebench_layers"] = {{{"heads", 4}, {"kv_heads", 0}, {"ffn", 48}}, {{"heads", 4}, {"kv_heads", 2}, {"ffn", 48}}};
             });
         },
         {"config.json", "layer 0", "KV heads"}},
    };
    int k = 0;
    for (const Case& c : cases) {
        const fs::path d = copyTiny(s, "m" + std::to_string(k++));
        c.make(d);
        const std::string msg = refusal(d);
        for (const std::string& w : c.want) EXPECT_NE(msg.find(w), std::string::npos) << c.name << ": " << msg;
        EXPECT_EQ(msg.find("invalid for input"), std::string::npos) << c.name << ": " << msg;
    }
}

TEST(TensorCheck, GgufHeadAndShapeCasesNameTheTensorBeforeTheQkUnpermute) {
    Scratch s("gguf");
    using W = pb::gguf::Writer;
    using VT = pb::gguf::ValueType;
    struct Case {
        std::string name;
        std::function<void(W&)> meta;
        std::map<std::string, std::optional<F32Tensor>> tensors;
        std::vector<std::string> want;
    };
    const std::vector<Case> cases = {
        {"head count does not divide the rows",
         [](W& w) {
             w.setU32("llama.attention.head_count", 3);
             w.setU32("llama.attention.head_count_kv", 1);
         },
         {}, {"tensor 'blk.0.attn_q.weight' has shape [32, 32], expected [24, 32]", "layer 0: 3 heads x head dim 8"}},
        {"head_dim (key_length) mismatch", [](W& w) { w.setU32("llama.attention.key_length", 16); }, {},
         {"tensor 'blk.0.attn_q.weight' has shape [32, 32], expected [64, 32]"}},
        {"fewer KV heads than the tensors", [](W& w) { w.setU32("llama.attention.head_count_kv", 1); }, {},
         {"tensor 'blk.0.attn_k.weight' has shape [16, 32], expected [8, 32]"}},
        {"KV heads above heads", [](W& w) { w.setU32("llama.attention.head_count_kv", 8); }, {},
         {"tiny.gguf", "4 query heads are not a multiple of 8 KV heads"}},
        {"heads not a multiple of KV heads", [](W& w) { w.setU32("llama.attention.head_count_kv", 3); }, {},
         {"tiny.gguf", "not a multiple of 3 KV heads"}},
        {"per-layer head counts the tensors do not have",
         [](W& w) {
             w.setNumbers("llama.attention.head_count", VT::I32, {4, 2});
             w.setNumbers("llama.attention.head_count_kv", VT::I32, {2, 1});
         },
         {}, {"tensor 'blk.1.attn_q.weight' has shape [32, 32], expected [16, 32]"}},
        {"a layer with 0 heads whose tensors are in the file",
         [](W& w) {
             w.setNumbers("llama.attention.head_count", VT::I32, {4, 0});
             w.setNumbers("llama.attention.head_count_kv", VT::I32, {2, 0});
         },
         {}, {"tensor 'blk.1.attn_norm.weight' (shape [32]) is in the file but the GGUF metadata gives layer 1 no attention"}},
        {"Q rows not heads x head_dim", {}, {{"blk.1.attn_q.weight", F32Tensor{{24, 32}}}},
         {"tensor 'blk.1.attn_q.weight' has shape [24, 32], expected [32, 32]"}},
        {"K rows not KV heads x head_dim", {}, {{"blk.0.attn_k.weight", F32Tensor{{20, 32}}}},
         {"tensor 'blk.0.attn_k.weight' has shape [20, 32], expected [16, 32]"}},
        {"embedding_length mismatch", [](W& w) { w.setU32("llama.embedding_length", 64); }, {},
         {"has shape [260, 32], expected [260, 64]"}},
        {"output_norm [1]", {}, {{"output_norm.weight", F32Tensor{{1}}}},
         {"tiny.gguf': tensor 'output_norm.weight' has shape [1], expected [32] (the GGUF metadata: hidden size 32)"}},
        {"feed_forward_length mismatch", [](W& w) { w.setU32("llama.feed_forward_length", 40); }, {},
         {"tensor 'blk.0.ffn_gate.weight' has shape [48, 32], expected [40, 32]"}},
    };
    int k = 0;
    for (const Case& c : cases) {
        const fs::path dir = s / ("g" + std::to_string(k++));
        fs::create_directories(dir);
        const fs::path p = dir / "tiny.gguf";
        pbtest::patchGguf(tinyGguf(), p, c.meta, c.tensors);
        const std::string msg = refusal(p);
        for (const std::string& w : c.want) EXPECT_NE(msg.find(w), std::string::npos) << c.name << ": " << msg;
        EXPECT_EQ(msg.find("invalid for input"), std::string::npos) << c.name << ": " << msg;
    }
    // The intact export loads and streams with the same perplexity.
    pb::LoadedModel m = pb::loadModel(tinyGguf());
    pb::StreamedModel sm(tinyGguf());
    EXPECT_EQ(m.config.layers, sm.config().layers);
}

// A model whose blocks are all identities (0 heads, 0 channels, no block tensors in the file).
fs::path identityModel(const Scratch& s, const std::string& name, bool keep_layer1) {
    const fs::path d = copyTiny(s, name);
    std::map<std::string, std::optional<F32Tensor>> drop;
    for (const auto& e : pb::expectedTensors(tinyConfig()))
        if (pb::isLayerRole(e.role) && !(keep_layer1 && e.layer == 1)) drop[pb::hfTensorName(e.role, e.layer, e.bias)] = std::nullopt;
    pbtest::patchSafetensors(d / "model.safetensors", drop);
    pbtest::editConfig(d, [&](nlohmann::json& j) {
        j["prunebench_layers"] = {{{"heads", 0}, {"kv_heads", 0}, {"ffn", 0}},
                                  keep_layer1 ? nlohmann::json{{"heads", 4}, {"kv_heads", 2}, {"ffn", 48}}
                                              : nlohmann::json{{"heads", 0}, {"kv_heads", 0}, {"ffn", 0}}};
    });
    return d;
}

TEST(BlockPresence, ModelWithoutAttentionOrMlpCannotBeScored) {
    Scratch s("identity");
    const fs::path d = identityModel(s, "empty", false);
    pb::LoadedModel m = pb::loadModel(d);  // legal to load and evaluate: embedding -> norm -> lm_head
    std::string text;
    for (int k = 0; k < 20; ++k) text += "Call me Ishmael. Some years ago I went to sea. ";
    const pb::Calibration calib = pb::makeCalibration(*m.tokenizer, text, 2, 16, 7);
    pb::ScoreOptions so;
    so.criterion = pb::Criterion::TaylorElement1;
    const std::string want = "has no attention and no MLP in any of its 2 blocks";
    EXPECT_NE(errorOf([&] { pb::scoreWidth(*m.model, calib, so); }).find(want), std::string::npos);
    so.criterion = pb::Criterion::BlockTaylor;
    EXPECT_NE(errorOf([&] { pb::scoreBlocks(*m.model, calib, so); }).find(want), std::string::npos);
    pb::StreamedModel sm(d);
    so.criterion = pb::Criterion::WandaSp;
    EXPECT_NE(errorOf([&] { sm.scoreWidth(calib, so); }).find(want), std::string::npos);
    so.criterion = pb::Criterion::BlockBi;
    EXPECT_NE(errorOf([&] { sm.scoreBlocks(calib, so); }).find(want), std::string::npos);
    // An identity block goes through a plan unchanged (no "tensor does not have a device").
    const pb::DependencyGraph graph = pb::buildDependencyGraph(m.config);
    const pb::PlanCut cut = pb::planCut(graph, pb::uniformWidthPlan(m.config, 0, 0));
    EXPECT_NO_THROW(pb::cutLayer(m.model->layers[0], graph, cut, 0));
}

TEST(BlockPresence, PlanThatLeavesOnlyIdentityBlocksIsRefused) {
    Scratch s("plan");
    const fs::path d = identityModel(s, "half", true);  // block 0 identity, block 1 whole
    pb::LoadedModel m = pb::loadModel(d);
    pb::PruningPlan plan = pb::depthPlan(m.config, {1});
    const std::string want = "the plan removes every block that has attention or an MLP";
    EXPECT_NE(errorOf([&] { pb::requirePlanKeepsBlocks(m.config, plan); }).find(want), std::string::npos);
    EXPECT_NE(errorOf([&] { pb::applyPlan(*m.model, plan); }).find(want), std::string::npos);
    pb::StreamedModel sm(d);
    std::vector<int32_t> ids(64, 65);
    pb::PerplexityOptions po;
    po.seq_len = 16;
    EXPECT_NE(errorOf([&] { sm.perplexity(ids, po, &plan); }).find(want), std::string::npos);
    // Dropping the identity block is a legitimate depth plan.
    EXPECT_NO_THROW(pb::applyPlan(*m.model, pb::depthPlan(m.config, {0})));
}

} // namespace
