#pragma once
// Normalizers of tokenizer.json (tokenizers normalizers/*.rs). Applied to each
// text segment between added tokens, before pre-tokenization.
#include <memory>
#include <string>
#include <vector>

namespace pb::tok {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual std::string normalize(std::string text) const = 0;
};

std::unique_ptr<Normalizer> makeNfc();
// Prepends `prefix` to non-empty text.
std::unique_ptr<Normalizer> makePrepend(std::string prefix);
// Replaces every occurrence of a literal pattern.
std::unique_ptr<Normalizer> makeReplace(std::string pattern, std::string content);
std::unique_ptr<Normalizer> makeNormalizerSequence(std::vector<std::unique_ptr<Normalizer>> steps);

// Replaces every occurrence of `from` in text by `to` (helper shared with decoders).
std::string replaceAll(std::string_view text, std::string_view from, std::string_view to);

} // namespace pb::tok
