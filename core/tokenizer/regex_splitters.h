#pragma once
// Hand-written matchers for the few pre-tokenizer regexes that LLaMA-family
// tokenizers use (std::regex has no \p{L}/\p{N}), in the spirit of llama.cpp's
// unicode.cpp. Each one reproduces the leftmost-first backtracking semantics of
// the Oniguruma regex it stands for, over code points.
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace pb::tok {

enum class SplitRegex {
    Gpt2,          // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    Llama3,        // (?i:'s|...)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|...
    Qwen2,         // as Llama3 with \p{N} (one digit) instead of \p{N}{1,3}
    Number,        // \p{N}   (each digit alone)
    NumberRun,     // \p{N}+
};

using ByteRange = std::pair<size_t, size_t>;  // [begin, end) in bytes

// Non-overlapping matches, left to right, as a regex find_iter would give them.
std::vector<ByteRange> findMatches(SplitRegex re, std::string_view text);

// Recognises the regex source of a tokenizer.json Split pattern; nullopt if unknown.
std::optional<SplitRegex> recognizeRegex(std::string_view pattern);
const char* regexName(SplitRegex re);

} // namespace pb::tok
