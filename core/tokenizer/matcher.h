#pragma once
// What a Split pre-tokenizer or a Replace step looks for (tokenizers' Pattern): a
// regex (tokenizer.json {"Regex": ...}) or a literal string ({"String": ...}).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenizer/regex.h"

namespace pb::tok {

class Matcher {
public:
    explicit Matcher(Regex re) : regex_(std::move(re)) {}
    explicit Matcher(std::string literal) : literal_(std::move(literal)) {}

    // Non-overlapping matches, left to right (an empty literal matches nowhere).
    std::vector<ByteRange> find(std::string_view text) const;
    // The literal, or nullptr for a regex.
    const std::string* literal() const { return regex_ ? nullptr : &literal_; }
    // "regex /.../" or "string \"...\"".
    std::string describe() const;

private:
    std::optional<Regex> regex_;
    std::string literal_;
};

} // namespace pb::tok
