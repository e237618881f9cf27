#pragma once
// Tokenizers of LLaMA-family models: Hugging Face tokenizer.json (byte-level BPE with
// GPT-2 / Llama-3 / SmolLM / Qwen2 pre-tokenization; SentencePiece-style BPE with the
// word marker U+2581 and byte fallback) and the tokenizer embedded in GGUF
// (tokenizer.ggml.model "gpt2" or "llama"). Added/special tokens are matched first.
//
// Behaviour follows Hugging Face `tokenizers` for tokenizer.json and llama.cpp for GGUF
// (tests compare ids with both; see tests/fixtures/tokenizer). encode/decode are const
// and thread-safe. Input that is not valid UTF-8 is read with U+FFFD in place of each
// invalid sequence; decode replaces invalid byte sequences the same way and drops ids
// the vocabulary does not have. Unsupported tokenizer.json parts (a model other than
// BPE, an unknown normalizer/pre-tokenizer/decoder, a Split regex other than the GPT-2,
// Llama-3, Qwen2 or \p{N} ones) are rejected with a pb::Error naming them.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pb {

namespace gguf { class File; }

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // Loads tokenizer.json (and tokenizer_config.json for add_bos_token/add_eos_token
    // when present) from a Hugging Face model folder. Throws pb::Error.
    // An explicit add_bos_token / add_eos_token in tokenizer_config.json overrides the
    // post-processor template (as transformers' LlamaTokenizerFast does); bos_token /
    // eos_token there name the BOS/EOS ids, else the template's first/last special token.
    static std::unique_ptr<Tokenizer> fromHuggingFace(const std::filesystem::path& dir);
    // Loads the tokenizer embedded in a GGUF file's metadata. Throws pb::Error.
    // tokenizer.ggml.pre picks the splitter for "gpt2" vocabularies: smollm, llama-bpe /
    // llama3 (and aliases), qwen2, default / gpt2. Control (3), user-defined (4) and
    // unknown (2) tokens are matched in the text as added tokens.
    static std::unique_ptr<Tokenizer> fromGguf(const gguf::File& file);

    // add_special: BOS/EOS as the model's rules say (HF post-processor template or
    // GGUF add_bos_token / add_eos_token).
    virtual std::vector<int32_t> encode(std::string_view text, bool add_special = true) const = 0;
    virtual std::string decode(const std::vector<int32_t>& ids, bool skip_special = false) const = 0;
    virtual std::string tokenText(int32_t id) const = 0;   // the raw vocabulary string
    virtual int32_t vocabSize() const = 0;
    virtual int32_t bosId() const = 0;   // -1 when none
    virtual int32_t eosId() const = 0;   // -1 when none
    virtual bool addsBos() const = 0;    // whether encode(..., true) prepends BOS
    virtual std::string kind() const = 0;  // e.g. "byte-level BPE (smollm)", "SentencePiece BPE"
};

// Hugging Face tokenizer files (core/tokenizer/hf_writer.cpp), for model export.
struct HfTokenizerFiles {
    std::string tokenizer_json;           // tokenizer.json
    std::string tokenizer_config_json;    // tokenizer_config.json
    std::string special_tokens_map_json;  // special_tokens_map.json
    std::string chat_template_jinja;      // chat_template.jinja when the source folder has one, else ""
    std::vector<std::string> notes;       // what could not be carried over exactly
};

// `tokenizer` as Hugging Face files. A Tokenizer's pipeline is opaque, so the files are
// built from `source`, the model folder or GGUF file it was loaded from, and the
// special tokens are taken from `tokenizer` itself:
//  - model folder: tokenizer.json as it is (its post_processor is replaced only when the
//    BOS/EOS that `tokenizer` adds differ from it); tokenizer_config.json and
//    special_tokens_map.json from the folder when present, with add_bos_token,
//    add_eos_token, bos_token, eos_token and model_max_length set;
//  - GGUF "gpt2": byte-level BPE with the file's vocabulary and merges (pairs form) and
//    the pre-tokenizer of tokenizer.ggml.pre (smollm, llama3/llama-bpe, qwen2, gpt2/default);
//  - GGUF "llama" (SentencePiece): BPE with byte_fallback whose merges are generated from
//    the scores as transformers' LlamaConverter does (every split of a token into two
//    tokens, ranked by the token's score), with the Prepend/Replace normalizer.
// model_max_length <= 0 leaves it out. Throws pb::Error for what cannot be expressed.
// Callers should load the files back and compare with `tokenizer` (exportHuggingFace does).
HfTokenizerFiles toHuggingFaceTokenizer(const Tokenizer& tokenizer, const std::filesystem::path& source,
                                        int64_t model_max_length = 0);

} // namespace pb
