#pragma once
// Code point classes, UTF-8 conversion and NFC for the tokenizer. Classes follow the
// regex engines the reference tokenizers use (Oniguruma / Rust regex): \p{L}, \p{N}
// and \s = the White_Space property. Data comes from the generated tables.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pb::unicode {

constexpr char32_t kReplacement = 0xFFFD;

bool isLetter(char32_t cp);      // general category L*
bool isNumber(char32_t cp);      // general category N*
bool isWhitespace(char32_t cp);  // White_Space property
bool isWordChar(char32_t cp);    // regex \w: letters, marks, Nd, Nl, connector punctuation
const char* tablesVersion();     // Unicode version of the generated tables

// Appends the UTF-8 encoding of cp.
void appendUtf8(std::string& out, char32_t cp);
std::string toUtf8(char32_t cp);

// Text split into code points, with the byte offset where each starts
// (offsets has one extra entry: the total length). Invalid UTF-8 is decoded as
// U+FFFD per maximal invalid subpart, so offsets still cover every input byte.
struct CodePoints {
    std::vector<char32_t> cps;
    std::vector<size_t> offsets;
};
CodePoints decodeUtf8(std::string_view text);

// Length in bytes of the valid UTF-8 sequence at s[i], or 0 when invalid there.
size_t validSequenceLength(std::string_view s, size_t i);
bool isValidUtf8(std::string_view s);
// Like Rust's String::from_utf8_lossy: each maximal invalid subpart becomes U+FFFD.
std::string toValidUtf8(std::string_view bytes);

// Unicode Normalization Form C (canonical decomposition, then composition).
std::string nfc(std::string_view text);

} // namespace pb::unicode
