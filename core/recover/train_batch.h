#pragma once
// One micro-batch of recovery training on the device, and its summed next-token loss
// (core/recover/train and its CUDA-graph step, core/recover/graphed_step).
#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "core/recover/data.h"

namespace pb {

class LlamaModel;

struct Batch {
    torch::Tensor ids, labels;  // [B, T] int64 on the device; pads: id 0, label -100
    int64_t tokens = 0;         // real (non-pad) tokens
    int64_t supervised = 0;     // predicted tokens in the loss
};

// Examples `which` of `data`, right-padded to their longest; throws pb::Error when an id is
// outside the model's vocabulary (checked here, on the host, so the forward needs no sync).
Batch makeBatch(const std::vector<TrainExample>& data, const std::vector<size_t>& which, torch::Device device,
                int64_t vocab);

// The predicted tokens of examples `which` in the loss (Batch::supervised without building it).
int64_t supervisedTokens(const std::vector<TrainExample>& data, const std::vector<size_t>& which);

// [] float32: the next-token cross-entropy summed over the supervised positions of b.
torch::Tensor lossSum(const LlamaModel& model, const Batch& b);

} // namespace pb
