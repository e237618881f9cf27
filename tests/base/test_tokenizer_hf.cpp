// tokenizer.json pipelines against ids produced by Hugging Face `tokenizers`
// (tools/tokenizer/make_fixtures.py): SentencePiece-style (legacy and Metaspace),
// Llama-3 style with added tokens, Qwen2 style with NFC.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/unicode.h"
#include "core/util/error.h"
#include "sha256_test_util.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(PB_FIXTURE_DIR) / "tokenizer";

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

json readJson(const fs::path& p) { return json::parse(readFile(p)); }

std::string joinIds(const std::vector<int32_t>& ids) {
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    return s;
}

fs::path mobyPath() {
    const char* home = std::getenv("HOME");
    return fs::path(home ? home : "/root") / ".cache/prunebench/text/moby-dick.txt";
}

// Every case: ids, ids with specials, decoded text.
void checkCases(const pb::Tokenizer& tok, const json& ref, bool check_special = true) {
    int n = 0;
    for (const auto& c : ref.at("cases")) {
        const auto text = c.at("text").get<std::string>();
        const auto want = c.at("ids").get<std::vector<int32_t>>();
        const auto got = tok.encode(text, false);
        EXPECT_EQ(got, want) << "text: [" << text << "]";
        if (check_special) {
            const auto want_sp = c.contains("ids_special") ? c["ids_special"].get<std::vector<int32_t>>() : want;
            EXPECT_EQ(tok.encode(text, true), want_sp) << "with specials, text: [" << text << "]";
        }
        const auto decoded = c.contains("decoded") ? c["decoded"].get<std::string>() : text;
        EXPECT_EQ(tok.decode(want), decoded) << "decode of [" << text << "]";
        ++n;
    }
    EXPECT_GT(n, 20);
}

void checkMoby(const pb::Tokenizer& tok, const json& entry, const char* label) {
    if (!fs::exists(mobyPath())) GTEST_SKIP() << "Moby Dick text absent: " << mobyPath();
    const std::string text = readFile(mobyPath());
    const auto t0 = std::chrono::steady_clock::now();
    const auto ids = tok.encode(text, false);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("[ %s ] Moby Dick: %zu bytes -> %zu ids in %.3f s\n", label, text.size(), ids.size(), s);
    EXPECT_EQ(ids.size(), entry.at("length").get<size_t>());
    EXPECT_EQ(pb::test::sha256Hex(joinIds(ids)), entry.at("sha256").get<std::string>());
    EXPECT_EQ(tok.decode(ids), text);
}

} // namespace

TEST(TokenizerSha256, KnownDigests) {
    EXPECT_EQ(pb::test::sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(pb::test::sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokenizerNfc, MatchesPythonUnicodedata) {
    const json ref = readJson(kDir / "nfc_cases.json");
    for (const auto& c : ref.at("cases"))
        EXPECT_EQ(pb::unicode::nfc(c[0].get<std::string>()), c[1].get<std::string>()) << c[0].get<std::string>();
}

TEST(TokenizerHf, SpmStyleLegacy) {
    const auto tok = pb::Tokenizer::fromHuggingFace(kDir / "spm_style");
    const json ref = readJson(kDir / "spm_style" / "reference.json");
    EXPECT_EQ(tok->bosId(), 1);
    EXPECT_EQ(tok->eosId(), 2);
    EXPECT_TRUE(tok->addsBos());
    EXPECT_EQ(tok->vocabSize(), 1000);
    EXPECT_EQ(tok->tokenText(3), "<0x00>");
    checkCases(*tok, ref);
    // Byte fallback: a character outside the vocabulary becomes its UTF-8 bytes.
    const auto ids = tok->encode("中", false);
    ASSERT_EQ(ids.size(), 4u);  // ▁ + 3 bytes
    EXPECT_EQ(tok->tokenText(ids[1]), "<0xE4>");
    EXPECT_EQ(tok->decode(ids), "中");
    // An invalid byte sequence decodes to U+FFFD per byte, as HF's ByteFallback does.
    EXPECT_EQ(tok->decode({ids[1], ids[2]}), "\xEF\xBF\xBD\xEF\xBF\xBD");
    checkMoby(*tok, ref.at("moby"), "spm_style");
}

TEST(TokenizerHf, SpmMetaspaceAndConfigOverrides) {
    const auto tok = pb::Tokenizer::fromHuggingFace(kDir / "spm_metaspace");
    const json ref = readJson(kDir / "spm_metaspace" / "reference.json");
    checkCases(*tok, ref, /*check_special=*/false);
    // tokenizer_config.json: add_bos_token=false, add_eos_token=true override the template.
    EXPECT_FALSE(tok->addsBos());
    EXPECT_EQ(tok->bosId(), 1);
    EXPECT_EQ(tok->eosId(), 2);
    auto plain = tok->encode("Hello world", false);
    plain.push_back(2);
    EXPECT_EQ(tok->encode("Hello world", true), plain);
    // Metaspace "first": no ▁ is prepended to text that follows a special token.
    const auto a = tok->encode("<s>Hello", false);
    const auto b = tok->encode("Hello", false);
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a.front(), 1);
    EXPECT_NE(std::vector<int32_t>(a.begin() + 1, a.end()), b);
}

TEST(TokenizerHf, Llama3StyleWithAddedTokens) {
    const auto tok = pb::Tokenizer::fromHuggingFace(kDir / "llama3_style");
    const json ref = readJson(kDir / "llama3_style" / "reference.json");
    EXPECT_EQ(tok->bosId(), ref.at("bos_id").get<int32_t>());
    EXPECT_EQ(tok->eosId(), ref.at("eos_id").get<int32_t>());
    EXPECT_TRUE(tok->addsBos());
    checkCases(*tok, ref);
    // Special tokens are skipped on request; the rest decodes unchanged.
    const auto ids = tok->encode("a <|eot_id|> b", true);
    EXPECT_EQ(tok->decode(ids, true), "a  b");
    EXPECT_EQ(tok->decode(ids, false), "<|begin_of_text|>a <|eot_id|> b");
    checkMoby(*tok, ref.at("moby"), "llama3_style");
}

TEST(TokenizerHf, Qwen2StyleNfc) {
    const auto tok = pb::Tokenizer::fromHuggingFace(kDir / "qwen2_style");
    const json ref = readJson(kDir / "qwen2_style" / "reference.json");
    EXPECT_FALSE(tok->addsBos());
    EXPECT_EQ(tok->bosId(), -1);
    EXPECT_EQ(tok->eosId(), ref.at("eos_id").get<int32_t>());
    checkCases(*tok, ref);
    checkMoby(*tok, ref.at("moby"), "qwen2_style");
}

TEST(TokenizerHf, RoundTripsByteLevel) {
    const auto tok = pb::Tokenizer::fromHuggingFace(kDir / "llama3_style");
    for (const char* s : {"", " ", "Hello, world!\n", "emoji 😀 and 中文 and \t tabs", "  many   spaces  ",
                          "<|begin_of_text|> after", "\xC3\xA9t\xC3\xA9"})
        EXPECT_EQ(tok->decode(tok->encode(s, false)), s);
    // Invalid UTF-8 in the input is encoded as U+FFFD (the reference takes Unicode strings).
    EXPECT_EQ(tok->decode(tok->encode("a\xFF" "b", false)), "a\xEF\xBF\xBD" "b");
}

TEST(TokenizerHf, ErrorsAreClear) {
    const fs::path dir = fs::temp_directory_path() / "pb_tok_bad";
    fs::create_directories(dir);
    json j = readJson(kDir / "llama3_style" / "tokenizer.json");
    // Any regex PCRE2 can run is accepted (its parity with HF: test_tokenizer_regex.cpp);
    // an invalid one, or an Oniguruma construct with no PCRE2 form here, is a clear error.
    j["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\w+|[^\\w\\s]+";
    std::ofstream(dir / "tokenizer.json") << j.dump();
    const auto any = pb::Tokenizer::fromHuggingFace(dir);
    EXPECT_EQ(any->decode(any->encode("it's ok", false)), "it's ok");
    const std::pair<const char*, const char*> bad[] = {
        {"(\\p{L}+", "tokenizer regex is invalid: missing closing parenthesis at offset 7"},
        {"\\p{NoSuchProperty}", "tokenizer regex is invalid: unknown property"},
        {"[a-z&&[^aeiou]]", "a class intersection && is not supported at offset 4"},
        {"[[:punct:]]+", "the POSIX bracket [:punct:] is not supported at offset 1"},
        {"(?s).", "the group option 's' is not supported"},
        {"\\p{L}{2}+", "an interval followed by '+'"},
    };
    for (const auto& [re, message] : bad) {
        j["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = re;
        std::ofstream(dir / "tokenizer.json") << j.dump();
        try {
            pb::Tokenizer::fromHuggingFace(dir);
            ADD_FAILURE() << re << " must be rejected";
        } catch (const pb::Error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("tokenizer.json: pre_tokenizer Split: "), std::string::npos) << what;
            EXPECT_NE(what.find(message), std::string::npos) << what;
        }
    }
    j = readJson(kDir / "llama3_style" / "tokenizer.json");
    j["model"]["type"] = "Unigram";
    std::ofstream(dir / "tokenizer.json") << j.dump();
    EXPECT_THROW(pb::Tokenizer::fromHuggingFace(dir), pb::Error);
    std::ofstream(dir / "tokenizer.json") << "{ not json";
    EXPECT_THROW(pb::Tokenizer::fromHuggingFace(dir), pb::FormatError);
    EXPECT_THROW(pb::Tokenizer::fromHuggingFace(dir / "missing"), pb::Error);
    fs::remove_all(dir);
}

namespace {
// The spm_style tokenizer.json edited in memory, written to a temp folder.
struct EditedSpm {
    fs::path dir = fs::temp_directory_path() / ("pb_tok_edit_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    explicit EditedSpm(const std::function<void(json&)>& edit) {
        json j = readJson(kDir / "spm_style" / "tokenizer.json");
        edit(j);
        fs::create_directories(dir);
        std::ofstream(dir / "tokenizer.json") << j.dump();
    }
    ~EditedSpm() { fs::remove_all(dir); }
};
} // namespace

TEST(TokenizerHf, UnknownTokensFuseWithoutByteFallback) {
    // Reference (HF tokenizers): "a中文😀b" -> ['▁a', '<unk>', 'b'], or three <unk> without fuse_unk.
    {
        EditedSpm e([](json& j) { j["model"]["byte_fallback"] = false; });
        const auto tok = pb::Tokenizer::fromHuggingFace(e.dir);
        const auto ids = tok->encode("a中文😀b", false);
        ASSERT_EQ(ids.size(), 3u);
        EXPECT_EQ(tok->tokenText(ids[0]), "\xE2\x96\x81" "a");
        EXPECT_EQ(ids[1], 0);
        EXPECT_EQ(tok->tokenText(ids[2]), "b");
    }
    {
        EditedSpm e([](json& j) {
            j["model"]["byte_fallback"] = false;
            j["model"]["fuse_unk"] = false;
        });
        const auto ids = pb::Tokenizer::fromHuggingFace(e.dir)->encode("a中文😀b", false);
        ASSERT_EQ(ids.size(), 5u);
        EXPECT_EQ(std::count(ids.begin(), ids.end(), 0), 3);
    }
}

TEST(TokenizerHf, LegacyStringMerges) {
    EditedSpm e([](json& j) {
        for (auto& m : j["model"]["merges"]) m = m[0].get<std::string>() + " " + m[1].get<std::string>();
    });
    const auto legacy = pb::Tokenizer::fromHuggingFace(e.dir);
    const auto pairs = pb::Tokenizer::fromHuggingFace(kDir / "spm_style");
    const std::string text = "The Congress of the United States, assembled in 1790.";
    EXPECT_EQ(legacy->encode(text), pairs->encode(text));
}
