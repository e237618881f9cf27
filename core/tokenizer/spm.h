#pragma once
// SentencePiece-style BPE as llama.cpp runs GGUF "llama" vocabularies
// (llama-vocab.cpp llm_tokenizer_spm): merge the adjacent pair whose concatenation
// is a token with the highest score, ties leftmost; characters left over that are
// not tokens become <0xNN> byte tokens (else the unknown token).
#include <memory>
#include <vector>

#include "core/tokenizer/vocab.h"

namespace pb::tok {

std::unique_ptr<Model> makeSpm(Vocab vocab, std::vector<float> scores, int32_t unk_id);

} // namespace pb::tok
