#pragma once
// First-order Taylor scores (element1 |g·W|, vector |Σ g·W|) without weight gradients:
// every projection runs through an autograd function whose backward forms that weight's
// gradient g = dyᵀx, reduces g·W along the coupled dimension at once (rows of q/k/v/
// gate/up, columns of o/down; biases too) and frees it. Memory: the weights, one
// forward's activations and one projection's gradient, instead of a full gradient copy.
// The group reductions overlap the backward (core/prune/layer_reduce_worker).
// Needs the whole calibration set in one forward (the reduction is not linear across
// micro-batches for element1) and no hidden-channel scores.
#include <string>

#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;

// Whether streamedTaylor can compute `options.criterion` (a row with one_pass_gradients:
// taylor_element1, taylor_vector) for this calibration set with these options.
bool streamedTaylorApplies(const Calibration& calib, const ScoreOptions& options);

// The same scores as the gradient-buffer path of scoreWidth. Throws pb::Error when it
// does not apply or the calibration loss is not finite.
WidthScores streamedTaylor(LlamaModel& model, const Calibration& calib, const ScoreOptions& options,
                           const ProgressFn& progress = {});

} // namespace pb
