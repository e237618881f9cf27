// Tokenizers read from GGUF metadata: the demo SmolLM2 file (byte-level BPE, pre
// "smollm"), and the fixture vocabularies written as GGUF (SentencePiece "llama",
// byte-level "gpt2" with pre "llama-bpe"). References: tools/tokenizer/make_fixtures.py.
//
// PB_DUMP_IDS=/path: DemoWholeMobyDick also writes our ids of the whole text there
// (a JSON array), for tools/tokenizer/agreement.py.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/io/gguf.h"
#include "core/tokenizer/gguf_pre.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "gguf_builder.h"
#include "sha256_test_util.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(PB_FIXTURE_DIR) / "tokenizer";

fs::path cacheDir() {
    const char* home = std::getenv("HOME");
    return fs::path(home ? home : "/root") / ".cache/prunebench";
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string joinIds(const std::vector<int32_t>& ids) {
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    return s;
}

// Ids of a case as the GGUF tokenizer should give them (gguf_ids where they differ).
std::vector<int32_t> ggufIds(const json& c) {
    return (c.contains("gguf_ids") ? c["gguf_ids"] : c.at("ids")).get<std::vector<int32_t>>();
}

void checkCases(const pb::Tokenizer& tok, const json& ref, int32_t bos_prefix) {
    for (const auto& c : ref.at("cases")) {
        const auto text = c.at("text").get<std::string>();
        const auto want = ggufIds(c);
        EXPECT_EQ(tok.encode(text, false), want) << "text: [" << text << "]";
        auto with = want;
        if (bos_prefix >= 0) with.insert(with.begin(), bos_prefix);
        EXPECT_EQ(tok.encode(text, true), with) << "with BOS, text: [" << text << "]";
        if (!c.contains("gguf_ids")) {
            const auto decoded = c.contains("decoded") ? c["decoded"].get<std::string>() : text;
            EXPECT_EQ(tok.decode(want), decoded) << "decode of [" << text << "]";
        }
    }
}

void checkMoby(const pb::Tokenizer& tok, const json& entry, const char* label, const char* dump_env = nullptr) {
    const fs::path moby = cacheDir() / "text/moby-dick.txt";
    if (!fs::exists(moby)) GTEST_SKIP() << "Moby Dick text absent: " << moby;
    const std::string text = readFile(moby);
    const auto t0 = std::chrono::steady_clock::now();
    const auto ids = tok.encode(text, false);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("[ %s ] Moby Dick: %zu bytes -> %zu ids in %.3f s\n", label, text.size(), ids.size(), s);
    if (dump_env)
        if (const char* path = std::getenv(dump_env)) std::ofstream(path) << json(ids).dump();
    EXPECT_EQ(ids.size(), entry.at("length").get<size_t>());
    EXPECT_EQ(pb::test::sha256Hex(joinIds(ids)), entry.at("sha256").get<std::string>());
    EXPECT_EQ(tok.decode(ids), text);
#ifdef NDEBUG
    EXPECT_LT(s, 5.0) << "tokenizing 1.2 MB should take a second or two";
#endif
}

class TokenizerDemoGguf : public ::testing::Test {
protected:
    void SetUp() override {
        const fs::path file = cacheDir() / "SmolLM2-135M-Instruct.Q4_1.gguf";
        if (!fs::exists(file)) GTEST_SKIP() << "demo model absent: " << file;
        gguf_ = std::make_unique<pb::gguf::File>(pb::gguf::File::open(file));
        tok_ = pb::Tokenizer::fromGguf(*gguf_);
        ref_ = json::parse(readFile(kDir / "demo_reference.json"));
    }
    std::unique_ptr<pb::gguf::File> gguf_;
    std::unique_ptr<pb::Tokenizer> tok_;
    json ref_;
};

} // namespace

TEST_F(TokenizerDemoGguf, Metadata) {
    EXPECT_EQ(tok_->vocabSize(), 49152);
    EXPECT_EQ(tok_->bosId(), ref_.at("bos_id").get<int32_t>());
    EXPECT_EQ(tok_->eosId(), ref_.at("eos_id").get<int32_t>());
    EXPECT_FALSE(tok_->addsBos());  // the file says add_bos_token = false
    EXPECT_EQ(tok_->kind(), "byte-level BPE (smollm)");
    EXPECT_EQ(tok_->tokenText(1), "<|im_start|>");
}

TEST_F(TokenizerDemoGguf, ReferencePassages) { checkCases(*tok_, ref_, -1); }

TEST_F(TokenizerDemoGguf, ChatTokensAndDigits) {
    const auto ids = tok_->encode("<|im_start|>user\nHi 2024<|im_end|>", false);
    ASSERT_GE(ids.size(), 4u);
    EXPECT_EQ(ids.front(), 1);
    EXPECT_EQ(ids.back(), 2);
    // smollm: every digit is its own pre-token.
    int digits = 0;
    for (int32_t id : ids) digits += tok_->tokenText(id).size() == 1 && std::isdigit(tok_->tokenText(id)[0]);
    EXPECT_EQ(digits, 4);
    EXPECT_EQ(tok_->decode(ids, true), "user\nHi 2024");
    EXPECT_EQ(tok_->decode(ids), "<|im_start|>user\nHi 2024<|im_end|>");
}

TEST_F(TokenizerDemoGguf, WholeMobyDick) { checkMoby(*tok_, ref_.at("moby"), "demo", "PB_DUMP_IDS"); }

TEST(TokenizerGguf, SentencePieceLlama) {
    const auto file = pb::gguf::File::open(kDir / "spm_style.gguf");
    const auto tok = pb::Tokenizer::fromGguf(file);
    const json ref = json::parse(readFile(kDir / "spm_style" / "reference.json"));
    EXPECT_EQ(tok->kind(), "SentencePiece BPE (GGUF llama)");
    EXPECT_TRUE(tok->addsBos());  // no add_bos_token key: llama vocabularies add BOS
    EXPECT_EQ(tok->bosId(), 1);
    EXPECT_EQ(tok->eosId(), 2);
    checkCases(*tok, ref, 1);
    checkMoby(*tok, ref.at("gguf_moby"), "spm_style.gguf");
}

TEST(TokenizerGguf, ByteLevelLlama3) {
    const auto file = pb::gguf::File::open(kDir / "llama3_style.gguf");
    const auto tok = pb::Tokenizer::fromGguf(file);
    const json ref = json::parse(readFile(kDir / "llama3_style" / "reference.json"));
    EXPECT_EQ(tok->kind(), "byte-level BPE (llama-bpe)");
    EXPECT_TRUE(tok->addsBos());
    checkCases(*tok, ref, ref.at("bos_id").get<int32_t>());
    checkMoby(*tok, ref.at("moby"), "llama3_style.gguf");
}

// Small byte-level vocabularies written with the GGUF test builder.
namespace {

using pb::testio::GgufBuilder;

GgufBuilder tinyGpt2(const std::string& pre) {
    // Ġ (U+0120) is the byte-level spelling of ' '.
    const std::vector<std::string> tokens = {"<|end|>", "a", "b", "\xC4\xA0", "1", "2", "ab", "\xC4\xA0" "ab",
                                             "<think>", "<", ">", "t", "h", "i", "n", "k"};
    std::vector<int32_t> types(tokens.size(), 1);
    types[0] = 3;  // control
    types[8] = 4;  // user-defined
    GgufBuilder b;
    b.string("general.architecture", "llama")
        .string("tokenizer.ggml.model", "gpt2")
        .strings("tokenizer.ggml.tokens", tokens)
        .array<int32_t>("tokenizer.ggml.token_type", pb::testio::I32, types)
        .strings("tokenizer.ggml.merges", {"a b", "\xC4\xA0 ab"})
        .u32("tokenizer.ggml.eos_token_id", 0);
    if (!pre.empty()) b.string("tokenizer.ggml.pre", pre);
    return b;
}

} // namespace

TEST(TokenizerGguf, TinyByteLevelVocabulary) {
    pb::testio::TempDir tmp;
    const auto file = pb::gguf::File::open(tinyGpt2("qwen2").write(tmp / "t.gguf"));
    const auto tok = pb::Tokenizer::fromGguf(file);
    EXPECT_FALSE(tok->addsBos());  // gpt2 vocabularies add no BOS unless the file says so
    EXPECT_EQ(tok->bosId(), -1);
    EXPECT_EQ(tok->eosId(), 0);
    EXPECT_EQ(tok->encode("ab ab"), (std::vector<int32_t>{6, 7}));
    EXPECT_EQ(tok->encode("12"), (std::vector<int32_t>{4, 5}));
    // Control and user-defined tokens are matched whole; only control ones are special.
    const auto ids = tok->encode("ab<think>b<|end|>");
    EXPECT_EQ(ids, (std::vector<int32_t>{6, 8, 2, 0}));
    EXPECT_EQ(tok->decode(ids, true), "ab<think>b");
}

// Every tokenizer.ggml.pre name of the llama.cpp table (core/tokenizer/gguf_pre.h) loads:
// its regexes compile, and the tokenizer encodes and decodes.
TEST(TokenizerGguf, EveryLlamaCppPreNameLoads) {
    pb::testio::TempDir tmp;
    size_t names = 0;
    for (const pb::tok::GgufPre& pre : pb::tok::ggufPres()) {
        ASSERT_FALSE(pre.names.empty());
        ASSERT_FALSE(pre.regexes.empty()) << pre.names.front();
        for (std::string_view name : pre.names) {
            EXPECT_EQ(pb::tok::findGgufPre(name), &pre) << name << " is listed twice";
            EXPECT_TRUE(pb::tok::ggufPreUnsupported(name).empty()) << name;
            GgufBuilder b = tinyGpt2(std::string(name));
            b.u32("tokenizer.ggml.bos_token_id", 1);  // without the add_bos flag: the entry's default
            const auto file = pb::gguf::File::open(b.write(tmp / "pre.gguf"));
            try {
                const auto tok = pb::Tokenizer::fromGguf(file);
                EXPECT_EQ(tok->kind(), "byte-level BPE (" + std::string(name) + ")");
                EXPECT_EQ(tok->addsBos(), pre.add_bos) << name;
                EXPECT_EQ(tok->decode(tok->encode("ab ab 12", false)), "ab ab 12") << name;
            } catch (const std::exception& e) {
                ADD_FAILURE() << name << ": " << e.what();
            }
            ++names;
        }
    }
    EXPECT_GT(names, 80u);
}

TEST(TokenizerGguf, ErrorsAreClear) {
    pb::testio::TempDir tmp;
    {
        // A name llama.cpp does not know: rejected, with the names it does know.
        const auto file = pb::gguf::File::open(tinyGpt2("no-such-pre").write(tmp / "a.gguf"));
        try {
            pb::Tokenizer::fromGguf(file);
            FAIL() << "an unknown pre-tokenizer must be rejected";
        } catch (const pb::Error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("tokenizer.ggml.pre \"no-such-pre\""), std::string::npos) << what;
            EXPECT_NE(what.find("is not a pre-tokenizer llama.cpp names"), std::string::npos) << what;
            EXPECT_NE(what.find("llama-bpe"), std::string::npos) << what;
        }
    }
    for (const char* custom : {"kimi-k2", "afmoe", "gemma4"}) {
        // Names whose llama.cpp pre-tokenizer is code of its own, not regexes: rejected, saying why.
        const auto file = pb::gguf::File::open(tinyGpt2(custom).write(tmp / "custom.gguf"));
        try {
            pb::Tokenizer::fromGguf(file);
            ADD_FAILURE() << custom << " must be rejected";
        } catch (const pb::Error& e) {
            EXPECT_NE(std::string(e.what()).find("is not supported: "), std::string::npos) << e.what();
        }
    }
    {
        GgufBuilder b;
        b.string("general.architecture", "llama");
        const auto file = pb::gguf::File::open(b.write(tmp / "b.gguf"));
        EXPECT_THROW(pb::Tokenizer::fromGguf(file), pb::Error);
    }
    {
        GgufBuilder b;
        b.string("tokenizer.ggml.model", "gpt2")
            .strings("tokenizer.ggml.tokens", {"a", "b"})
            .array<int32_t>("tokenizer.ggml.token_type", pb::testio::I32, {1})  // one entry for two tokens
            .strings("tokenizer.ggml.merges", {"a b"});
        const auto file = pb::gguf::File::open(b.write(tmp / "c.gguf"));
        EXPECT_THROW(pb::Tokenizer::fromGguf(file), pb::FormatError);
    }
}
