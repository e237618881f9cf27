#pragma once
// Pre-tokenizers of tokenizer.json (tokenizers pre_tokenizers/*.rs): they cut a
// normalized segment into pieces that the model encodes independently.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenizer/matcher.h"

namespace pb::tok {

// GPT-2's split regex, which ByteLevel(use_regex) runs (tokenizers byte_level.rs).
inline constexpr std::string_view kGpt2Regex =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

struct Piece {
    std::string text;
    bool at_start = false;  // begins at offset 0 of the original input (Metaspace "first")
};

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    virtual void apply(std::vector<Piece>& pieces) const = 0;
};

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

std::unique_ptr<PreTokenizer> makeSplit(Matcher matcher, SplitBehavior behavior, bool invert);
// individual: every digit alone; else runs of digits (Rust char::is_numeric).
std::unique_ptr<PreTokenizer> makeDigits(bool individual);
// Optional prefix space, optional GPT-2 regex split, then bytes -> alphabet characters.
std::unique_ptr<PreTokenizer> makeByteLevel(bool add_prefix_space, bool use_regex);

enum class PrependScheme { Always, First, Never };
// ' ' -> replacement, prefix per scheme, optionally split before each replacement.
std::unique_ptr<PreTokenizer> makeMetaspace(std::string replacement, PrependScheme scheme, bool split);
std::unique_ptr<PreTokenizer> makeSequence(std::vector<std::unique_ptr<PreTokenizer>> steps);

// Splits text at the matches, per the behaviour (tokenizers normalizer.rs `split`):
// returns the pieces' byte ranges; empty pieces are dropped.
std::vector<ByteRange> splitRanges(std::string_view text, const std::vector<ByteRange>& matches,
                                   SplitBehavior behavior, bool invert);

} // namespace pb::tok
