// Code point classes (binary search over generated ranges) and UTF-8 handling.
#include "core/tokenizer/unicode.h"

#include <algorithm>

#include "core/tokenizer/unicode_tables.h"

namespace pb::unicode {
namespace {

using tables::CodepointRange;

bool inRanges(const CodepointRange* ranges, size_t count, char32_t cp) {
    const CodepointRange* end = ranges + count;
    // First range whose hi >= cp; cp is inside when lo <= cp.
    const CodepointRange* it = std::lower_bound(
        ranges, end, cp, [](const CodepointRange& r, char32_t c) { return r.hi < c; });
    return it != end && it->lo <= cp;
}

} // namespace

bool isLetter(char32_t cp) {
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return inRanges(tables::kLetter, tables::kLetterCount, cp);
}

bool isNumber(char32_t cp) {
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return inRanges(tables::kNumber, tables::kNumberCount, cp);
}

bool isWhitespace(char32_t cp) {
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    return inRanges(tables::kWhiteSpace, tables::kWhiteSpaceCount, cp);
}

bool isWordChar(char32_t cp) {
    if (cp < 0x80) return cp == '_' || isLetter(cp) || isNumber(cp);
    return inRanges(tables::kWord, tables::kWordCount, cp);
}

const char* tablesVersion() { return tables::kUnicodeVersion; }

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string toUtf8(char32_t cp) {
    std::string s;
    appendUtf8(s, cp);
    return s;
}

namespace {

// Length of the maximal prefix at s[i] that could start a valid sequence
// (Unicode §3.9 "maximal subpart"), and the full length the lead byte announces.
// Returns {valid_prefix, needed}; the sequence is valid when both are equal.
std::pair<size_t, size_t> scanSequence(std::string_view s, size_t i) {
    const auto b0 = static_cast<uint8_t>(s[i]);
    if (b0 < 0x80) return {1, 1};
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) need = 2;
    else if (b0 == 0xE0) { need = 3; lo = 0xA0; }
    else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) need = 3;
    else if (b0 == 0xED) { need = 3; hi = 0x9F; }   // no surrogates
    else if (b0 == 0xF0) { need = 4; lo = 0x90; }
    else if (b0 >= 0xF1 && b0 <= 0xF3) need = 4;
    else if (b0 == 0xF4) { need = 4; hi = 0x8F; }   // <= U+10FFFF
    else return {0, 1};
    size_t k = 1;
    for (; k < need && i + k < s.size(); ++k) {
        const auto b = static_cast<uint8_t>(s[i + k]);
        const uint8_t l = (k == 1) ? lo : 0x80, h = (k == 1) ? hi : 0xBF;
        if (b < l || b > h) break;
    }
    return {k, need};
}

char32_t decodeAt(std::string_view s, size_t i, size_t len) {
    const auto b0 = static_cast<uint8_t>(s[i]);
    if (len == 1) return b0;
    char32_t cp = b0 & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    return cp;
}

} // namespace

size_t validSequenceLength(std::string_view s, size_t i) {
    auto [got, need] = scanSequence(s, i);
    return got == need ? need : 0;
}

bool isValidUtf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const size_t n = validSequenceLength(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

CodePoints decodeUtf8(std::string_view text) {
    CodePoints r;
    r.cps.reserve(text.size());
    r.offsets.reserve(text.size() + 1);
    for (size_t i = 0; i < text.size();) {
        auto [got, need] = scanSequence(text, i);
        r.offsets.push_back(i);
        if (got == need) {
            r.cps.push_back(decodeAt(text, i, need));
            i += need;
        } else {
            r.cps.push_back(kReplacement);
            i += std::max<size_t>(got, 1);
        }
    }
    r.offsets.push_back(text.size());
    return r;
}

std::string toValidUtf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size();) {
        auto [got, need] = scanSequence(bytes, i);
        if (got == need) {
            out.append(bytes.substr(i, need));
            i += need;
        } else {
            appendUtf8(out, kReplacement);
            i += std::max<size_t>(got, 1);
        }
    }
    return out;
}

} // namespace pb::unicode
