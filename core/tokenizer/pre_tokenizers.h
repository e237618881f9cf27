#pragma once
// Pre-tokenizers of tokenizer.json (tokenizers pre_tokenizers/*.rs): they cut a
// normalized segment into pieces that the model encodes independently.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenizer/regex_splitters.h"

namespace pb::tok {

struct Piece {
    std::string text;
    bool at_start = false;  // begins at offset 0 of the original input (Metaspace "first")
};

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    virtual void apply(std::vector<Piece>& pieces) const = 0;
};

// What finds the split points: one of the hand-written regexes, or a literal string.
class Matcher {
public:
    explicit Matcher(SplitRegex re) : regex_(re), is_regex_(true) {}
    explicit Matcher(std::string literal) : literal_(std::move(literal)) {}
    std::vector<ByteRange> find(std::string_view text) const;
    std::string describe() const;

private:
    SplitRegex regex_ = SplitRegex::Gpt2;
    std::string literal_;
    bool is_regex_ = false;
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
