#pragma once
// The one Tokenizer implementation: the tokenizers pipeline
//   added tokens -> normalizer -> pre-tokenizer -> model -> special tokens
// and back through a decoder. The loaders (hf_loader.cpp, gguf_loader.cpp) only
// assemble a Pipeline.
#include <memory>
#include <string>
#include <vector>

#include "core/tokenizer/added_tokens.h"
#include "core/tokenizer/decoders.h"
#include "core/tokenizer/normalizers.h"
#include "core/tokenizer/pre_tokenizers.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/vocab.h"

namespace pb::tok {

struct Pipeline {
    std::vector<AddedToken> added;
    std::unique_ptr<Normalizer> normalizer;       // null: none
    std::unique_ptr<PreTokenizer> pre_tokenizer;  // null: the whole segment is one piece
    std::unique_ptr<Model> model;                 // required
    std::unique_ptr<Decoder> decoder;             // null: tokens joined by ' ' (as tokenizers)
    std::vector<int32_t> prefix, suffix;          // ids encode(..., add_special=true) adds
    int32_t bos = -1, eos = -1;
    std::string kind;
};

std::unique_ptr<Tokenizer> makeTokenizer(Pipeline pipeline);

} // namespace pb::tok
