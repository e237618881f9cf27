#pragma once
// The BPE merges of a SentencePiece vocabulary, as transformers' LlamaConverter makes them
// (convert_slow_tokenizer.py generate_merges with scores), for the Hugging Face export.
#include <string>
#include <utility>
#include <vector>

namespace pb::tok {

// For every token, each split into two tokens (at a code point boundary) is a merge; the
// merges of one token are ordered by the ids of their parts; all merges are then stably
// sorted by (score of the token, chars of left, chars of right), highest first. A repeated
// token string counts once (its first id), as a dict key does in transformers.
// Time: O(bytes of the vocabulary + bytes of the merges). A split is looked up only when
// some token has each part's byte length; parts of tokens longer than 32 bytes are found
// through substring hashes in O(1) and compared byte by byte only when both hash to a token
// (so "b", "ba", "baa", ... up to 4,000 bytes costs one pass, not a hash of every part).
std::vector<std::pair<std::string, std::string>> sentencePieceMerges(const std::vector<std::string>& tokens,
                                                                     const std::vector<float>& scores);

} // namespace pb::tok
