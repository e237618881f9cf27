#pragma once
// Applies a resolved plan: a smaller dense model with per-layer dims and the matching
// config, made in one step. The original model is left untouched.
#include "core/plan/plan.h"

namespace pb {

class LlamaModel;
struct LayerWeights;

// One block's weights cut to a layer plan's kept heads/KV groups and MLP channels (lp
// nullptr or without indices: unchanged, storage shared). `d` is the block's dims before.
LayerWeights applyLayerPlan(const LayerWeights& w, const LayerDims& d, const LayerPlan* lp,
                            const std::string& attention_unit, int64_t head_dim);

// Throws pb::Error when the plan is not resolved or does not fit the model.
LlamaModel applyPlan(const LlamaModel& model, const PruningPlan& resolved_plan);

} // namespace pb
