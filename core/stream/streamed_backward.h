#pragma once
// Gradients of the calibration loss for a model streamed block by block (internal to
// core/stream; the criteria on top: streamed_gradient_scores.h). A forward pass streams the
// blocks from the file and keeps only each block's input hidden states per micro-batch
// (ActivationStore: on the device or in pinned host memory), then the final norm, lm_head and
// the loss give dL/dh after the last block; a backward pass then loads the blocks again from
// last to first (reading the one before ahead), recomputes each block's forward under autograd
// from its saved input, backpropagates the incoming gradient into the block's weights (whose
// .grad() the caller folds into scores at once) and passes dL/dh of its input on. Memory: the
// saved inputs, one block's weights and gradients and one micro-batch's activations of one
// block. The gradients are exactly those of core/prune/gradient_pass (same loss and weighting).
#include <cstdint>
#include <functional>

#include <torch/types.h>

#include "core/prune/calibration.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;
struct StreamCore;

// per_sample = false: micro-batches of `batch` samples; on_block(i) runs once per block after
// every micro-batch's gradient has been accumulated (the gradient of the mean loss over all
// samples). per_sample = true: one sample at a time; on_block(i) runs after each sample (that
// sample's gradient, of its own loss). While on_block(i) runs, the tensors of
// core.shell.layers[i] hold their .grad(). Throws pb::Error on a non-finite loss, pb::Cancelled
// when progress asks to stop; the core stays usable either way.
void streamedGradientPasses(StreamCore& core, const Calibration& calib, int64_t batch, bool per_sample,
                            const std::function<void(size_t layer)>& on_block, const ProgressFn& progress);

// The calibration loss (as calibrationLoss) of hidden states after the last block.
// h: [b, T, H], ids: [b, T] on h's device -> [] mean next-token cross-entropy (float32).
torch::Tensor streamedLoss(const LlamaModel& shell, const torch::Tensor& h, const torch::Tensor& ids);

} // namespace pb
