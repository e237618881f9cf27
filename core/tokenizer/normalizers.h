#pragma once
// Normalizers of tokenizer.json (tokenizers normalizers/*.rs). Applied to each
// text segment between added tokens, before pre-tokenization.
#include <memory>
#include <string>
#include <vector>

#include "core/tokenizer/matcher.h"

namespace pb::tok {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual std::string normalize(std::string text) const = 0;
};

std::unique_ptr<Normalizer> makeNfc();
// Prepends `prefix` to non-empty text.
std::unique_ptr<Normalizer> makePrepend(std::string prefix);
// Replaces every match of the pattern (a literal or a regex) by content.
std::unique_ptr<Normalizer> makeReplace(Matcher pattern, std::string content);
std::unique_ptr<Normalizer> makeNormalizerSequence(std::vector<std::unique_ptr<Normalizer>> steps);

// Replaces every occurrence of `from` in text by `to` (helper shared with decoders).
std::string replaceAll(std::string_view text, std::string_view from, std::string_view to);
// Replaces every match of `pattern` in text by `to`, an empty match included (tokenizers'
// NormalizedString::replace). Both throw when the result would outgrow limits.h.
std::string replaceMatches(std::string_view text, const Matcher& pattern, std::string_view to);

} // namespace pb::tok
