// The Hugging Face tokenizer export of GGUF vocabularies (core/tokenizer/hf_writer.cpp):
// SentencePiece merges generated in time linear in the number of merges, also for nested
// vocabularies ("a", "aa", ..., each token split in every place), and the exported
// tokenizer.json loads back to the same ids.
//
// PB_REAL_GGUF=/path/model.gguf [PB_HF_TOKENIZER_OUT=/dir]: RealGguf exports that file's
// tokenizer, reports the time, loads it back and compares ids on Moby Dick; with
// PB_HF_TOKENIZER_OUT it writes tokenizer.json, tokenizer_config.json and ids.json (our ids of
// the whole text, add_special) there, for tools/fidelity/hf_tokenizer_check.py. Skipped
// when PB_REAL_GGUF is unset.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/io/gguf.h"
#include "core/tokenizer/spm_merges.h"
#include "core/tokenizer/tokenizer.h"
#include "gguf_builder.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

// The tokenizer files written to `dir`, then loaded back as a model folder.
std::unique_ptr<pb::Tokenizer> roundTrip(const pb::HfTokenizerFiles& files, const fs::path& dir) {
    writeFile(dir / "tokenizer.json", files.tokenizer_json);
    writeFile(dir / "tokenizer_config.json", files.tokenizer_config_json);
    writeFile(dir / "special_tokens_map.json", files.special_tokens_map_json);
    return pb::Tokenizer::fromHuggingFace(dir);
}

// A SentencePiece ("llama") GGUF vocabulary: <unk>, <s>, </s>, the 256 byte tokens, then `pieces`
// with descending scores.
fs::path writeSpmGguf(const fs::path& path, const std::vector<std::string>& pieces) {
    std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
    std::vector<float> scores = {0, 0, 0};
    std::vector<int32_t> types = {2, 3, 3};
    for (int b = 0; b < 256; ++b) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "<0x%02X>", b);
        tokens.push_back(hex);
        scores.push_back(0);
        types.push_back(6);
    }
    for (size_t i = 0; i < pieces.size(); ++i) {
        tokens.push_back(pieces[i]);
        scores.push_back(-static_cast<float>(i));
        types.push_back(1);
    }
    using namespace pb::testio;
    GgufBuilder g;
    g.string("general.architecture", "llama");
    g.string("tokenizer.ggml.model", "llama");
    g.strings("tokenizer.ggml.tokens", tokens);
    g.array<float>("tokenizer.ggml.scores", F32, scores);
    g.array<int32_t>("tokenizer.ggml.token_type", I32, types);
    g.u32("tokenizer.ggml.unknown_token_id", 0);
    g.u32("tokenizer.ggml.bos_token_id", 1);
    g.u32("tokenizer.ggml.eos_token_id", 2);
    g.scalar<uint8_t>("tokenizer.ggml.add_space_prefix", BOOL, 0);
    return g.write(path);
}

} // namespace

TEST(TokenizerHfExport, RealGguf) {
    const char* src = std::getenv("PB_REAL_GGUF");
    if (!src) GTEST_SKIP() << "PB_REAL_GGUF is not set";
    const char* home = std::getenv("HOME");
    const fs::path moby = fs::path(home ? home : "/root") / ".cache/prunebench/text/moby-dick.txt";
    const auto f = pb::gguf::File::open(src);
    const auto tok = pb::Tokenizer::fromGguf(f);
    auto t0 = std::chrono::steady_clock::now();
    const pb::HfTokenizerFiles files = pb::toHuggingFaceTokenizer(*tok, src);
    const double export_s = secondsSince(t0);
    pb::testio::TempDir tmp;
    const fs::path out = std::getenv("PB_HF_TOKENIZER_OUT") ? fs::path(std::getenv("PB_HF_TOKENIZER_OUT")) : tmp.path();
    fs::create_directories(out);
    t0 = std::chrono::steady_clock::now();
    const auto back = roundTrip(files, out);
    const double load_s = secondsSince(t0);
    const std::string text = readFile(moby);
    ASSERT_FALSE(text.empty()) << moby;
    const auto ids = tok->encode(text, true);
    t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(back->encode(text, true), ids);
    const double encode_s = secondsSince(t0);
    std::printf("%s: export %.2f s (tokenizer.json %.1f MB), load back %.2f s, Moby Dick %zu ids, reloaded encode %.2f s\n",
                src, export_s, files.tokenizer_json.size() / 1e6, load_s, ids.size(), encode_s);
    writeFile(out / "ids.json", json{{"ids", ids}}.dump());
}

// The merges of a small vocabulary (nested runs, multi-byte characters, a repeated string,
// equal scores, long tokens) are those of transformers' generate_merges, in its order
// (tools/tokenizer/make_spm_merges_fixture.py).
TEST(TokenizerHfExport, MergesAreTransformersGenerateMerges) {
    const json fx = json::parse(readFile(fs::path(PB_FIXTURE_DIR) / "tokenizer" / "spm_merges.json"));
    const auto tokens = fx.at("tokens").get<std::vector<std::string>>();
    const auto scores = fx.at("scores").get<std::vector<float>>();
    const auto want = fx.at("merges").get<std::vector<std::pair<std::string, std::string>>>();
    ASSERT_GT(want.size(), 20u);
    EXPECT_EQ(pb::tok::sentencePieceMerges(tokens, scores), want);
}

// A nested vocabulary: "a", "aa", ..., a run of 400 "a": every split of every run is a merge
// (79,800 of them, 21 MB of strings): the export costs what it writes, and loads back to
// SentencePiece's ids.
TEST(TokenizerHfExport, NestedVocabularyIsFast) {
    constexpr int kDepth = 400;
    std::vector<std::string> pieces;
    for (int k = 1; k <= kDepth; ++k) pieces.push_back(std::string(static_cast<size_t>(k), 'a'));
    pieces.push_back("b");
    pb::testio::TempDir tmp;
    const fs::path path = writeSpmGguf(tmp / "nested.gguf", pieces);
    const auto tok = pb::Tokenizer::fromGguf(pb::gguf::File::open(path));
    const auto t0 = std::chrono::steady_clock::now();
    const pb::HfTokenizerFiles files = pb::toHuggingFaceTokenizer(*tok, path);
    const double seconds = secondsSince(t0);
    const json tj = json::parse(files.tokenizer_json);
    EXPECT_EQ(tj["model"]["merges"].size(), static_cast<size_t>(kDepth) * (kDepth - 1) / 2);
    // Highest score first: "aa" (the best score after "a") is made first.
    EXPECT_EQ(tj["model"]["merges"][0], json::parse(R"(["a", "a"])"));
    EXPECT_LT(seconds, 10.0) << "export of a nested vocabulary took " << seconds << " s";
    fs::create_directories(tmp / "hf");
    const auto back = roundTrip(files, tmp / "hf");
    for (const std::string text : {std::string(1000, 'a'), std::string("ab") + std::string(399, 'a') + "ba", std::string("aaab")})
        EXPECT_EQ(back->encode(text, true), tok->encode(text, true)) << "text of " << text.size() << " bytes";
}

// Tokens of every length whose splits are never two tokens ("b", "ba", "baa", ... and no run of
// "a" alone): each split's left part is a token, its right part is not. Looking the parts up by
// hashing their bytes cost the square of each token's length (4,000 tokens of up to 4,000
// bytes: 2 * 10^10 bytes hashed, ~20 s); substring hashes make it one pass. No merge comes out.
TEST(TokenizerHfExport, LongTokensWithoutSplitsAreFast) {
    constexpr int kCount = 4000;
    std::vector<std::string> pieces;
    for (int k = 0; k < kCount; ++k) pieces.push_back("b" + std::string(static_cast<size_t>(k), 'a'));
    const auto t0 = std::chrono::steady_clock::now();
    const auto merges = pb::tok::sentencePieceMerges(pieces, std::vector<float>(pieces.size(), 0.0f));
    const double seconds = secondsSince(t0);
    EXPECT_TRUE(merges.empty()) << merges.size() << " merges, first " << merges.front().first << " + "
                                << merges.front().second;
    EXPECT_LT(seconds, 6.0) << "merges of " << kCount << " long tokens took " << seconds << " s";
    pieces.push_back("a");  // now every split b a^j + a^k ... has a right part only when k == 1
    const auto with_a = pb::tok::sentencePieceMerges(pieces, std::vector<float>(pieces.size(), 0.0f));
    EXPECT_EQ(with_a.size(), static_cast<size_t>(kCount - 1));  // "b a^(k-1)" + "a" for every k >= 1
}
