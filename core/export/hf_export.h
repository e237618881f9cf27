#pragma once
// Export of a (pruned) model to a Hugging Face folder: config.json, model.safetensors,
// tokenizer.json + tokenizer_config.json + special_tokens_map.json, generation_config.json.
//
// transformers' Llama/Qwen2/Mistral configs hold one width for every layer. When the
// layers of a pruned model differ, config.json carries the largest widths in the scalar
// fields AND PruneBench's per-layer list "prunebench_layers" (formats.md §2.7): PruneBench
// loads such a folder exactly, transformers cannot (the tensor shapes do not match its
// config); transformersLoadable() says which case a config is. Depth pruning keeps every
// remaining layer whole, so depth-pruned models stay loadable.
//
// No torch in this header (the GUI includes it).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/arch/model_config.h"
#include "core/util/output_path.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;
class Tokenizer;

struct HfExportOptions {
    std::string dtype = "f32";           // storage dtype of model.safetensors: "f32", "bf16" or "f16"
    std::filesystem::path source;        // the model folder or GGUF file the model was loaded from (required:
                                         // the tokenizer is rebuilt from it, and it is never written to)
    // The run's other sources (replayed plan, texts): the output may not be, hold or lie in one
    // (core/util/output_path.h). The model `source` and the folder that holds it are always protected.
    std::vector<SourcePath> other_sources;
    // Free bytes in a folder; empty = std::filesystem::space(dir).available (tests use it to
    // exercise the space refusal, as GgufExportOptions::free_space).
    std::function<uint64_t(const std::filesystem::path& dir)> free_space;
};

struct HfExportResult {
    std::filesystem::path dir;           // the finished folder
    std::vector<std::string> files;      // file names written
    uint64_t bytes = 0;                  // total size of the files
    int64_t parameters = 0;
    bool transformers_loadable = false;  // transformersLoadable(config)
    std::vector<std::string> notes;      // what was adapted on the way (rope, biases, tokenizer)
    std::string summary;                 // a few lines for the user (where, what, and whether transformers loads it)
};

// Whether transformers can load the exported folder: every layer has the dims of layer 0,
// with both attention and MLP present.
bool transformersLoadable(const ModelConfig& config);
// "" when loadable, else why not (for messages).
std::string transformersLoadableReason(const ModelConfig& config);

// config.json for a model stored in `dtype` ("f32", "bf16", "f16"). Throws pb::Error for
// what the family's transformers config cannot express (e.g. biases Mistral has no field for).
nlohmann::ordered_json hfConfigJson(const ModelConfig& config, const std::string& dtype);

// Writes the folder. Refuses (pb::Error, nothing written) when out_dir is the folder that
// holds the source model or contains it, when out_dir is a non-empty folder that is not a
// previous PruneBench export (marker file prunebench_export.json, and nothing but export
// files), or when the disk has less free space than the estimated size + 10%. Everything
// is written into out_dir.tmp-<pid> beside out_dir and renamed into place at the end, so
// out_dir is either untouched or complete. The tokenizer files are loaded back and
// compared with `tokenizer` (token strings, BOS/EOS, ids and decoding of a probe text)
// before the weights are written. Throws pb::Error or pb::Cancelled (from progress).
HfExportResult exportHuggingFace(const LlamaModel& model, const Tokenizer& tokenizer,
                                 const std::filesystem::path& out_dir, const HfExportOptions& options = {},
                                 const ProgressFn& progress = {});

} // namespace pb
