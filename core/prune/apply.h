#pragma once
// Applies a resolved plan: a smaller dense model with per-layer dims and the matching
// config, made in one step. The original model is left untouched.
#include "core/plan/plan.h"

namespace pb {

class LlamaModel;

// Throws pb::Error when the plan is not resolved or does not fit the model.
LlamaModel applyPlan(const LlamaModel& model, const PruningPlan& resolved_plan);

} // namespace pb
