#pragma once
// A resolved plan read through the dependency graph: what every tensor keeps. For each group
// the plan cuts (the attention groups or query heads, the MLP channels and the hidden channels
// it gives kept units for, the blocks and sub-blocks it drops), the kept units become kept indices of every
// member along the member's dim (memberIndices). The coupling itself is the graph's
// (core/graph/dependency_graph.h); this file only reads it. Every place that cuts weights
// uses it: in memory and streamed (core/prune/apply) and straight from a GGUF file
// (core/export/gguf_pruned). Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/graph/dependency_graph.h"
#include "core/plan/plan.h"

namespace pb {

// What one tensor (one graph node) keeps.
struct TensorCut {
    int node = 0;          // index into DependencyGraph::nodes (name, role, layer, bias, shape)
    bool dropped = false;  // its block or sub-block (attention / MLP alone) is removed: the tensor goes
    // Per dim of the node's shape: the kept indices, ascending; empty = the whole dim is kept.
    std::vector<std::vector<int64_t>> keep;

    bool cuts() const;  // some dim loses indices
};

struct PlanCut {
    std::vector<TensorCut> tensors;  // one per graph node, in the graph's order
    std::vector<int> dropped_blocks;  // the layers of the block groups the plan cuts, ascending

    bool dropsBlock(int layer) const;

    // The cut of block tensor `role` of layer `layer` (layer ignored for global tensors);
    // nullptr when the graph has no such tensor.
    const TensorCut* find(const DependencyGraph& graph, TensorRole role, int layer, bool bias = false) const;
};

// The graph's groups that `plan` cuts (none for a plan that cuts nothing).
std::vector<const GroupSpec*> cutGroups(const DependencyGraph& graph, const PruningPlan& plan);

// The kept units of `group` under `plan`, ascending (every unit when the plan keeps it whole).
std::vector<int64_t> keptUnits(const GroupSpec& group, const PruningPlan& plan);

// Every tensor's cut. `graph` is buildDependencyGraph of the model the plan was resolved on.
// Throws pb::Error when the plan is not resolved (ratios without kept indices) or a kept unit
// is outside its group.
PlanCut planCut(const DependencyGraph& graph, const PruningPlan& plan);

} // namespace pb
