#include "core/dist/stage_model.h"

#include <chrono>

#include <torch/torch.h>

#include "core/model/devices.h"
#include "core/model/llama_model.h"
#include "core/model/model_files.h"
#include "core/stream/layer_loader.h"
#include "core/util/error.h"

namespace pb {

ModelConfig readModelConfig(const std::filesystem::path& path) { return openModelFiles(path).config; }

StageModel loadStage(const std::filesystem::path& path, const std::string& device_name, const std::string& dtype_name,
                     const dist::StagePlan& plan, int stage) {
    const auto t0 = std::chrono::steady_clock::now();
    torch::NoGradGuard ng;
    const torch::Device device = parseDevice(device_name);
    const torch::ScalarType dtype = parseDtype(dtype_name, device);
    LayerLoader loader(path, device, dtype);  // shapes checked, no weights read yet
    StageModel s;
    s.full = loader.config();
    s.tokenizer = loader.tokenizer();
    s.source = loader.source();
    if (stage < 0 || stage >= plan.size()) throw Error("internal: stage " + std::to_string(stage) + " outside the plan");
    s.blocks = plan.stages[size_t(stage)];
    if (s.blocks.end > s.full.numLayers() || s.blocks.count() < 1)
        throw Error("the stage plan " + plan.describe() + " does not fit the model's " +
                    std::to_string(s.full.numLayers()) + " blocks");
    s.first = stage == 0;
    s.last = stage == plan.size() - 1;
    auto m = std::make_shared<LlamaModel>();
    m->config = s.full;
    m->config.layers.assign(s.full.layers.begin() + s.blocks.begin, s.full.layers.begin() + s.blocks.end);
    const bool tie = s.full.tie_embeddings && s.first && s.last;  // one copy when a stage holds both ends
    m->config.tie_embeddings = tie;
    m->embed = s.first ? loader.tensor(TensorRole::Embed)
                       : torch::empty({0, s.full.hidden}, torch::TensorOptions().dtype(dtype).device(device));  // [0, H]
    for (int64_t i = s.blocks.begin; i < s.blocks.end; ++i) m->layers.push_back(loader.layer(size_t(i)));
    if (s.last) {
        m->final_norm = loader.tensor(TensorRole::FinalNorm);
        m->lm_head = tie ? m->embed : loader.tensor(s.full.tie_embeddings ? TensorRole::Embed : TensorRole::LmHead);
    }
    s.model = m;
    s.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
}

} // namespace pb
