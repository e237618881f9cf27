#pragma once
// Opens a model (Hugging Face folder or GGUF file) with its tokenizer, ready to run.
// No torch in this header: the GUI holds a LoadedModel without compiling libtorch.
#include <filesystem>
#include <memory>
#include <string>

#include "core/arch/model_config.h"
#include "core/util/progress.h"

namespace pb {

class Tokenizer;
class LlamaModel;

struct LoadOptions {
    std::string device = "cpu";  // "cpu" or "cuda"
    std::string dtype = "f32";   // "f32" or "bf16" (f16 on CUDA)
};

struct LoadedModel {
    std::filesystem::path source;
    std::string format;  // "gguf" or "hf"
    ModelConfig config;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::shared_ptr<LlamaModel> model;
    double load_seconds = 0.0;
};

// Throws pb::Error (naming file, tensor and problem) or pb::Cancelled.
LoadedModel loadModel(const std::filesystem::path& path, const LoadOptions& options = {},
                      const ProgressFn& progress = {});

// Only the tokenizer of a model folder or GGUF file (no weights are read).
std::shared_ptr<const Tokenizer> loadTokenizer(const std::filesystem::path& path);

} // namespace pb
