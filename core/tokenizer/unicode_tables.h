#pragma once
// Generated Unicode data (tools/tokenizer/gen_unicode_tables.py). Internal to the
// tokenizer: use the queries in unicode.h instead of these arrays.
#include <cstddef>
#include <cstdint>

namespace pb::unicode::tables {

struct CodepointRange { uint32_t lo, hi; };                 // inclusive
struct Decomposition { uint32_t cp; uint16_t offset; uint8_t length; };
struct CombiningClassRange { uint32_t lo, hi; uint8_t ccc; };
struct Composition { uint32_t first, second, composite; };

extern const char* const kUnicodeVersion;
extern const CodepointRange kLetter[];
extern const size_t kLetterCount;
extern const CodepointRange kNumber[];
extern const size_t kNumberCount;
extern const CodepointRange kWhiteSpace[];
extern const size_t kWhiteSpaceCount;
extern const CodepointRange kWord[];
extern const size_t kWordCount;

extern const uint32_t kDecompPool[];
extern const Decomposition kDecomp[];
extern const size_t kDecompCount;
extern const CombiningClassRange kCombiningClass[];
extern const size_t kCombiningClassCount;
extern const Composition kCompose[];
extern const size_t kComposeCount;

} // namespace pb::unicode::tables
