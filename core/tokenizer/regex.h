#pragma once
// A compiled tokenizer regex (PCRE2, UTF + UCP, JIT where the library has it) that finds
// matches as HF tokenizers does: tokenizer.json patterns are Oniguruma patterns, run by
// the `onig` crate's find_iter (non-overlapping leftmost matches; an empty match right
// where the previous match ended is skipped, and the search goes on one code point later).
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pb::tok {

using ByteRange = std::pair<size_t, size_t>;  // [begin, end) in bytes

class Regex {
public:
    // Compiles an Oniguruma pattern (onig_syntax.h rewrites it for PCRE2). Throws
    // pb::Error with PCRE2's message and the offset in `pattern` when it is invalid.
    explicit Regex(std::string_view pattern);

    // All matches in text, left to right. Text that is not valid UTF-8 is matched as
    // if each maximal invalid subpart were U+FFFD; the ranges are in text's own bytes.
    std::vector<ByteRange> findAll(std::string_view text) const;

    const std::string& source() const { return source_; }

private:
    std::vector<ByteRange> findAllValid(std::string_view text) const;

    struct Code;
    std::shared_ptr<const Code> code_;  // shared: compiled once, copies are cheap
    std::string source_;
};

} // namespace pb::tok
