#pragma once
// What every streamed pass shares (internal to core/stream): the loader, the model shell
// that holds one block's weights at a time, the options and the cost so far. pass() runs a
// body with each block loaded in turn (first to last, or last to first for the backward
// pass), reading the next block ahead while the body computes.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/model/llama_model.h"
#include "core/plan/plan.h"
#include "core/stream/layer_loader.h"
#include "core/stream/streamed_model.h"
#include "core/util/progress.h"

namespace pb {

struct StreamCore {
    StreamOptions options;
    torch::Device device;
    LayerLoader loader;
    LlamaModel shell;  // config, embedding, final norm, lm_head; layers[i] holds weights only while block i runs
    StreamStats stats;

    StreamCore(const std::filesystem::path& path, const StreamOptions& options);

    // Token batches [b, T] -> their embeddings [b, T, H].
    std::vector<torch::Tensor> embedded(const std::vector<torch::Tensor>& ids) const;

    // One pass over the file: every block the plan keeps, in order (reversed when
    // `last_to_first`). body(i) runs while block i is loaded (cut by the plan,
    // shell.config.layers[i] then holding the cut dims); the block is freed afterwards, and
    // the shell is whole again also when body throws (cancelled or failed).
    void pass(const PruningPlan* plan, const ProgressFn& progress, const std::string& what,
              const std::function<void(size_t)>& body, bool last_to_first = false);
};

// Calibration samples ids [N, T] in batches of `batch` on the device: [b, T] each.
std::vector<torch::Tensor> streamBatches(const torch::Tensor& ids, int64_t batch, torch::Device device);

} // namespace pb
