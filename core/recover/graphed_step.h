#pragma once
// One micro-batch of LoRA training (forward, loss, backward into the adapters' gradient
// buffer) recorded as a CUDA graph for one batch shape and replayed for every micro-batch
// that fits it: on the GPU a step is then one launch instead of thousands, which is what
// limits small models and keeps a large one's GPU idle between kernels (docs/measurements/
// issue15_speed.md). Shorter batches are right-padded to the recorded length (pads are
// ignored by the loss and, attention being causal, by every real position), so a replay
// computes what the eager step computes.
#include <cstdint>
#include <memory>

#include <torch/types.h>

#include "core/model/llama_model.h"
#include "core/recover/train_batch.h"

namespace pb {

class CapturedWork;

class GraphedMicroStep {
public:
    // Records the step for batches of [rows, length] tokens (the first batch's values fill the
    // static inputs of the recording). The adapters must be attached and training. Throws
    // pb::Error when the capture fails; the caller then trains eagerly.
    GraphedMicroStep(const LlamaModel& model, const Batch& first);
    ~GraphedMicroStep();

    bool fits(const Batch& b) const;
    // Replays for b: gradients of loss_sum / `divisor` accumulate into the adapters' .grad;
    // returns the loss sum [] float32 (valid until the next run).
    torch::Tensor run(const Batch& b, double divisor);

private:
    void load(const Batch& b, double divisor);
    torch::Tensor ids_, labels_, inv_divisor_, loss_;  // [B, T], [B, T], [], []
    LlamaModel::RopeTables rope_;                      // what the recording reads
    std::unique_ptr<CapturedWork> work_;
};

} // namespace pb
