#pragma once
// Export of a (pruned) model to one GGUF file that llama.cpp loads (formats.md §4).
//
// Which architecture the file declares:
//  - every layer alike (dense, depth-pruned, uniformly width-pruned): the family's own
//    GGUF arch ("llama" for Llama/Mistral, "qwen2"), with scalar hparams;
//  - layers differ: llama.cpp's "llama" graph takes head counts and FFN width from
//    layer 0 for every layer (llama-model.h LLAMA_LOAD_LOCALS), so such a file fails to
//    load there with a tensor shape error. "auto" therefore writes arch "deci"
//    (Nemotron-NAS: the same tensors, per-layer arrays for head_count, head_count_kv and
//    feed_forward_length, 0 = absent attention), which llama.cpp runs with each layer's
//    own widths. PruneBench reads "deci" files as llama.
// Q/K rows are permuted to llama.cpp's interleaved RoPE order for llama/mistral/deci
// (the inverse of core/model/weights_gguf.cpp); Qwen2 keeps the HF order (NEOX rope).
// Norms, biases and other 1-D tensors stay F32; 2-D weights take the export dtype, and
// Q8_0 falls back to F16 for rows whose length is not a multiple of 32.
//
// No torch in this header.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/util/output_path.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;
class Tokenizer;

struct GgufExportOptions {
    std::string dtype = "f32";        // 2-D weights: "f32", "f16", "bf16" or "q8_0"
    std::filesystem::path source;     // the model folder or GGUF file the model came from (required:
                                      // tokenizer metadata comes from it; it is never written to)
    std::string arch = "auto";        // "auto", or force the family arch ("llama"/"qwen2") or "deci"
    std::string name;                 // general.name; default: the source's name + " (PruneBench)"
    // The run's other sources (replayed plan, texts): the output may not be, hold or lie in one
    // (core/util/output_path.h). The model `source` is always protected.
    std::vector<SourcePath> other_sources;
    // Free bytes in a folder; empty = std::filesystem::space(dir).available. Lets tests
    // (and callers that reserve room for something else) exercise the space refusal.
    std::function<uint64_t(const std::filesystem::path& dir)> free_space;
};

struct GgufExportResult {
    std::filesystem::path file;             // the finished file
    uint64_t bytes = 0;
    int64_t parameters = 0;
    std::string architecture;               // general.architecture written
    bool per_layer_arrays = false;          // head counts / FFN widths written per layer
    std::map<std::string, int> tensor_types;  // ggml type name -> tensor count
    std::vector<std::string> notes;         // what was adapted (fallback types, rope, tokenizer)
    std::string summary;                    // a few lines for the user
};

// The arch exportGguf writes for `config` with option `arch` ("auto", "llama", "qwen2",
// "deci"). Throws pb::Error when the model cannot be expressed in it (e.g. a layer
// without attention or MLP in arch llama, or "deci" for Qwen2's biases). A layer with attention
// and no MLP is written as deci with a zero one-channel MLP (core/export/gguf_mlp_pad.h).
std::string ggufExportArch(const ModelConfig& config, const std::string& arch = "auto");

// Writes out_file (normally *.gguf). Refuses (pb::Error, nothing written) when out_file
// breaks the output rule (core/util/output_path.h: a source, inside one), is a folder,
// or exists and is not a GGUF file; or when the disk has less free space than the file's
// exact size + 10%. The file is written as out_file.tmp-<pid>, read back with PruneBench's
// strict reader (hparams and tokenizer compared with the model's), then renamed over
// out_file. Throws pb::Error or pb::Cancelled (from progress).
GgufExportResult exportGguf(const LlamaModel& model, const Tokenizer& tokenizer,
                            const std::filesystem::path& out_file, const GgufExportOptions& options = {},
                            const ProgressFn& progress = {});

} // namespace pb
