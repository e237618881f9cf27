// Tensors that disagree with the config (issue 21): every row is a crafted model (the tiny HF
// fixture with config.json or a tensor edited, or its GGUF export with metadata or a tensor
// rewritten) run through info, ppl, stream --work ppl and export. Each must exit 1 with ONE
// message, the same on the loaded and the streamed path, naming the file, the tensor and both
// shapes (or the field), and write nothing. Plus models and plans with no attention and no MLP
// in any block: refused plainly by the scoring and plan commands.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_run.h"
#include "tests/core/model_patch.h"

namespace fs = std::filesystem;
using namespace pbtest;

namespace {

// tiny_llama: vocab 260, hidden 32, 4 heads / 2 KV heads, head dim 8, ffn 48, 2 layers.
const char* kText =
    "Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, and "
    "nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of "
    "the world. It is a way I have of driving off the spleen and regulating the circulation. ";

// The last "error: ..." line of stderr (the CLI's one message).
std::string errorLine(const std::string& err) {
    const size_t at = err.rfind("error: ");
    if (at == std::string::npos) return "";
    return err.substr(at, err.find('\n', at) - at);
}

// The tiny model exported once as GGUF by the CLI itself (the source of the GGUF rows).
const std::string& baseGguf() {
    static ScratchDir dir("shapes_base");
    static const std::string p = [] {
        copyFixture("models/tiny_llama", dir / "hf");
        const auto r = runCli({"export", "--model", dir / "hf", "--out", dir / "tiny.gguf"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return dir / "tiny.gguf";
    }();
    return p;
}

struct Row {
    std::string name;
    bool gguf = false;
    // Makes the model at `model` (a folder copy of tiny_llama for HF rows, a file path for GGUF rows).
    std::function<void(const fs::path& model)> make;
    std::vector<std::string> parts;  // in the message, besides the model's file name
};

using W = pb::gguf::Writer;
using VT = pb::gguf::ValueType;

std::function<void(const fs::path&)> config(std::function<void(nlohmann::json&)> f) {
    return [f](const fs::path& d) { editConfig(d, f); };
}
std::function<void(const fs::path&)> tensor(const std::string& name, std::optional<F32Tensor> t) {
    return [name, t](const fs::path& d) { patchSafetensors(d / "model.safetensors", {{name, t}}); };
}
std::function<void(const fs::path&)> gguf(std::function<void(W&)> meta,
                                          std::map<std::string, std::optional<F32Tensor>> tensors = {}) {
    return [meta, tensors](const fs::path& p) { patchGguf(baseGguf(), p, meta, tensors); };
}
nlohmann::json layers(std::vector<std::array<int, 3>> v) {
    nlohmann::json j = nlohmann::json::array();
    for (auto [h, kv, f] : v) j.push_back({{"heads", h}, {"kv_heads", kv}, {"ffn", f}});
    return j;
}

const std::vector<Row>& rows() {
    static const std::vector<Row> r = {
        // Hugging Face folders: the file named is model.safetensors (or config.json for a field).
        {"hf_output_norm_1", false, tensor("model.norm.weight", F32Tensor{{1}}),
         {"model.safetensors", "tensor 'model.norm.weight' has shape [1], expected [32]", "hidden size 32"}},
        {"hf_vocab_above_embedding", false, config([](nlohmann::json& j) { j["vocab_size"] = 300; }),
         {"model.safetensors", "'model.embed_tokens.weight' has shape [260, 32], expected [300, 32]", "vocabulary 300"}},
        {"hf_layers_more_heads", false,
         config([](nlohmann::json& j) { j["prunebench_layers"] = layers({{4, 2, 48}, {6, 2, 48}}); }),
         {"'model.layers.1.self_attn.q_proj.weight' has shape [32, 32], expected [48, 32]", "layer 1: 6 heads x head dim 8"}},
        {"hf_layers_kv_heads", false,
         config([](nlohmann::json& j) { j["prunebench_layers"] = layers({{4, 2, 48}, {4, 4, 48}}); }),
         {"'model.layers.1.self_attn.k_proj.weight' has shape [16, 32], expected [32, 32]", "layer 1: 4 KV heads"}},
        {"hf_layers_ffn", false,
         config([](nlohmann::json& j) { j["prunebench_layers"] = layers({{4, 2, 40}, {4, 2, 48}}); }),
         {"'model.layers.0.mlp.gate_proj.weight' has shape [48, 32], expected [40, 32]", "intermediate size 40"}},
        {"hf_layers_all_zero", false,
         config([](nlohmann::json& j) { j["prunebench_layers"] = layers({{0, 0, 0}, {0, 0, 0}}); }),
         {"'model.layers.0.input_layernorm.weight' (shape [32]) is in the file but config.json gives layer 0 no "
          "attention (0 heads)"}},
        {"hf_layers_zero_kv", false,
         config([](nlohmann::json& j) { j["prunebench_layers"] = layers({{4, 0, 48}, {4, 2, 48}}); }),
         {"config.json", "layer 0", "query heads but no KV heads"}},
        {"hf_head_dim", false, config([](nlohmann::json& j) { j["head_dim"] = 16; }),
         {"'model.layers.0.self_attn.q_proj.weight' has shape [32, 32], expected [64, 32]", "head dim 16"}},
        {"hf_fewer_layers", false, config([](nlohmann::json& j) { j["num_hidden_layers"] = 1; }),
         {"'model.layers.1.input_layernorm.weight' (shape [32]) is in the file but config.json has 1 layers"}},
        {"hf_missing_tensor", false, tensor("model.layers.1.mlp.up_proj.weight", std::nullopt),
         {"tensor 'model.layers.1.mlp.up_proj.weight' is missing from the model file", "intermediate size 48"}},
        // GGUF files (the rows of issue 21 that surfaced libtorch's "shape '[...]' is invalid").
        {"gguf_output_norm_1", true, gguf({}, {{"output_norm.weight", F32Tensor{{1}}}}),
         {"tensor 'output_norm.weight' has shape [1], expected [32]"}},
        {"gguf_heads_not_dividing_rows", true,
         gguf([](W& w) { w.setU32("llama.attention.head_count", 3), w.setU32("llama.attention.head_count_kv", 1); }),
         {"tensor 'blk.0.attn_q.weight' has shape [32, 32], expected [24, 32]", "3 heads x head dim 8"}},
        {"gguf_head_dim", true, gguf([](W& w) { w.setU32("llama.attention.key_length", 16); }),
         {"tensor 'blk.0.attn_q.weight' has shape [32, 32], expected [64, 32]", "head dim 16"}},
        {"gguf_fewer_kv_heads", true, gguf([](W& w) { w.setU32("llama.attention.head_count_kv", 1); }),
         {"tensor 'blk.0.attn_k.weight' has shape [16, 32], expected [8, 32]", "1 KV heads"}},
        {"gguf_kv_above_heads", true, gguf([](W& w) { w.setU32("llama.attention.head_count_kv", 8); }),
         {"4 query heads are not a multiple of 8 KV heads"}},
        {"gguf_heads_not_multiple_of_kv", true, gguf([](W& w) { w.setU32("llama.attention.head_count_kv", 3); }),
         {"4 query heads are not a multiple of 3 KV heads"}},
        {"gguf_per_layer_heads", true,
         gguf([](W& w) {
             w.setNumbers("llama.attention.head_count", VT::I32, {4, 2});
             w.setNumbers("llama.attention.head_count_kv", VT::I32, {2, 1});
         }),
         {"tensor 'blk.1.attn_q.weight' has shape [32, 32], expected [16, 32]", "layer 1: 2 heads"}},
        {"gguf_zero_heads_with_tensors", true,
         gguf([](W& w) {
             w.setNumbers("llama.attention.head_count", VT::I32, {4, 0});
             w.setNumbers("llama.attention.head_count_kv", VT::I32, {2, 0});
         }),
         {"tensor 'blk.1.attn_norm.weight' (shape [32]) is in the file but the GGUF metadata gives layer 1 no attention"}},
        {"gguf_q_rows", true, gguf({}, {{"blk.1.attn_q.weight", F32Tensor{{24, 32}}}}),
         {"tensor 'blk.1.attn_q.weight' has shape [24, 32], expected [32, 32]"}},
        {"gguf_k_rows", true, gguf({}, {{"blk.0.attn_k.weight", F32Tensor{{20, 32}}}}),
         {"tensor 'blk.0.attn_k.weight' has shape [20, 32], expected [16, 32]"}},
        {"gguf_embedding_length", true, gguf([](W& w) { w.setU32("llama.embedding_length", 64); }),
         {"tensor 'token_embd.weight' has shape [260, 32], expected [260, 64]"}},
        {"gguf_ffn_length", true, gguf([](W& w) { w.setU32("llama.feed_forward_length", 40); }),
         {"tensor 'blk.0.ffn_gate.weight' has shape [48, 32], expected [40, 32]"}},
        {"gguf_rope_freqs", true, gguf({}, {{"rope_freqs.weight", F32Tensor{{3}, 1.0f}}}),
         {"tensor 'rope_freqs.weight' has shape [3], expected [4]", "head dim 8 / 2"}},
    };
    return r;
}

class BadShapes : public ::testing::TestWithParam<size_t> {};

TEST_P(BadShapes, EveryCommandRefusesWithTheSameMessageAndWritesNothing) {
    const Row& row = rows()[GetParam()];
    ScratchDir dir("shapes_" + row.name);
    // GGUF rows in a folder of their own, beside the export.
    const fs::path model = row.gguf ? fs::path(dir / "src/model.gguf") : fs::path(dir / "model");
    if (row.gguf) fs::create_directories(model.parent_path());
    else copyFixture("models/tiny_llama", model.string());
    row.make(model);
    writeBytes(dir / "text.txt", kText);
    const Snapshot before = snapshot(dir.path());
    const std::string m = model.string(), text = dir / "text.txt";
    const std::vector<std::vector<std::string>> commands = {
        {"info", "--model", m},
        {"ppl", "--model", m, "--text", text},
        {"stream", "--model", m, "--work", "ppl", "--text", text},
        {"export", "--model", m, "--out", dir / "out.gguf"},
    };
    std::string first;
    for (const auto& args : commands) {
        const CliResult r = runCli(args);
        const std::string line = errorLine(r.err);
        EXPECT_FALSE(r.timed_out) << row.name << " " << args[0];
        EXPECT_EQ(r.exit_code, 1) << row.name << " " << args[0] << ": " << r.err;
        EXPECT_NE(line.find(row.gguf ? "model.gguf" : "model"), std::string::npos) << row.name << ": " << line;
        for (const std::string& p : row.parts) EXPECT_NE(line.find(p), std::string::npos) << row.name << " " << args[0] << ": " << line;
        EXPECT_EQ(line.find("invalid for input"), std::string::npos) << line;
        if (first.empty()) first = line;
        EXPECT_EQ(line, first) << row.name << ": " << args[0] << " says something else than info";
        EXPECT_EQ(snapshot(dir.path()), before) << row.name << " " << args[0] << " wrote something";
    }
}

INSTANTIATE_TEST_SUITE_P(Rows, BadShapes, ::testing::Range<size_t>(0, rows().size()),
                         [](const ::testing::TestParamInfo<size_t>& i) { return rows()[i.param].name; });

// tiny_llama with every block tensor removed and prunebench_layers all zero except, when
// `keep_last`, layer 1: a legal model (embedding -> norm -> lm_head) with identity blocks.
void identityModel(const fs::path& d, bool keep_last) {
    copyFixture("models/tiny_llama", d.string());
    std::map<std::string, std::optional<F32Tensor>> drop;
    const char* parts[] = {"input_layernorm", "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                           "self_attn.o_proj", "post_attention_layernorm", "mlp.gate_proj", "mlp.up_proj",
                           "mlp.down_proj"};
    for (int l = 0; l < (keep_last ? 1 : 2); ++l)
        for (const char* p : parts) drop["model.layers." + std::to_string(l) + "." + p + ".weight"] = std::nullopt;
    patchSafetensors(d / "model.safetensors", drop);
    editConfig(d, [&](nlohmann::json& j) {
        j["prunebench_layers"] = keep_last ? layers({{0, 0, 0}, {4, 2, 48}}) : layers({{0, 0, 0}, {0, 0, 0}});
    });
}

TEST(BadShapesNoBlocks, ScoringAModelWithoutAttentionOrMlpSaysSo) {
    ScratchDir dir("shapes_identity");
    identityModel(dir.path() / "model", false);
    writeBytes(dir / "text.txt", kText);
    const Snapshot before = snapshot(dir.path());
    const std::string m = dir / "model", text = dir / "text.txt";
    const auto ok = runCli({"ppl", "--model", m, "--text", text, "--seq-len", "32"});
    EXPECT_EQ(ok.exit_code, 0) << "an identity-only model is still a model: " << ok.err;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"score", "--model", m, "--calib", text, "--samples", "2", "--seq-len", "16", "--criterion",
              "taylor_element1"},
             {"prune", "--model", m, "--calib", text, "--samples", "2", "--seq-len", "16", "--criterion",
              "block_taylor", "--drop-blocks", "1", "--save-plan", dir / "plan.json"},
             {"stream", "--model", m, "--work", "score", "--criterion", "wanda_sp", "--calib", text, "--samples", "2",
              "--seq-len", "16"},
         }) {
        const CliResult r = runCli(args);
        EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.err;
        EXPECT_NE(errorLine(r.err).find("has no attention and no MLP in any of its 2 blocks"), std::string::npos)
            << args[0] << ": " << r.err;
        EXPECT_EQ(errorLine(r.err).find("require grad"), std::string::npos) << r.err;
        EXPECT_EQ(snapshot(dir.path()), before) << args[0] << " wrote something";
    }
}

TEST(BadShapesNoBlocks, PlanLeavingOnlyIdentityBlocksIsRefused) {
    ScratchDir dir("shapes_identity_plan");
    identityModel(dir.path() / "model", true);  // block 0 identity, block 1 whole
    writeBytes(dir / "text.txt", kText);
    writeBytes(dir / "plan.json", R"({"format": "prunebench-plan", "version": 1, "criterion": "block_bi", "dropped_blocks": [1]})");
    const Snapshot before = snapshot(dir.path());
    const std::string m = dir / "model", text = dir / "text.txt", plan = dir / "plan.json";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"prune", "--model", m, "--plan", plan, "--out", dir / "out"},
             {"export", "--model", m, "--plan", plan, "--out", dir / "out.gguf"},
             {"stream", "--model", m, "--work", "ppl", "--plan", plan, "--text", text, "--seq-len", "32"},
         }) {
        const CliResult r = runCli(args);
        EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.err;
        EXPECT_NE(errorLine(r.err).find("the plan removes every block that has attention or an MLP"), std::string::npos)
            << args[0] << ": " << r.err;
        EXPECT_EQ(snapshot(dir.path()), before) << args[0] << " wrote something";
    }
}

} // namespace
