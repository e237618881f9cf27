#pragma once
// Decoders of tokenizer.json (tokenizers decoders/*.rs): turn the token strings of
// an id sequence back into text. Each step maps a list of strings to a list.
#include <memory>
#include <string>
#include <vector>

#include "core/tokenizer/pre_tokenizers.h"

namespace pb::tok {

class Decoder {
public:
    virtual ~Decoder() = default;
    virtual void decodeChain(std::vector<std::string>& tokens) const = 0;
    // The chain, concatenated.
    std::string decode(std::vector<std::string> tokens) const;
};

// Alphabet characters -> bytes, all tokens joined, invalid UTF-8 -> U+FFFD.
std::unique_ptr<Decoder> makeByteLevelDecoder();
// Replacement -> ' '; in the first token it is dropped unless the scheme is Never.
std::unique_ptr<Decoder> makeMetaspaceDecoder(std::string replacement, PrependScheme scheme);
// Replaces every match of the pattern (a literal or a regex) in each token by content.
std::unique_ptr<Decoder> makeReplaceDecoder(Matcher pattern, std::string content);
// Runs of <0xNN> tokens -> their bytes as UTF-8, or one U+FFFD per byte if invalid.
std::unique_ptr<Decoder> makeByteFallbackDecoder();
std::unique_ptr<Decoder> makeFuseDecoder();
// Strips up to `start` leading and `stop` trailing `content` characters of each token.
std::unique_ptr<Decoder> makeStripDecoder(std::string content, size_t start, size_t stop);
std::unique_ptr<Decoder> makeDecoderSequence(std::vector<std::unique_ptr<Decoder>> steps);

} // namespace pb::tok
