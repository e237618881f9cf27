// Unicode classes, UTF-8 handling, NFC and the byte-level alphabet.
#include <gtest/gtest.h>

#include "core/tokenizer/byte_level.h"
#include "core/tokenizer/gguf_pre.h"
#include "core/tokenizer/pre_tokenizers.h"
#include "core/tokenizer/regex.h"
#include "core/tokenizer/unicode.h"

using namespace pb;

TEST(TokenizerUnicode, Classes) {
    EXPECT_TRUE(unicode::isLetter(U'a'));
    EXPECT_TRUE(unicode::isLetter(U'é'));
    EXPECT_TRUE(unicode::isLetter(U'中'));
    EXPECT_TRUE(unicode::isLetter(0x0627));   // Arabic alef
    EXPECT_FALSE(unicode::isLetter(U'1'));
    EXPECT_FALSE(unicode::isLetter(0x0301));  // combining acute (Mn)
    EXPECT_TRUE(unicode::isNumber(U'7'));
    EXPECT_TRUE(unicode::isNumber(0x0663));   // Arabic-Indic three
    EXPECT_TRUE(unicode::isNumber(0x00BD));   // ½ (No)
    EXPECT_TRUE(unicode::isNumber(0x2163));   // Ⅳ (Nl)
    EXPECT_TRUE(unicode::isWhitespace(U' '));
    EXPECT_TRUE(unicode::isWhitespace(0x3000));
    EXPECT_TRUE(unicode::isWhitespace(0x85));
    EXPECT_FALSE(unicode::isWhitespace(0x1C));   // not White_Space (Python isspace says yes)
    EXPECT_FALSE(unicode::isWhitespace(0x200B)); // zero width space is not White_Space
    EXPECT_FALSE(unicode::isLetter(0x1F600));    // emoji
}

TEST(TokenizerUnicode, LossyUtf8) {
    EXPECT_EQ(unicode::toValidUtf8("a\xE4\xB8" "b"), "a\xEF\xBF\xBD" "b");          // truncated = one U+FFFD
    EXPECT_EQ(unicode::toValidUtf8("\xFF\xFE"), "\xEF\xBF\xBD\xEF\xBF\xBD");         // two invalid bytes
    EXPECT_EQ(unicode::toValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    EXPECT_EQ(unicode::toValidUtf8("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
    EXPECT_TRUE(unicode::isValidUtf8("héllo 中"));
    EXPECT_FALSE(unicode::isValidUtf8("\xC0\x80"));
}

TEST(TokenizerUnicode, Nfc) {
    EXPECT_EQ(unicode::nfc("e\xCC\x81"), "\xC3\xA9");                     // e + acute -> é
    EXPECT_EQ(unicode::nfc("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"), "\xED\x95\x9C");  // Hangul jamo -> 한
    EXPECT_EQ(unicode::nfc("\xE2\x84\xAB"), "\xC3\x85");                  // Angstrom sign -> Å
    EXPECT_EQ(unicode::nfc("plain ascii"), "plain ascii");
    // q + dot below + dot above stays (no precomposed form), ordering by class.
    EXPECT_EQ(unicode::nfc("q\xCC\x87\xCC\xA3"), "q\xCC\xA3\xCC\x87");
}

TEST(TokenizerUnicode, ByteLevelAlphabet) {
    EXPECT_EQ(byte_level::byteToCodepoint(0x20), 0x120u);
    EXPECT_EQ(byte_level::byteToCodepoint(0x0A), 0x10Au);
    EXPECT_EQ(byte_level::byteToCodepoint(0x00), 0x100u);
    EXPECT_EQ(byte_level::byteToCodepoint(0x7F), 0x121u);
    EXPECT_EQ(byte_level::byteToCodepoint(0xA0), 0x142u);
    EXPECT_EQ(byte_level::byteToCodepoint(0xAD), 0x143u);
    EXPECT_EQ(byte_level::byteToCodepoint('A'), static_cast<char32_t>('A'));
    for (int b = 0; b < 256; ++b)
        EXPECT_EQ(byte_level::codepointToByte(byte_level::byteToCodepoint(static_cast<uint8_t>(b))), b);
    EXPECT_EQ(byte_level::encode(" hi\n"), "\xC4\xA0hi\xC4\x8A");
    EXPECT_EQ(*byte_level::decode("\xC4\xA0hi\xC4\x8A"), " hi\n");
}

namespace {
std::vector<std::string> pieces(std::string_view re, const std::string& s) {
    std::vector<std::string> out;
    for (auto [b, e] : tok::Regex(re).findAll(s)) out.push_back(s.substr(b, e - b));
    return out;
}
std::string_view preRegex(const char* name) { return tok::findGgufPre(name)->regexes.at(0); }
} // namespace

TEST(TokenizerUnicode, Gpt2Splitter) {
    using V = std::vector<std::string>;
    EXPECT_EQ(pieces(tok::kGpt2Regex, "Hello   world's 123!!\n\n"),
              (V{"Hello", "  ", " world", "'s", " 123", "!!", "\n\n"}));
    EXPECT_EQ(pieces(tok::kGpt2Regex, "I'LL go"), (V{"I", "'", "LL", " go"}));
}

TEST(TokenizerUnicode, Llama3Splitter) {
    using V = std::vector<std::string>;
    EXPECT_EQ(pieces(preRegex("llama-bpe"), "I'LL pay 12345 now.\n\n  x"),
              (V{"I", "'LL", " pay", " ", "123", "45", " now", ".\n\n", " ", " x"}));
    EXPECT_EQ(pieces(preRegex("qwen2"), "a 123"), (V{"a", " ", "1", "2", "3"}));
    // The tokenizer.json spelling of the Llama-3 regex is the table's (GGUF export looks it up).
    const tok::GgufPre* llama3 = tok::ggufPreForRegexes(
        {R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"});
    ASSERT_NE(llama3, nullptr);
    EXPECT_EQ(llama3->names.front(), "llama-bpe");
    EXPECT_EQ(tok::ggufPreForRegexes({R"(\w+|[^\w\s]+)"}), nullptr);
}
