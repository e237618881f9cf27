#pragma once
// tokenizer.json sections -> pipeline components. Unknown types, and regexes PCRE2
// rejects, throw pb::Error naming the section.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/tokenizer/decoders.h"
#include "core/tokenizer/normalizers.h"
#include "core/tokenizer/pre_tokenizers.h"

namespace pb::tok {

std::unique_ptr<Normalizer> parseNormalizer(const nlohmann::json& j);      // null json -> nullptr
std::unique_ptr<PreTokenizer> parsePreTokenizer(const nlohmann::json& j);  // null json -> nullptr
std::unique_ptr<Decoder> parseDecoder(const nlohmann::json& j);            // null json -> nullptr

// The special tokens a post-processor puts around a single sequence, by token string
// (resolved to ids by the caller) or directly by id.
struct SpecialFrame {
    std::vector<int32_t> prefix, suffix;
};
SpecialFrame parsePostProcessor(const nlohmann::json& j, const std::function<int32_t(const std::string&)>& id_of);

// A short description for Tokenizer::kind(), e.g. "ByteLevel(regex gpt2)".
std::string describePreTokenizer(const nlohmann::json& j);

} // namespace pb::tok
