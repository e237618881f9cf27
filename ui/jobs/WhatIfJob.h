#pragma once
// The live what-if on the worker: the calibration loss of the open model with one unit taken
// out (core/prune/what_if), on a small slice of the chosen calibration so that it answers
// within a second on the demo model. Torch-free header.
#include <cstdint>
#include <optional>

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
    pb::UnitRef unit;
    std::optional<double> base_loss;  // known already for this model and calibration: not recomputed
};

struct WhatIfResult {
    pb::UnitRef unit;
    double base_loss = 0;     // nothing removed
    double loss_without = 0;  // the unit removed
    int64_t samples = 0, tokens = 0;
    double seconds = 0;
};

// True when the open model can answer (weights in memory, a tokenizer).
bool canWhatIf(const ModelPtr& model);
WhatIfResult whatIf(const ModelPtr& model, const WhatIfRequest& request, const pb::ProgressFn& progress);

} // namespace pb::ui::jobs
