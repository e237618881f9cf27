#include "core/tokenizer/matcher.h"

namespace pb::tok {

std::vector<ByteRange> Matcher::find(std::string_view text) const {
    if (regex_) return regex_->findAll(text);
    std::vector<ByteRange> out;
    if (literal_.empty()) return out;
    for (size_t pos = text.find(literal_); pos != std::string_view::npos;
         pos = text.find(literal_, pos + literal_.size()))
        out.emplace_back(pos, pos + literal_.size());
    return out;
}

std::string Matcher::describe() const {
    return regex_ ? "regex /" + regex_->source() + "/" : "string \"" + literal_ + "\"";
}

} // namespace pb::tok
