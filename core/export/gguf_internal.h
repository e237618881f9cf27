#pragma once
// Pieces of the GGUF export (core/export/gguf_*.cpp), not part of the public interface.
// No torch here.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/export/gguf_export.h"
#include "core/util/output_path.h"

namespace pb {

namespace gguf { class Writer; }

// gguf_target.cpp: the refusals that protect the source and unrelated files (see
// exportGguf); returns the absolute, normalized target path.
// The source rule is core/util/output_path.h (the model plus `others`: plan, texts);
// this adds what is particular to a GGUF file (not a folder, never over a non-GGUF file).
std::filesystem::path checkGgufTarget(const std::filesystem::path& out_file, const std::filesystem::path& source,
                                      const std::vector<SourcePath>& others = {});
// Throws pb::Error when the target's folder has less than bytes + 10% free.
void checkGgufSpace(const std::filesystem::path& out_file, uint64_t bytes, const GgufExportOptions& options);

// gguf_hparams.cpp: general.* and {arch}.* keys for `config` (per-layer arrays where
// the layers differ). file_type is llama.cpp's LLAMA_FTYPE of the export dtype.
void addGgufHparams(gguf::Writer& w, const ModelConfig& config, const std::string& arch, const std::string& dtype,
                    const std::string& name, std::vector<std::string>& notes);

// gguf_hparams.cpp: the factor by which the export multiplies attn_q_norm (or, without one,
// attn_q) so that llama.cpp's fixed query scale gives the model's scores: gemma3's
// query_pre_attn_scalar has no GGUF key, llama.cpp scales by 1/sqrt(key_length) (the 27B model,
// 62 layers: 1/sqrt(hidden / heads)). 1 for other families and where the scales agree.
double ggufQueryFold(const ModelConfig& config);

// gguf_tokenizer.cpp: tokenizer.* keys. A GGUF source's are copied; a Hugging Face
// folder's tokenizer.json becomes a "gpt2" (byte-level BPE) or "llama" (SentencePiece-
// style BPE with byte fallback) vocabulary, with BOS/EOS and add_bos/add_eos from
// `tokenizer`. Throws pb::Error for what GGUF cannot express.
void addGgufTokenizer(gguf::Writer& w, const Tokenizer& tokenizer, const std::filesystem::path& source,
                      std::vector<std::string>& notes);

} // namespace pb
