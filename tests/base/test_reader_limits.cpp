// Regression tests for the readers of untrusted files (issues 16 and 21): every input is
// made here. Each case was a crash, undefined behaviour, a hang or a silently wrong value;
// each must now be one pb::Error naming the file and the field (core/io/limits.h).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/arch/config_io.h"
#include "core/io/gguf.h"
#include "core/io/json_input.h"
#include "core/io/limits.h"
#include "core/io/token_id.h"
#include "core/plan/plan.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "gguf_builder.h"

using nlohmann::json;
using pb::testio::GgufBuilder;
using pb::testio::TempDir;
namespace fs = std::filesystem;

namespace {

// The error `f` throws must contain every needle.
template <class F>
void expectError(F&& f, std::initializer_list<std::string> needles) {
    try {
        f();
        ADD_FAILURE() << "expected a pb::Error containing '" << *needles.begin() << "'";
    } catch (const pb::Error& e) {
        for (const auto& n : needles) EXPECT_NE(std::string(e.what()).find(n), std::string::npos) << e.what();
    }
}

void writeText(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

// A minimal byte-level-free BPE tokenizer.json with `edit` applied.
json tinyTokenizer() {
    return json::parse(R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "<s>": 3}, "merges": ["a b"]},
                           "added_tokens": [{"id": 3, "content": "<s>", "special": true}]})");
}

std::unique_ptr<pb::Tokenizer> loadTokenizerText(const TempDir& tmp, const std::string& text) {
    writeText(tmp / "tokenizer.json", text);
    return pb::Tokenizer::fromHuggingFace(tmp.path());
}

// `depth` nested copies of open + close around inner.
std::string nested(const std::string& open, const std::string& inner, const std::string& close, int depth) {
    std::string s;
    s.reserve((open.size() + close.size()) * size_t(depth) + inner.size());
    for (int i = 0; i < depth; ++i) s += open;
    s += inner;
    for (int i = 0; i < depth; ++i) s += close;
    return s;
}

// A GGUF llama model small enough to build in memory: 1 block, hidden 8, 2 heads, vocab 4,
// with a SentencePiece tokenizer. `extra` adds or overrides keys (later keys are refused
// as duplicates, so callers pass the keys they want to change through `skip`).
GgufBuilder tinyModel(const std::function<void(GgufBuilder&)>& extra = {}, const std::set<std::string>& skip = {}) {
    GgufBuilder b;
    auto want = [&](const std::string& k) { return !skip.count(k); };
    b.string("general.architecture", "llama");
    if (want("llama.block_count")) b.u32("llama.block_count", 1);
    if (want("llama.embedding_length")) b.u32("llama.embedding_length", 8);
    if (want("llama.attention.head_count")) b.u32("llama.attention.head_count", 2);
    if (want("llama.feed_forward_length")) b.u32("llama.feed_forward_length", 16);
    if (want("tokenizer.ggml.model")) b.string("tokenizer.ggml.model", "llama");
    if (want("tokenizer.ggml.tokens")) b.strings("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "a"});
    if (extra) extra(b);
    b.tensor("token_embd.weight", {8, 4}, 0, std::vector<uint8_t>(8 * 4 * 4, 0));
    return b;
}

} // namespace

// ---- tokenizer.json ------------------------------------------------------------------------

TEST(ReaderLimits, TokenizerJsonNegativeIdRefused) {
    TempDir tmp;
    json j = tinyTokenizer();
    j["model"]["vocab"]["a"] = -1;  // was: vocab.set(-1) -> resize(SIZE_MAX) -> crash
    expectError([&] { loadTokenizerText(tmp, j.dump()); }, {"tokenizer.json", "model.vocab[\"a\"]", "= -1"});
}

TEST(ReaderLimits, TokenizerJsonIdNearIntMaxRefused) {
    TempDir tmp;
    json j = tinyTokenizer();
    j["model"]["vocab"]["b"] = 2147483646;  // was: a 2^31-slot vocabulary (bad_alloc)
    expectError([&] { loadTokenizerText(tmp, j.dump()); }, {"model.vocab[\"b\"]", "2147483646", "not an integer in [0"});
}

TEST(ReaderLimits, TokenizerJsonHugeFloatIdRefused) {
    TempDir tmp;
    // was: float-to-int conversion of 1e300 (undefined behaviour) in get<int32_t>()
    expectError([&] { loadTokenizerText(tmp, R"({"model": {"vocab": {"a": 1e300}, "merges": []}})"); },
                {"model.vocab[\"a\"]", "not an integer"});
    expectError([&] { loadTokenizerText(tmp, R"({"model": {"vocab": {"a": 0.5}, "merges": []}})"); },
                {"model.vocab[\"a\"]", "not an integer"});
}

TEST(ReaderLimits, TokenizerJsonIdAbove32BitsDoesNotWrap) {
    TempDir tmp;
    json j = tinyTokenizer();
    j["model"]["vocab"]["b"] = (1ull << 32) + 3;  // was: became 3 and collided with "<s>"
    expectError([&] { loadTokenizerText(tmp, j.dump()); }, {"model.vocab[\"b\"]", "4294967299"});
}

TEST(ReaderLimits, AddedTokenIdIntMaxRefused) {
    TempDir tmp;
    json j = tinyTokenizer();
    j["added_tokens"][0]["id"] = 2147483647;  // was: id + 1 overflowed the vocabulary size
    expectError([&] { loadTokenizerText(tmp, j.dump()); }, {"added_tokens[0].id", "2147483647"});
}

TEST(ReaderLimits, TokenizerJsonDeepNestingRefusedBeforeRecursion) {
    TempDir tmp;
    constexpr int kDepth = 200000;  // was: stack overflow in parseNormalizer / json copies
    const std::string model = R"("model": {"vocab": {"a": 0}, "merges": []})";
    const std::string norm = nested(R"({"type": "Sequence", "normalizers": [)", R"({"type": "NFC"})", "]}", kDepth);
    expectError([&] { loadTokenizerText(tmp, "{" + model + R"(, "normalizer": )" + norm + "}"); },
                {"tokenizer.json", "nested deeper than 64"});
    const std::string pre =
        nested(R"({"type": "Sequence", "pretokenizers": [)", R"({"type": "Digits"})", "]}", kDepth);
    expectError([&] { loadTokenizerText(tmp, "{" + model + R"(, "pre_tokenizer": )" + pre + "}"); },
                {"nested deeper than"});
    const std::string added = nested("[", "", "]", kDepth);
    expectError([&] { loadTokenizerText(tmp, "{" + model + R"(, "added_tokens": )" + added + "}"); },
                {"nested deeper than"});
    // Real files are a few levels deep: 30 nested Sequences (61 levels) still load.
    const std::string ok = nested(R"({"type": "Sequence", "normalizers": [)", R"({"type": "NFC"})", "]}", 30);
    EXPECT_NO_THROW(loadTokenizerText(tmp, "{" + model + R"(, "normalizer": )" + ok + "}"));
}

TEST(ReaderLimits, PostProcessorIdOutsideVocabularyRefused) {
    TempDir tmp;
    json j = tinyTokenizer();
    j["post_processor"] = json::parse(R"({"type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "<x>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
        "special_tokens": {"<x>": {"id": "<x>", "ids": [5000], "tokens": ["<x>"]}}})");
    expectError([&] { loadTokenizerText(tmp, j.dump()); }, {"5000", "not in the vocabulary (4 tokens)"});
    j["post_processor"]["special_tokens"]["<x>"]["ids"] = json::array({-7});
    expectError([&] { loadTokenizerText(tmp, j.dump()); }, {"special_tokens.<x>.ids[0]", "-7"});
}

TEST(ReaderLimits, StripDecoderCountsRangeChecked) {
    TempDir tmp;
    json j = tinyTokenizer();
    j["decoder"] = json::parse(R"({"type": "Strip", "content": " ", "start": 1e300, "stop": 0})");
    expectError([&] { loadTokenizerText(tmp, j.dump()); }, {"decoder Strip start", "not an integer in [0, 65536]"});
}

TEST(ReaderLimits, NormalizerGrowthIsBounded) {
    TempDir tmp;
    json j = tinyTokenizer();
    json step = {{"type", "Replace"}, {"pattern", {{"String", "a"}}}, {"content", std::string(1000, 'a')}};
    j["normalizer"] = {{"type", "Sequence"}, {"normalizers", {step, step, step}}};  // 10^9 times larger
    const auto tok = loadTokenizerText(tmp, j.dump());
    expectError([&] { tok->encode(std::string(2000, 'a')); }, {"normalizer", "times larger"});
    EXPECT_EQ(tok->encode("b", false), (std::vector<int32_t>{1}));  // texts it does not grow still encode
}

TEST(ReaderLimits, TokenizerJsonFileSizeAndTypeChecked) {
    TempDir tmp;
    fs::create_directories(tmp / "tokenizer.json");  // a folder where the file should be
    expectError([&] { pb::Tokenizer::fromHuggingFace(tmp.path()); }, {"tokenizer.json", "not a regular file"});
}

// ---- GGUF tokenizer metadata ---------------------------------------------------------------

TEST(ReaderLimits, GgufSpecialIdsAbove32BitsDoNotWrap) {
    TempDir tmp;
    GgufBuilder b = tinyModel([](GgufBuilder& g) {
        g.scalar<uint64_t>("tokenizer.ggml.bos_token_id", pb::testio::U64, (1ull << 32) + 5);  // was: became 5
    });
    const auto f = pb::gguf::File::open(b.write(tmp / "m.gguf"));
    expectError([&] { pb::Tokenizer::fromGguf(f); }, {"m.gguf", "tokenizer.ggml.bos_token_id", "4294967301"});
    expectError([&] { pb::configFromGguf(f); }, {"m.gguf", "tokenizer.ggml.bos_token_id", "4294967301"});
}

TEST(ReaderLimits, GgufSpecialIdBeyondVocabularyRefused) {
    TempDir tmp;
    GgufBuilder b = tinyModel([](GgufBuilder& g) { g.u32("tokenizer.ggml.eos_token_id", 4); });
    const auto f = pb::gguf::File::open(b.write(tmp / "m.gguf"));
    expectError([&] { pb::Tokenizer::fromGguf(f); }, {"tokenizer.ggml.eos_token_id", "= 4", "allowed 0 to 3"});
}

TEST(ReaderLimits, GgufMergesStoredAsU32Refused) {
    TempDir tmp;
    for (const char* model : {"gpt2", "llama"}) {
        GgufBuilder b = tinyModel(
            [&](GgufBuilder& g) {
                g.string("tokenizer.ggml.model", model);
                g.array<uint32_t>("tokenizer.ggml.merges", pb::testio::U32, {1, 2, 3});  // was: ignored
            },
            {"tokenizer.ggml.model"});
        const auto f = pb::gguf::File::open(b.write(tmp / "m.gguf"));
        expectError([&] { pb::Tokenizer::fromGguf(f); }, {"tokenizer.ggml.merges", "must be an array of STRING", "U32"});
    }
}

TEST(ReaderLimits, GgufTokenTypeAndScoresChecked) {
    TempDir tmp;
    GgufBuilder b = tinyModel([](GgufBuilder& g) {
        g.array<double>("tokenizer.ggml.token_type", pb::testio::F64, {1, 1, 1e300, 1});  // was: UB cast to int
    });
    const auto f = pb::gguf::File::open(b.write(tmp / "m.gguf"));
    expectError([&] { pb::Tokenizer::fromGguf(f); }, {"tokenizer.ggml.token_type[2]", "not a token type"});
    GgufBuilder c = tinyModel([](GgufBuilder& g) {
        g.array<float>("tokenizer.ggml.scores", pb::testio::F32, {0, 0, std::nanf(""), 0});
    });
    const auto fc = pb::gguf::File::open(c.write(tmp / "c.gguf"));
    expectError([&] { pb::Tokenizer::fromGguf(fc); }, {"tokenizer.ggml.scores[2]", "NaN"});
}

TEST(ReaderLimits, GgufLongSentencePieceTokenExportsInLinearTime) {
    // One token of 1,000,000 characters: the tokenizer.json export generated merges from every
    // split of every token, hashing both halves of each of its 10^6 splits (> 60 s, no progress).
    TempDir tmp;
    const std::string longest(1000000, 'a');
    GgufBuilder b = tinyModel(
        [&](GgufBuilder& g) {
            g.strings("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "a", "b", "ab", "\xE2\x96\x81", longest});
            g.array<float>("tokenizer.ggml.scores", pb::testio::F32, {0, 0, 0, -1, -2, -0.5f, -3, -10});
            g.array<int32_t>("tokenizer.ggml.token_type", pb::testio::I32, {2, 3, 3, 1, 1, 1, 1, 1});
        },
        {"tokenizer.ggml.tokens"});
    const auto path = b.write(tmp / "long.gguf");
    const auto start = std::chrono::steady_clock::now();
    const auto f = pb::gguf::File::open(path);
    const auto tok = pb::Tokenizer::fromGguf(f);
    EXPECT_EQ(tok->tokenText(7).size(), longest.size());
    EXPECT_EQ(tok->encode("ab", false), (std::vector<int32_t>{6, 5}));  // "▁ab": the marker, then "ab"
    const pb::HfTokenizerFiles files = pb::toHuggingFaceTokenizer(*tok, path);
    EXPECT_NE(files.tokenizer_json.find("\"ab\""), std::string::npos);
    // The merges are those of the short tokens only: a + b -> ab.
    const json tj = json::parse(files.tokenizer_json);
    EXPECT_EQ(tj["model"]["merges"], json::parse(R"([["a", "b"]])"));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 10.0) << "export of a 1,000,000-character token took " << seconds << " s";
}

// ---- model config (GGUF and config.json) ---------------------------------------------------

TEST(ReaderLimits, GgufRopeScalingTypeYarnRefused) {
    TempDir tmp;
    GgufBuilder b = tinyModel([](GgufBuilder& g) {
        g.string("llama.rope.scaling.type", "yarn");  // was: ignored (the HF path refuses it)
        g.f32("llama.rope.scaling.factor", 4.0f);
    });
    const auto f = pb::gguf::File::open(b.write(tmp / "m.gguf"));
    expectError([&] { pb::configFromGguf(f); }, {"m.gguf", "llama.rope.scaling.type", "'yarn'", "none, linear"});
    GgufBuilder ok = tinyModel([](GgufBuilder& g) {
        g.string("llama.rope.scaling.type", "linear");
        g.f32("llama.rope.scaling.factor", 2.0f);
    });
    const auto c = pb::configFromGguf(pb::gguf::File::open(ok.write(tmp / "ok.gguf")));
    EXPECT_EQ(c.rope.type, pb::RopeType::Linear);
    EXPECT_DOUBLE_EQ(c.rope.factor, 2.0);
}

TEST(ReaderLimits, GgufNonFiniteAndNonPositiveValuesRefused) {
    TempDir tmp;
    struct Case {
        std::function<void(GgufBuilder&)> add;
        std::string field;
    };
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const std::vector<Case> cases = {
        {[&](GgufBuilder& g) { g.f32("llama.rope.freq_base", nan); }, "llama.rope.freq_base"},
        {[&](GgufBuilder& g) { g.f32("llama.rope.freq_base", inf); }, "llama.rope.freq_base"},
        {[&](GgufBuilder& g) { g.f32("llama.attention.layer_norm_rms_epsilon", nan); },
         "llama.attention.layer_norm_rms_epsilon"},
        {[&](GgufBuilder& g) {
             g.string("llama.rope.scaling.type", "linear");
             g.f32("llama.rope.scaling.factor", 0.0f);
         },
         "llama.rope.scaling.factor"},
        {[&](GgufBuilder& g) {
             g.string("llama.rope.scaling.type", "linear");
             g.f32("llama.rope.scaling.factor", -2.0f);
         },
         "llama.rope.scaling.factor"},
        {[&](GgufBuilder& g) { g.u32("llama.context_length", 0); }, "llama.context_length"},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto f = pb::gguf::File::open(tinyModel(cases[i].add).write(tmp / ("c" + std::to_string(i) + ".gguf")));
        expectError([&] { pb::configFromGguf(f); }, {".gguf", "field '" + cases[i].field + "'", "allowed range"});
    }
}

TEST(ReaderLimits, GgufPerLayerValuesRangeCheckedBeforeConversion) {
    TempDir tmp;
    GgufBuilder b = tinyModel(
        [](GgufBuilder& g) {
            g.array<uint64_t>("llama.feed_forward_length", pb::testio::U64, {~0ull});  // was: UB double -> int64
        },
        {"llama.feed_forward_length"});
    const auto f = pb::gguf::File::open(b.write(tmp / "m.gguf"));
    expectError([&] { pb::configFromGguf(f); }, {"llama.feed_forward_length", "out of range"});
}

TEST(ReaderLimits, GgufHugeDimsReportTheDims) {
    TempDir tmp;
    GgufBuilder b = tinyModel(
        [](GgufBuilder& g) {
            g.u32("llama.block_count", 100000);
            g.u32("llama.embedding_length", 1 << 20);
            g.u32("llama.attention.head_count", 1 << 14);
            g.u32("llama.attention.key_length", 1 << 14);
        },
        {"llama.block_count", "llama.embedding_length", "llama.attention.head_count"});
    const auto f = pb::gguf::File::open(b.write(tmp / "m.gguf"));
    expectError([&] { pb::configFromGguf(f); }, {"m.gguf", "parameter count", "overflows int64", "hidden 1048576"});
}

TEST(ReaderLimits, ParamCountOverflowNamesTheDims) {
    // was: signed overflow in ModelConfig::attentionParams (model_config.cpp:12), later blamed on
    // "the number of blocks to drop"
    pb::ModelConfig c;
    c.vocab = 32000;
    c.hidden = int64_t(1) << 40;
    c.head_dim = int64_t(1) << 20;
    c.layers.assign(2, pb::LayerDims{1 << 10, 1 << 10, 1 << 20});
    expectError([&] { (void)c.totalParams(); }, {"overflows int64", "hidden 1099511627776", "layer 0"});
    expectError([&] { c.validate(); }, {"overflows int64"});
    expectError([&] { (void)c.macs(1 << 20); }, {"overflows int64"});
}

namespace {
json smolJson() {
    return json{{"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"vocab_size", 512},
                {"hidden_size", 64}, {"intermediate_size", 128}, {"num_hidden_layers", 2},
                {"num_attention_heads", 4}, {"num_key_value_heads", 2}, {"rms_norm_eps", 1e-5},
                {"max_position_embeddings", 256}, {"bos_token_id", 1}, {"eos_token_id", 2}};
}
void expectConfigError(const json& j, std::initializer_list<std::string> needles) {
    TempDir tmp;
    writeText(tmp / "config.json", j.dump());
    expectError([&] { pb::readHfConfig(tmp / "config.json"); }, needles);
}
} // namespace

TEST(ReaderLimits, HfConfigTokenIdsAre32BitAndInVocabulary) {
    json j = smolJson();
    j["bos_token_id"] = 1ull << 40;  // was: became 0
    expectConfigError(j, {"config.json", "'bos_token_id'", "1099511627776"});
    j = smolJson();
    j["eos_token_id"] = json::array({512, 2});  // the first listed id counts
    expectConfigError(j, {"config.json", "field 'eos_token_id' = 512", "[-1, 511]"});
}

TEST(ReaderLimits, HfConfigRopeAndPositionsValidated) {
    struct Case {
        json rope;
        std::string field;
    };
    const std::vector<Case> cases = {
        {{{"rope_type", "linear"}, {"factor", 0.0}}, "rope_scaling.factor"},
        {{{"rope_type", "linear"}, {"factor", -1.0}}, "rope_scaling.factor"},
        {{{"rope_type", "llama3"}, {"factor", 0.0}, {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0}},
         "rope_scaling.factor"},
        {{{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 0.0}, {"high_freq_factor", 4.0}},
         "rope_scaling.low_freq_factor"},
        {{{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 4.0}, {"high_freq_factor", 4.0}},
         "rope_scaling.high_freq_factor"},
        {{{"rope_type", "llama3"}, {"factor", 8.0}, {"original_max_position_embeddings", -5}},
         "rope_scaling.original_max_position_embeddings"},
        {{{"rope_type", "llama3"}, {"factor", 8.0}, {"original_max_position_embeddings", 1e300}},
         "rope_scaling.original_max_position_embeddings"},
    };
    for (const Case& c : cases) {
        json j = smolJson();
        j["rope_scaling"] = c.rope;
        expectConfigError(j, {"config.json", "'" + c.field + "'"});
    }
    json j = smolJson();
    j["max_position_embeddings"] = -1;
    expectConfigError(j, {"config.json", "'max_position_embeddings'", "allowed range [1, "});
    j = smolJson();
    j["rms_norm_eps"] = 0.0;
    expectConfigError(j, {"'rms_norm_eps' = 0", "(0, 1]"});
    j = smolJson();
    j["rope_theta"] = -10000.0;
    expectConfigError(j, {"'rope_theta'"});
}

TEST(ReaderLimits, HfConfigIntegersDoNotWrap) {
    json j = smolJson();
    j["vocab_size"] = std::numeric_limits<uint64_t>::max();  // was: get<int64_t>() gave -1
    expectConfigError(j, {"'vocab_size'", "18446744073709551615", "allowed range [1, 16777216]"});
    j = smolJson();
    j["hidden_size"] = int64_t(1) << 40;
    expectConfigError(j, {"'hidden_size'", "allowed range [1, 1048576]"});
    j = smolJson();
    j["prunebench_layers"] = json::array({{{"heads", 4}, {"kv_heads", 2}, {"ffn", 1e300}},
                                          {{"heads", 4}, {"kv_heads", 2}, {"ffn", 128}}});
    expectConfigError(j, {"'ffn' must be an integer"});
}

// ---- plans ---------------------------------------------------------------------------------

TEST(ReaderLimits, PlanNumbersRangeCheckedBeforeConversion) {
    // was: nlohmann get<int>() / get<int64_t>() of out-of-range numbers (undefined behaviour / wrap)
    TempDir tmp;
    const json base = {{"format", "prunebench-plan"}, {"version", 1}};
    struct Case {
        std::string key;
        json value;
        std::string needle;
    };
    const std::vector<Case> cases = {
        {"iterative_steps", 5000000000ll, "'iterative_steps' = 5000000000 is not an integer in [1, 100]"},
        {"iterative_steps", 1e300, "'iterative_steps'"},
        {"round_to", -3, "'round_to' = -3"},
        {"round_to", 1e20, "'round_to'"},
        {"dropped_blocks", json::array({1e300}), "'dropped_blocks' must be a list of integers"},
        {"dropped_blocks", json::array({std::numeric_limits<uint64_t>::max()}), "'dropped_blocks'"},
        {"hidden_keep", json::array({std::numeric_limits<uint64_t>::max()}), "'hidden_keep'"},
    };
    for (const Case& c : cases) {
        json j = base;
        j[c.key] = c.value;
        writeText(tmp / "plan.json", j.dump());
        expectError([&] { pb::PruningPlan::load((tmp / "plan.json").string()); }, {"plan.json", c.needle});
    }
    json cal = base;
    cal["calibration"] = {{"samples", 1e300}};
    writeText(tmp / "plan.json", cal.dump());
    expectError([&] { pb::PruningPlan::load((tmp / "plan.json").string()); }, {"'samples'"});
    writeText(tmp / "plan.json", "{\"format\": \"prunebench-plan\", \"version\": 1, \"layers\": " +
                                     nested("[", "", "]", 100000) + "}");
    expectError([&] { pb::PruningPlan::load((tmp / "plan.json").string()); }, {"plan.json", "nested deeper"});
}

TEST(ReaderLimits, PlanIterativeStepsBoundedInValidate) {
    pb::ModelConfig m;
    m.vocab = 16;
    m.hidden = 8;
    m.head_dim = 4;
    m.layers.assign(2, pb::LayerDims{2, 2, 8});
    pb::PruningPlan p;
    p.iterative_steps = 100000;
    expectError([&] { p.validate(m); }, {"iterative_steps 100000 is outside [1, 100]"});
}

// ---- the shared helpers --------------------------------------------------------------------

TEST(ReaderLimits, OneIdRangeCheck) {
    EXPECT_EQ(pb::checkTokenId(uint64_t{5}, 10, "k"), 5);
    expectError([] { pb::checkTokenId((uint64_t{1} << 32) + 5, 10, "key 'x'"); }, {"key 'x' = 4294967301", "0 to 9"});
    expectError([] { pb::checkTokenId(int64_t{-2}, 10, "k"); }, {"= -2"});
    expectError([] { pb::checkTokenId(uint64_t{1} << 31, int64_t{1} << 40, "k"); }, {"16777215"});
}

TEST(ReaderLimits, JsonIntegerChecksInItsOwnType) {
    EXPECT_EQ(pb::jsonin::integer(json(7), "f", "k", 0, 10), 7);
    EXPECT_EQ(pb::jsonin::integer(json(7.0), "f", "k", 0, 10), 7);
    expectError([] { pb::jsonin::integer(json(std::numeric_limits<uint64_t>::max()), "f", "k", -5, 5); },
                {"f: 'k' = 18446744073709551615 is not an integer in [-5, 5]"});
    expectError([] { pb::jsonin::integer(json(9.3e18), "f", "k", 0, std::numeric_limits<int64_t>::max()); }, {"'k'"});
    expectError([] { pb::jsonin::integer(json("3"), "f", "k", 0, 5); }, {"'k' = string"});
    expectError([] { pb::jsonin::parse(nested("[", "", "]", 65), "x.json"); }, {"x.json", "nested deeper than 64"});
    EXPECT_NO_THROW(pb::jsonin::parse(nested("[", "", "]", 64), "x.json"));
}

// ---- found by the fuzzers ------------------------------------------------------------------

TEST(ReaderLimits, FuzzHfConfigFieldOfAnotherJsonType) {
    // fuzz_hf_config: "model_type": 260 threw nlohmann's type_error out of the reader (abort)
    json j = smolJson();
    j["model_type"] = 260;
    expectConfigError(j, {"config.json", "'model_type' must be a string, found number"});
    j = smolJson();
    j["architectures"] = json::array({"LlamaForCausalLM"});
    j["rope_scaling"] = {{"rope_type", "linear"}, {"factor", "four"}};
    expectConfigError(j, {"config.json", "'factor' must be a number"});
}

TEST(ReaderLimits, FuzzPlanFormatOfAnotherJsonType) {
    // fuzz_plan: "format": [...] threw nlohmann's type_error out of PruningPlan::fromJson (abort)
    TempDir tmp;
    writeText(tmp / "plan.json", R"({"format": [{"a": 1}], "version": 1})");
    expectError([&] { pb::PruningPlan::load((tmp / "plan.json").string()); }, {"plan.json", "not a PruneBench plan"});
    writeText(tmp / "plan.json", R"({"format": "prunebench-plan", "version": "1"})");
    expectError([&] { pb::PruningPlan::load((tmp / "plan.json").string()); }, {"plan.json", "unsupported plan version"});
    // a text field of another type names the field, not nlohmann's type_error
    writeText(tmp / "plan.json", R"({"format": "prunebench-plan", "version": 1, "criterion": 5})");
    expectError([&] { pb::PruningPlan::load((tmp / "plan.json").string()); },
                {"plan.json", "'criterion' must be a string, found number"});
    writeText(tmp / "plan.json", R"({"format": "prunebench-plan", "version": 1, "calibration": {"text": [1]}})");
    expectError([&] { pb::PruningPlan::load((tmp / "plan.json").string()); },
                {"plan.json", "'calibration.text' must be a string, found array"});
}
