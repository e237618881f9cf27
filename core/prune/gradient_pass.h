#pragma once
// Forward/backward passes over calibration data with gradients on every weight.
// Memory: weights + gradients + one micro-batch of activations.
#include <functional>

#include "core/dist/world.h"
#include "core/prune/calibration.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;

// per_sample = false: one pass accumulating the gradient of the mean loss over all
// samples, then `on_grads` once. per_sample = true: each sample alone, `on_grads` after
// each (weights' .grad() then holds that sample's gradient). Gradients are cleared and
// requires_grad reset afterwards, also on error or cancel. Throws on a non-finite loss.
// Across ranks (`world` of more than one) each rank runs its shard of the samples
// (dist::shardOf); with per_sample = false the gradients are summed across the ranks before
// `on_grads`, so they are those of the mean loss over all samples, as in one process; with
// per_sample = true `on_grads` sees this rank's samples only and the caller sums what it
// accumulated (core/prune/data_parallel).
void gradientPasses(LlamaModel& model, const Calibration& calib, int64_t batch, bool per_sample,
                    const std::function<void()>& on_grads, const ProgressFn& progress,
                    dist::World& world = dist::one());

} // namespace pb
