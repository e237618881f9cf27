#pragma once
// What a hidden-size cut (LLM-Pruner's channel strategy, PruningPlan::hidden_ratio) does to the
// open model, measured: the model pruned by the hidden cut alone (its channels scored on the
// calibration), its parameters and MACs, the calibration loss and the perplexity on the
// evaluation text, before and after. The Plan tab's "Measure effect" (ui/jobs/HiddenEffectJob).
// Torch-free header.
#include <cstdint>
#include <string>

#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "core/prune/compare.h"
#include "core/util/progress.h"

namespace pb {

struct LoadedModel;

struct HiddenEffectRequest {
    double hidden_ratio = 0.1;                       // in (0, 1)
    Criterion criterion = defaults::kWidthCriterion; // scores the hidden channels (scoresHiddenChannels)
    CalibrationSpec calib;                           // scoring and the loss
    std::string ppl_text = defaults::kPplText;
    int64_t ppl_windows = defaults::kGuiPplWindows;  // of defaults::kPplSeqLen tokens
};

struct HiddenEffect {
    Criterion criterion = defaults::kWidthCriterion;
    int64_t hidden_before = 0, hidden_after = 0;
    int64_t params_before = 0, params_after = 0;
    int64_t macs_before = 0, macs_after = 0;  // per defaults::kPplSeqLen tokens
    double loss_before = 0, loss_after = 0;   // mean next-token loss on the calibration
    double ppl_before = 0, ppl_after = 0;
    int64_t ppl_windows = 0, calib_samples = 0, calib_tokens = 0;
    double seconds = 0;
};

// Throws pb::Error for a ratio outside (0, 1), a criterion that scores no hidden channel, a
// model the cut does not fit (Gemma's embedding scale), or a text too short; pb::Cancelled.
HiddenEffect measureHiddenEffect(const LoadedModel& model, const HiddenEffectRequest& request,
                                 const ProgressFn& progress = {});

} // namespace pb
