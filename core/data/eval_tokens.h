#pragma once
// The token ids perplexity reads from an evaluation text. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

namespace pb {

class Tokenizer;

// The ids of the text `spec` names (a file, demo:moby-dick, ...; core/data/assets.h), with
// BOS. Perplexity reads only its first `windows` windows of `seq_len` tokens: for
// windows > 0 only a prefix that surely holds them (16 bytes per token, far beyond any
// English tokenizer's ratio) is tokenized, which gives the same windows without
// tokenizing all of Moby-Dick. windows = 0: the whole text.
std::vector<int32_t> evalTokens(const Tokenizer& tokenizer, const std::string& spec, int64_t windows, int64_t seq_len);

} // namespace pb
