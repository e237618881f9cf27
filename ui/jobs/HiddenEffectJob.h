#pragma once
// The Plan tab's "Measure effect" of the hidden-size ratio on the worker: core's measurement
// (core/prune/hidden_effect.h) on the open model. Torch-free header.
#include "core/prune/hidden_effect.h"
#include "ui/jobs/ModelPtr.h"

namespace pb::ui::jobs {

pb::HiddenEffect hiddenEffect(const ModelPtr& model, const pb::HiddenEffectRequest& request,
                              const pb::ProgressFn& progress);

} // namespace pb::ui::jobs
