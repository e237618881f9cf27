#pragma once
// The live what-if on the worker: the calibration loss of the open model with one unit taken
// out (core/prune/what_if), on a small slice of the chosen calibration so that it answers
// within a second on the demo model. The first what-if of a model and calibration keeps every
// block's input (pb::WhatIfCache); later ones run from the unit's block on. Torch-free header.
#include <cstdint>

#include "core/prune/compare.h"
#include "core/prune/what_if.h"
#include "core/util/progress.h"
#include "ui/jobs/ModelPtr.h"

namespace pb::ui::jobs {

// The what-if's calibration: at most this many samples of at most this many tokens of the
// chosen calibration (same text and seed).
inline constexpr int64_t kWhatIfSamples = 4;
inline constexpr int64_t kWhatIfTokens = 64;

struct WhatIfRequest {
    pb::CalibrationSpec calib;        // the chosen calibration (capped to the sizes above)
    pb::UnitRef unit;                 // count > 1: a span (the Plan tab's bucket of MLP channels)
};

struct WhatIfResult {
    pb::UnitRef unit;
    double base_loss = 0;     // nothing removed
    double loss_without = 0;  // the unit removed
    int64_t samples = 0, tokens = 0;
    double seconds = 0;
    bool cached = false;      // the model's own pass was kept from an earlier what-if
};

// True when the open model can answer (weights in memory, a tokenizer).
bool canWhatIf(const ModelPtr& model);
WhatIfResult whatIf(const ModelPtr& model, const WhatIfRequest& request, const pb::ProgressFn& progress);

} // namespace pb::ui::jobs
