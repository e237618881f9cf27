#pragma once
// Applies a resolved plan: a smaller dense model with per-layer dims and the matching
// config, made in one step. The original model is left untouched. What each tensor keeps
// comes from the dependency graph (core/graph/plan_cut); nothing here restates the coupling.
#include "core/plan/plan.h"

namespace pb {

class LlamaModel;
struct LayerWeights;
struct DependencyGraph;
struct PlanCut;

// Block `layer`'s weights cut as `cut` says (planCut of `graph`, the graph of the model the
// plan was resolved on; core/prune/apply and the streamed passes of core/stream use it).
// Tensors the cut keeps whole share storage with `w`. Throws pb::Error for a tensor the
// block holds but the graph does not know (a bias the config does not announce) when the
// block is cut.
LayerWeights cutLayer(const LayerWeights& w, const DependencyGraph& graph, const PlanCut& cut, int layer);

// Throws pb::Error when the plan is not resolved or does not fit the model.
LlamaModel applyPlan(const LlamaModel& model, const PruningPlan& resolved_plan);

} // namespace pb
