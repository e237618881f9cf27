#pragma once
// A model's files opened and checked, no weight read yet: its config, tokenizer, the mapped
// GGUF file or safetensors checkpoint, and every tensor's shape and type checked against the
// config (core/model/tensor_check). The one opening of a model for every path: the loader
// (core/model/loader) and the streamed model (core/stream). Torch-free.
#include <filesystem>
#include <memory>
#include <string>

#include "core/arch/model_config.h"

namespace pb {

class Tokenizer;
namespace gguf { class File; }
namespace st { class Checkpoint; }

struct ModelFiles {
    std::filesystem::path source;  // absolute: the folder or the GGUF file
    std::string format;            // "gguf" or "hf"
    ModelConfig config;            // bos/eos filled from the tokenizer when the config has none
    std::shared_ptr<const Tokenizer> tokenizer;
    std::unique_ptr<gguf::File> gguf;              // GGUF files
    std::unique_ptr<st::Checkpoint> checkpoint;    // Hugging Face folders

    ModelFiles();
    ~ModelFiles();
    ModelFiles(ModelFiles&&) noexcept;
    ModelFiles& operator=(ModelFiles&&) noexcept;
    // The file a message about the weights names: the GGUF file, the single safetensors file
    // or the folder of a sharded checkpoint.
    std::string weightsFile() const;
};

// A GGUF file's config (core/arch/config_gguf) with the biases of any block announced, as
// openModelFiles reads it: for readers that open the file themselves (the streamed GGUF writer),
// so that their dependency graph has the loader's bias tensors. Throws pb::Error.
ModelConfig ggufModelConfig(const gguf::File& file);

// The tensor check of a GGUF file against its config (core/model/tensor_check), for readers
// that open the file themselves (the streamed GGUF writer). Throws pb::Error.
void checkGgufTensors(const gguf::File& file, const ModelConfig& config);

// The file starts with GGUF's magic.
bool isGgufFile(const std::filesystem::path& path);

// A Hugging Face folder (or its config.json) or a GGUF file. Throws pb::Error naming the
// file and the problem (tensor, shapes, field) before any weight is read.
ModelFiles openModelFiles(const std::filesystem::path& path);

} // namespace pb
