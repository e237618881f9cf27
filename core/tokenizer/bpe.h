#pragma once
// BPE model (tokenizers models/bpe): repeatedly merge the adjacent pair of lowest
// merge rank, ties leftmost. Serves HF tokenizer.json and GGUF "gpt2" vocabularies.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/tokenizer/vocab.h"

namespace pb::tok {

struct BpeOptions {
    std::optional<std::string> unk_token;  // for characters not in the vocabulary
    bool fuse_unk = false;                 // consecutive unknowns -> one unk
    bool byte_fallback = false;            // unknown character -> its <0xNN> byte tokens
    bool ignore_merges = false;            // a pre-token that is a token is emitted whole
};

// merges in rank order. Merges whose parts or result are not tokens are skipped.
std::unique_ptr<Model> makeBpe(Vocab vocab, const std::vector<std::pair<std::string, std::string>>& merges,
                               BpeOptions options);

} // namespace pb::tok
