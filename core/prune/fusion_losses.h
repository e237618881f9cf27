#pragma once
// Adaptive fusion's losses on a loaded model (the rule: core/prune/fusion_rule.h). A whole plan
// is masked (core/prune/masking) and run in full; a layer's candidate cuts in the start plan's
// context run from that context's cached block inputs (core/prune/what_if: WhatIfCache), so a
// cut of layer i costs blocks i.. only. The weights are as before after every call.
#include "core/prune/calibration.h"
#include "core/prune/fusion_rule.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;

class InMemoryFusionLosses final : public FusionLosses {
public:
    // probe: the samples every loss is the mean over, `batch` at a time.
    InMemoryFusionLosses(LlamaModel& model, Calibration probe, ProgressFn progress, int64_t batch = 4);
    std::vector<double> planLosses(const std::vector<std::vector<FusionMask>>& plans) override;
    std::vector<std::vector<double>> layerLosses(const std::vector<FusionMask>& context,
                                                 const std::vector<FusionCandidates>& candidates,
                                                 const std::vector<std::vector<bool>>& want) override;

private:
    LlamaModel& model_;
    Calibration probe_;
    ProgressFn progress_;
    int64_t batch_;
};

} // namespace pb
