#pragma once
// Tokenizers of LLaMA-family models: Hugging Face tokenizer.json (byte-level BPE with
// GPT-2 / Llama-3 / SmolLM / Qwen2 pre-tokenization; SentencePiece-style BPE with the
// word marker U+2581 and byte fallback) and the tokenizer embedded in GGUF
// (tokenizer.ggml.model "gpt2" or "llama"). Added/special tokens are matched first.
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
    static std::unique_ptr<Tokenizer> fromHuggingFace(const std::filesystem::path& dir);
    // Loads the tokenizer embedded in a GGUF file's metadata. Throws pb::Error.
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

} // namespace pb
