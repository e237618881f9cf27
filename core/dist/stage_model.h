#pragma once
// One pipeline stage's share of a model (core/dist/pipeline): only its blocks' weights are read
// from the file (core/stream/layer_loader: tensors by name, a GGUF's blocks dequantized on the
// device), so a model larger than one GPU is held by several. The stage's LlamaModel has the
// stage's blocks as layers 0..n-1 (config.layers sliced, each block's dims and sliding flag
// kept); the embedding on the first stage, the final norm and lm_head on the last (a tied
// lm_head is the embedding read again there). Other stages' embed is an empty [0, H] tensor
// that carries the device and dtype.
#include <filesystem>
#include <memory>
#include <string>

#include "core/arch/model_config.h"
#include "core/dist/stage_plan.h"

namespace pb {

class LlamaModel;
class Tokenizer;

struct StageModel {
    ModelConfig full;                     // the whole model's config
    dist::StageRange blocks;              // the global blocks this stage holds
    bool first = false, last = false;
    std::shared_ptr<LlamaModel> model;    // the stage's blocks as layers 0..blocks.count()-1
    std::shared_ptr<const Tokenizer> tokenizer;
    std::filesystem::path source;
    double load_seconds = 0;
};

// The model's config alone (no weights), for the stage plan before loading.
ModelConfig readModelConfig(const std::filesystem::path& path);

// Throws pb::Error (file, tensor and problem) as the loader does.
StageModel loadStage(const std::filesystem::path& path, const std::string& device, const std::string& dtype,
                     const dist::StagePlan& plan, int stage);

} // namespace pb
