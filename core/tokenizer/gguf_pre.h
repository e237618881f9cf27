#pragma once
// GGUF tokenizer.ggml.pre: the names llama.cpp (llama-vocab.cpp) gives byte-level BPE
// pre-tokenizers, each with the regexes it splits by. The regexes run one after the
// other, each splitting the pieces of the one before (tokenizers' Sequence of
// Split(Isolated)), then the pieces are byte-level encoded. Where llama.cpp rewrites a
// tokenizer.json regex for std::regex, the table keeps the tokenizer.json original,
// which PCRE2 runs as HF tokenizers does.
#include <string>
#include <string_view>
#include <vector>

namespace pb::tok {

struct GgufPre {
    std::vector<std::string_view> names;    // the first is the one written on export
    std::vector<std::string_view> regexes;  // Oniguruma syntax, as in tokenizer.json
    bool ignore_merges = false;             // llama.cpp: a piece in the vocabulary is one token
    bool add_bos = false;                   // llama.cpp's default without tokenizer.ggml.add_bos_token
};

// Every entry, in llama.cpp's order of pre-tokenizer types.
const std::vector<GgufPre>& ggufPres();
// The entry with this name, or nullptr.
const GgufPre* findGgufPre(std::string_view name);
// The first entry that splits by exactly these regexes, or nullptr.
const GgufPre* ggufPreForRegexes(const std::vector<std::string>& regexes);
// Names llama.cpp knows whose pre-tokenizer is its own code, not regexes (kimi-k2, afmoe,
// gemma4, ...): why it is not supported here, or empty for any other name.
std::string ggufPreUnsupported(std::string_view name);
// All names, comma-separated (for messages).
std::string ggufPreNameList();

} // namespace pb::tok
