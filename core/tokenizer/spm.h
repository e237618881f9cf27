#pragma once
// SentencePiece-style BPE as llama.cpp runs GGUF "llama" vocabularies
// (llama-vocab.cpp llm_tokenizer_spm): merge the adjacent pair whose concatenation
// is a token with the highest score, ties leftmost; characters left over that are
// not tokens become <0xNN> byte tokens (else the unknown token).
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/tokenizer/vocab.h"

namespace pb::tok {

// A GGUF tokenizer.ggml.scores entry as the float the model ranks by: values beyond the float
// range are clamped (a score of -1e300 still sorts last); NaN, which would break the ranking,
// throws pb::FormatError "<where>tokenizer.ggml.scores[i] is NaN".
float spmScore(double score, size_t index, const std::string& where);

std::unique_ptr<Model> makeSpm(Vocab vocab, std::vector<float> scores, int32_t unk_id);

} // namespace pb::tok
