// Values read from model files that used to be accepted, wrapped or crash (issues 16 and 21),
// through the CLI as a user meets them: `info` and `ppl` (`tokenize` for a tokenizer-only
// case) on a crafted GGUF file or Hugging Face folder in a scratch folder, and `prune --plan`. Each must exit 1 with one message naming the file and the
// field, and write nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/base/gguf_builder.h"
#include "tests/clitable/cli_run.h"

using namespace pbtest;
using nlohmann::json;
using pb::testio::GgufBuilder;
namespace fs = std::filesystem;

namespace {

// A llama GGUF with 1 block (hidden 8, 2 heads, ffn 16) and a SentencePiece vocabulary of 4;
// keys in `skip` are left for `extra` to write differently.
GgufBuilder tinyGguf(const std::function<void(GgufBuilder&)>& extra, const std::set<std::string>& skip = {}) {
    GgufBuilder b;
    auto want = [&](const std::string& k) { return !skip.count(k); };
    b.string("general.architecture", "llama");
    if (want("llama.block_count")) b.u32("llama.block_count", 1);
    if (want("llama.embedding_length")) b.u32("llama.embedding_length", 8);
    if (want("llama.attention.head_count")) b.u32("llama.attention.head_count", 2);
    b.u32("llama.feed_forward_length", 16);
    if (want("tokenizer.ggml.model")) b.string("tokenizer.ggml.model", "llama");
    b.strings("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "a"});
    if (extra) extra(b);
    b.tensor("token_embd.weight", {8, 4}, 0, std::vector<uint8_t>(8 * 4 * 4, 0));
    return b;
}

struct GgufRow {
    std::string name;
    std::function<void(GgufBuilder&)> extra;
    std::set<std::string> skip;
    std::vector<std::string> parts;  // in stderr besides the file name
    bool tokenizer_only = false;     // the tiny file has too few tensors for info/ppl to reach the tokenizer
};

std::vector<GgufRow> ggufRows() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    return {
        {"rope_yarn", [](GgufBuilder& g) { g.string("llama.rope.scaling.type", "yarn"); }, {},
         {"llama.rope.scaling.type", "'yarn'", "not support"}},
        {"bos_2p32", [](GgufBuilder& g) { g.scalar<uint64_t>("tokenizer.ggml.bos_token_id", pb::testio::U64, (1ull << 32) + 5); },
         {}, {"tokenizer.ggml.bos_token_id", "4294967301"}},
        {"eos_2p32", [](GgufBuilder& g) { g.scalar<uint64_t>("tokenizer.ggml.eos_token_id", pb::testio::U64, (1ull << 32) + 2); },
         {}, {"tokenizer.ggml.eos_token_id", "4294967298"}},
        {"freq_base_nan", [nan](GgufBuilder& g) { g.f32("llama.rope.freq_base", nan); }, {}, {"llama.rope.freq_base", "nan"}},
        {"rms_eps_nan", [nan](GgufBuilder& g) { g.f32("llama.attention.layer_norm_rms_epsilon", nan); }, {},
         {"llama.attention.layer_norm_rms_epsilon"}},
        {"linear_factor_0",
         [](GgufBuilder& g) {
             g.string("llama.rope.scaling.type", "linear");
             g.f32("llama.rope.scaling.factor", 0.0f);
         },
         {}, {"llama.rope.scaling.factor", "= 0", "(0, "}},
        {"linear_factor_neg",
         [](GgufBuilder& g) {
             g.string("llama.rope.scaling.type", "linear");
             g.f32("llama.rope.scaling.factor", -4.0f);
         },
         {}, {"llama.rope.scaling.factor", "= -4"}},
        {"merges_u32",
         [](GgufBuilder& g) {
             g.string("tokenizer.ggml.model", "gpt2");
             g.array<uint32_t>("tokenizer.ggml.merges", pb::testio::U32, {1, 2});
         },
         {"tokenizer.ggml.model"}, {"tokenizer.ggml.merges", "array of STRING"}, true},
        {"huge_dims",
         [](GgufBuilder& g) {
             g.u32("llama.block_count", 100000);
             g.u32("llama.embedding_length", 1 << 20);
             g.u32("llama.attention.head_count", 1 << 14);
             g.u32("llama.attention.key_length", 1 << 14);
         },
         {"llama.block_count", "llama.embedding_length", "llama.attention.head_count"},
         {"parameter count", "overflows int64", "hidden 1048576"}},
        {"context_0", [](GgufBuilder& g) { g.u32("llama.context_length", 0); }, {}, {"llama.context_length", "[1, "}},
    };
}

void expectRefusedIn(const ScratchDir& dir, const std::vector<std::string>& args, const std::string& file,
                     const std::vector<std::string>& parts) {
    const auto before = snapshot(dir.path());
    const auto r = runCli(args);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << "the message does not name " << file << ": " << r.err;
    for (const auto& p : parts) EXPECT_NE(r.err.find(p), std::string::npos) << "missing '" << p << "' in: " << r.err;
    EXPECT_EQ(snapshot(dir.path()), before) << "a refused run wrote something";
}

} // namespace

TEST(CliBadReaders, GgufValuesRefusedByInfoAndPpl) {
    ScratchDir dir("bad-readers-gguf");
    pbtest::writeBytes(dir / "text.txt", "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a\n");
    for (const GgufRow& row : ggufRows()) {
        SCOPED_TRACE(row.name);
        const std::string file = row.name + ".gguf";
        tinyGguf(row.extra, row.skip).write(dir.path() / file);
        if (row.tokenizer_only) {
            expectRefusedIn(dir, {"tokenize", "--model", dir / file, "--text", dir / "text.txt"}, file, row.parts);
            continue;
        }
        expectRefusedIn(dir, {"info", "--model", dir / file}, file, row.parts);
        expectRefusedIn(dir, {"ppl", "--model", dir / file, "--text", dir / "text.txt"}, file, row.parts);
    }
}

namespace {

struct HfRow {
    std::string name;
    std::string file;                          // config.json or tokenizer.json
    std::function<void(json&)> edit;           // applied to that file
    std::vector<std::string> parts;
};

std::string nestedNormalizer(int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += R"({"type": "Sequence", "normalizers": [)";
    s += R"({"type": "NFC"})";
    for (int i = 0; i < depth; ++i) s += "]}";
    return s;
}

std::vector<HfRow> hfRows() {
    return {
        {"bos_2p40", "config.json", [](json& j) { j["bos_token_id"] = 1ull << 40; }, {"bos_token_id", "1099511627776"}},
        {"eos_beyond_vocab", "config.json", [](json& j) { j["eos_token_id"] = j["vocab_size"]; },
         {"eos_token_id", "allowed range [-1, "}},
        {"linear_factor_neg", "config.json",
         [](json& j) { j["rope_scaling"] = {{"rope_type", "linear"}, {"factor", -1.0}}; }, {"rope_scaling.factor", "= -1"}},
        {"llama3_factor_0", "config.json",
         [](json& j) { j["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 0.0}}; }, {"rope_scaling.factor", "= 0"}},
        {"llama3_low_freq_0", "config.json",
         [](json& j) {
             j["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 0.0}, {"high_freq_factor", 4.0}};
         },
         {"rope_scaling.low_freq_factor", "= 0"}},
        {"llama3_high_le_low", "config.json",
         [](json& j) {
             j["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 4.0}, {"high_freq_factor", 2.0}};
         },
         {"rope_scaling.high_freq_factor", "= 2"}},
        {"llama3_original_neg", "config.json",
         [](json& j) {
             j["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"original_max_position_embeddings", -5}};
         },
         {"original_max_position_embeddings", "-5"}},
        {"max_position_neg", "config.json", [](json& j) { j["max_position_embeddings"] = -1; },
         {"max_position_embeddings", "= -1"}},
        {"huge_dims", "config.json",
         [](json& j) {
             j["hidden_size"] = 1 << 20;
             j["num_attention_heads"] = 1 << 14;
             j["num_key_value_heads"] = 1 << 14;
             j["head_dim"] = 1 << 14;
             j["num_hidden_layers"] = 100000;
         },
         {"parameter count", "overflows int64"}},
        {"vocab_id_negative", "tokenizer.json", [](json& j) { j["model"]["vocab"].begin().value() = -1; },
         {"model.vocab", "= -1"}},
        {"vocab_id_2p32_plus_3", "tokenizer.json",
         [](json& j) { j["model"]["vocab"].begin().value() = (1ull << 32) + 3; }, {"model.vocab", "4294967299"}},
        {"vocab_id_float", "tokenizer.json", [](json& j) { j["model"]["vocab"].begin().value() = 1e300; },
         {"model.vocab", "not an integer"}},
        {"added_id_int_max", "tokenizer.json",
         [](json& j) {
             j["added_tokens"].push_back({{"id", 2147483647}, {"content", "<big>"}, {"special", true}});
         },
         {"added_tokens[", "2147483647"}},
        {"normalizer_200k_deep", "tokenizer.json",
         [](json& j) { j["normalizer"] = "__NESTED__"; }, {"nested deeper than 64"}},
    };
}

} // namespace

TEST(CliBadReaders, HfFolderValuesRefusedByInfoAndPpl) {
    ScratchDir dir("bad-readers-hf");
    pbtest::writeBytes(dir / "text.txt", "the cat sat on the mat and the dog sat on the log\n");
    for (const HfRow& row : hfRows()) {
        SCOPED_TRACE(row.name);
        const std::string folder = dir / row.name;
        copyFixture("models/tiny_llama", folder);
        const fs::path file = fs::path(folder) / row.file;
        json j = json::parse(readBytes(file.string()));
        row.edit(j);
        std::string text = j.dump();
        if (const auto at = text.find("\"__NESTED__\""); at != std::string::npos)
            text.replace(at, 12, nestedNormalizer(200000));  // built as text: json would recurse on it
        pbtest::writeBytes(file.string(), text);
        expectRefusedIn(dir, {"info", "--model", folder}, row.file, row.parts);
        expectRefusedIn(dir, {"ppl", "--model", folder, "--text", dir / "text.txt"}, row.file, row.parts);
    }
}

TEST(CliBadReaders, PlanNumbersOutOfRangeRefused) {
    ScratchDir dir("bad-readers-plan"), out("bad-readers-plan-out");
    const std::string model = dir / "model";
    copyFixture("models/tiny_llama", model);
    pbtest::writeBytes(dir / "text.txt", "the cat sat on the mat and the dog sat on the log\n");
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"iterative_steps", "5000000000"}, {"iterative_steps", "1e300"}, {"round_to", "-1e30"},
        {"dropped_blocks", "[18446744073709551615]"}, {"hidden_keep", "[1e300]"},
    };
    for (size_t i = 0; i < rows.size(); ++i) {
        SCOPED_TRACE(rows[i].first + " = " + rows[i].second);
        const std::string plan = dir / ("plan" + std::to_string(i) + ".json");
        pbtest::writeBytes(plan, "{\"format\": \"prunebench-plan\", \"version\": 1, \"" + rows[i].first +
                                     "\": " + rows[i].second + "}");
        expectRefusedIn(dir, {"prune", "--model", model, "--plan", plan, "--out", out / "out.gguf"},
                        "plan" + std::to_string(i) + ".json", {"'" + rows[i].first + "'"});
        EXPECT_TRUE(snapshot(out.path()).empty()) << "a refused prune wrote its output";
    }
}
