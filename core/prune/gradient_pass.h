#pragma once
// Forward/backward passes over calibration data with gradients on every weight.
// Memory: weights + gradients + one micro-batch of activations.
#include <functional>

#include "core/prune/calibration.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;

// per_sample = false: one pass accumulating the gradient of the mean loss over all
// samples, then `on_grads` once. per_sample = true: each sample alone, `on_grads` after
// each (weights' .grad() then holds that sample's gradient). Gradients are cleared and
// requires_grad reset afterwards, also on error or cancel. Throws on a non-finite loss.
void gradientPasses(LlamaModel& model, const Calibration& calib, int64_t batch, bool per_sample,
                    const std::function<void()>& on_grads, const ProgressFn& progress);

} // namespace pb
