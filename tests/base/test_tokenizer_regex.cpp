// The PCRE2 pre-tokenizer regexes (core/tokenizer/regex.h, onig_syntax.h) against what
// Hugging Face `tokenizers` (Oniguruma) does with the same patterns and texts:
// tests/fixtures/tokenizer/regex_parity.json, made by tools/tokenizer/make_regex_parity.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/tokenizer/gguf_pre.h"
#include "core/tokenizer/normalizers.h"
#include "core/tokenizer/pre_tokenizers.h"
#include "core/tokenizer/regex.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/unicode.h"
#include "core/util/error.h"
#include "gguf_builder.h"

using nlohmann::json;
namespace fs = std::filesystem;
using pb::tok::ByteRange;
using pb::tok::Regex;

namespace {

const fs::path kDir = fs::path(PB_FIXTURE_DIR) / "tokenizer";

const json& fixture() {
    static const json j = [] {
        std::ifstream in(kDir / "regex_parity.json", std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return json::parse(ss.str());
    }();
    return j;
}

std::vector<ByteRange> nonEmpty(std::vector<ByteRange> r) {
    r.erase(std::remove_if(r.begin(), r.end(), [](const ByteRange& m) { return m.first == m.second; }), r.end());
    return r;
}

std::string show(const std::string& text, const std::vector<ByteRange>& ranges) {
    std::string s;
    for (auto [b, e] : ranges) s += "[" + text.substr(b, e - b) + "]";
    return s;
}

// HF's Split(Isolated) pieces of one case, "end" or "end+" (a match) comma-separated:
// the pieces' texts, and the matches among them.
struct HfPieces {
    std::vector<std::string> pieces;
    std::vector<ByteRange> matches;
};
HfPieces parsePieces(const std::string& text, const std::string& spec) {
    HfPieces out;
    size_t begin = 0;
    std::stringstream ss(spec);
    for (std::string item; std::getline(ss, item, ',');) {
        const bool match = !item.empty() && item.back() == '+';
        const size_t end = std::stoul(match ? item.substr(0, item.size() - 1) : item);
        out.pieces.push_back(text.substr(begin, end - begin));
        if (match) out.matches.emplace_back(begin, end);
        begin = end;
    }
    return out;
}

// Inclusive code point ranges "lo-hi" (hex) -> a membership table over all of Unicode.
std::vector<bool> codePointSet(const json& ranges) {
    std::vector<bool> in(0x110000, false);
    for (const auto& r : ranges) {
        const std::string s = r.get<std::string>();
        const size_t dash = s.find('-');
        const unsigned long lo = std::stoul(s.substr(0, dash), nullptr, 16), hi = std::stoul(s.substr(dash + 1), nullptr, 16);
        for (unsigned long cp = lo; cp <= hi && cp < in.size(); ++cp) in[cp] = true;
    }
    return in;
}

} // namespace

// Every pattern (all regexes of the llama.cpp table, then tokenizer.json-style ones) on
// every text: the same matches as HF tokenizers, and the same Split(Isolated) pieces.
TEST(TokenizerRegex, MatchesHfTokenizersOnEveryPatternAndText) {
    const json& f = fixture();
    const auto patterns = f.at("patterns").get<std::vector<std::string>>();
    const auto texts = f.at("texts").get<std::vector<std::string>>();
    const json& split = f.at("split");
    ASSERT_EQ(split.size(), patterns.size());
    size_t cases = 0, identical = 0, pieces_identical = 0;
    for (size_t p = 0; p < patterns.size(); ++p) {
        std::optional<Regex> re;
        try {
            re.emplace(patterns[p]);
        } catch (const pb::Error& e) {
            ADD_FAILURE() << e.what();
            cases += texts.size();
            continue;
        }
        const auto splitter = pb::tok::makeSplit(pb::tok::Matcher(*re), pb::tok::SplitBehavior::Isolated, false);
        for (size_t t = 0; t < texts.size(); ++t) {
            const std::string& text = texts[t];
            const HfPieces want = parsePieces(text, split.at(p).at(t).get<std::string>());
            const auto got = nonEmpty(re->findAll(text));
            ++cases;
            if (got == want.matches) ++identical;
            else
                ADD_FAILURE() << "pattern " << p << " /" << patterns[p] << "/ on text " << t << "\n  ours: "
                              << show(text, got) << "\n  HF:   " << show(text, want.matches);
            std::vector<pb::tok::Piece> pieces{{text, true}};
            splitter->apply(pieces);
            std::vector<std::string> got_pieces;
            for (const auto& piece : pieces) got_pieces.push_back(piece.text);
            if (got_pieces == want.pieces) {
                ++pieces_identical;
            } else {
                std::string a, b;
                for (const auto& x : got_pieces) a += "[" + x + "]";
                for (const auto& x : want.pieces) b += "[" + x + "]";
                ADD_FAILURE() << "pieces of /" << patterns[p] << "/ on text " << t << "\n  ours: " << a << "\n  HF:   " << b;
            }
        }
    }
    std::printf("[ regex parity ] %zu patterns x %zu texts: %zu/%zu cases with identical matches, %zu/%zu with "
                "identical Split pieces (HF tokenizers %s)\n",
                patterns.size(), texts.size(), identical, cases, pieces_identical, cases,
                f.at("tokenizers_version").get<std::string>().c_str());
    EXPECT_EQ(identical, cases);
    EXPECT_EQ(pieces_identical, cases);
    EXPECT_GT(cases, 2000u);
}

// Single-character classes (\\w \\s \\d, \\p{L} \\p{N} ..., POSIX brackets, (?i) folds, .) on every
// code point but the surrogates: the same set as Oniguruma's, where the two libraries'
// Unicode data agree (PCRE2 10.42: Unicode 15.0; tokenizers' Oniguruma: 16.0): the code
// points assigned in the generator's unicodedata and not changed by Unicode 16.0.
TEST(TokenizerRegex, ClassesMatchOnigurumaOnEveryCodePoint) {
    const json& f = fixture();
    std::vector<bool> skip = codePointSet(f.at("unicode").at("unassigned"));
    const std::vector<bool> changed = codePointSet(f.at("unicode").at("changed_in_16"));
    for (size_t cp = 0; cp < skip.size(); ++cp) skip[cp] = skip[cp] || changed[cp];
    std::string all;
    std::vector<char32_t> at_byte(4 * 0x110000 + 1, 0);
    for (char32_t cp = 0; cp < 0x110000; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        at_byte[all.size()] = cp;
        pb::unicode::appendUtf8(all, cp);
    }
    size_t identical = 0, compared = 0, skipped_differences = 0;
    const json& classes = f.at("classes");
    for (const auto& [pattern, want_json] : classes.items()) {
        const std::vector<bool> want = codePointSet(want_json);
        std::vector<bool> got(0x110000, false);
        for (auto [b, e] : Regex(pattern).findAll(all)) {
            ASSERT_LE(e - b, 4u) << pattern << " matched more than one code point";
            if (b != e) got[at_byte[b]] = true;
        }
        std::string differ;
        size_t n_differ = 0;
        for (char32_t cp = 0; cp < 0x110000; ++cp) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            if (got[cp] == want[cp]) continue;
            if (skip[cp]) {
                ++skipped_differences;
                continue;
            }
            if (++n_differ <= 16) {
                char buf[32];
                std::snprintf(buf, sizeof buf, " U+%04X(%s)", static_cast<unsigned>(cp), got[cp] ? "ours" : "HF");
                differ += buf;
            }
        }
        ++compared;
        if (n_differ == 0) ++identical;
        else ADD_FAILURE() << pattern << ": " << n_differ << " code points differ:" << differ;
    }
    std::printf("[ regex parity ] %zu/%zu classes identical on every code point assigned in Unicode %s "
                "(%zu differences on code points new in Unicode 15.0/16.0 or changed by 16.0, not counted)\n",
                identical, compared, f.at("unicode").at("unassigned_in").get<std::string>().c_str(),
                skipped_differences);
    EXPECT_EQ(identical, compared);
    EXPECT_GE(compared, 20u);
}

// A tokenizer.json whose pre_tokenizer is no built-in one (Digits-like and Han/Kana
// splits, then a GPT-4o-style regex with \b \w{1,2} and a possessive quantifier): the
// same ids as HF tokenizers.
TEST(TokenizerRegex, CustomSplitRegexTokenizerMatchesHfIds) {
    const json& custom = fixture().at("custom");
    std::ifstream in(kDir / custom.at("base").get<std::string>() / "tokenizer.json", std::ios::binary);
    json j = json::parse(in);
    j["pre_tokenizer"] = custom.at("pre_tokenizer");
    pb::testio::TempDir tmp;
    std::ofstream(tmp / "tokenizer.json") << j.dump();
    const auto tok = pb::Tokenizer::fromHuggingFace(tmp.path());
    size_t cases = 0, identical = 0;
    for (const auto& c : custom.at("cases")) {
        const auto text = c.at("text").get<std::string>();
        const auto want = c.at("ids").get<std::vector<int32_t>>();
        const auto got = tok->encode(text, false);
        ++cases;
        if (got == want) ++identical;
        else ADD_FAILURE() << "text [" << text << "]";
        EXPECT_EQ(tok->decode(got), c.contains("decoded") ? c["decoded"].get<std::string>() : text);
    }
    std::printf("[ regex parity ] custom pre_tokenizer: %zu/%zu texts with identical ids\n", identical, cases);
    EXPECT_EQ(identical, cases);
    EXPECT_GT(cases, 25u);
}

// The fixture covers every regex of the llama.cpp table, and each compiles.
TEST(TokenizerRegex, EveryGgufPreRegexIsCoveredAndCompiles) {
    const auto patterns = fixture().at("patterns").get<std::vector<std::string>>();
    size_t regexes = 0;
    for (const pb::tok::GgufPre& pre : pb::tok::ggufPres())
        for (std::string_view re : pre.regexes) {
            ++regexes;
            EXPECT_NO_THROW(Regex{re}) << pre.names.front() << ": " << re;
            EXPECT_NE(std::find(patterns.begin(), patterns.end(), std::string(re)), patterns.end())
                << pre.names.front() << "'s regex is not in regex_parity.json (re-run make_regex_parity.py): " << re;
        }
    EXPECT_GT(regexes, 50u);
}

// Invalid UTF-8 is matched as if each maximal invalid subpart were U+FFFD; the ranges
// are in the input's own bytes.
TEST(TokenizerRegex, InvalidUtf8OffsetsMapBack) {
    const Regex re(R"(\p{L}+|\x{FFFD}+|\s+|\S)");
    const std::string text = "ab\xFF\xFE" "cd \xE2\x82" "e\xC3" "\xF0\x9F\x98\x80" "\x80";
    const auto got = re.findAll(text);
    const std::vector<ByteRange> want = {{0, 2}, {2, 4}, {4, 6}, {6, 7}, {7, 9}, {9, 10}, {10, 11}, {11, 15}, {15, 16}};
    EXPECT_EQ(got, want) << show(text, got);
    // Split(Isolated) pieces put together give back the input bytes.
    const auto split = pb::tok::makeSplit(pb::tok::Matcher(re), pb::tok::SplitBehavior::Isolated, false);
    std::vector<pb::tok::Piece> pieces{{text, true}};
    split->apply(pieces);
    std::string joined;
    for (const auto& p : pieces) joined += p.text;
    EXPECT_EQ(joined, text);
    EXPECT_EQ(pieces.size(), want.size());
    // Nothing but invalid bytes; an empty text.
    EXPECT_EQ(Regex(R"(\S+)").findAll("\xFF\xFF\xC0"), (std::vector<ByteRange>{{0, 3}}));
    EXPECT_TRUE(Regex(R"(\S+)").findAll("").empty());
}

// Oniguruma's find_iter: an empty match right after a match is skipped (HF's Replace
// with x* on "axxb" gives "<>a<>b<>").
TEST(TokenizerRegex, EmptyMatchesAsOniguruma) {
    EXPECT_EQ(Regex("x*").findAll("axxb"), (std::vector<ByteRange>{{0, 0}, {1, 3}, {4, 4}}));
    EXPECT_EQ(pb::tok::replaceMatches("axxb", pb::tok::Matcher(Regex("x*")), "<>"), "<>a<>b<>");
    EXPECT_EQ(pb::tok::replaceMatches("a  b\tc", pb::tok::Matcher(Regex(R"(\s+)")), "_"), "a_b_c");
    EXPECT_EQ(pb::tok::replaceMatches("a\nb\n", pb::tok::Matcher(Regex("^")), "<>"), "<>a\n<>b\n");
}

TEST(TokenizerRegex, ErrorsNameTheOffset) {
    auto message = [](std::string_view re) {
        try {
            Regex r(re);
        } catch (const pb::Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message("ab(c"), "tokenizer regex is invalid: missing closing parenthesis at offset 4 of ab(c");
    // Offsets are in the Oniguruma source, also after a rewritten \s.
    EXPECT_EQ(message(R"(\s+\p{Nope})"),
              R"(tokenizer regex is invalid: unknown property after \P or \p at offset 11 of \s+\p{Nope})");
    EXPECT_NE(message(R"(a\X)").find("\\X (grapheme clusters) is not supported"), std::string::npos);
    EXPECT_NE(message("[\\W]").find("\\W inside [...] is not supported"), std::string::npos);
    EXPECT_NE(message("[[:graph:]]").find("[:graph:] is not supported"), std::string::npos);
    EXPECT_NE(message("a{2}*").find("an interval followed by '*'"), std::string::npos);
    EXPECT_NE(message("a{2}?").find("an interval followed by '?'"), std::string::npos);
    EXPECT_EQ(message("a{2,}?b{,3}?c{1,2}?"), "no error");  // lazy in both
    EXPECT_EQ(message(R"(\x{41}+\p{L}+)"), "no error");       // braces of escapes are no intervals
}
