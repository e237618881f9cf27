#pragma once
// From per-element scores of each tensor to per-unit scores of each group, by the
// dependency graph (one source of truth) and an aggregation over group members.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/graph/dependency_graph.h"
#include "core/plan/criteria.h"

namespace pb {

// How a member's element scores become one score per unit.
enum class SignedReduce {
    Plain,         // Σ of the element scores (already non-negative: |g·W|, W², ...)
    AbsPerVector,  // LLM-Pruner's vector-wise Taylor (signed g·W passed): per row (or column,
                   // along the member's dimension) |Σ g·W|, added over the unit's rows; a head
                   // of 64 rows is Σ_r |Σ_c g·W|
    AbsPerUnit,    // |Σ g·W| over the member's whole slice of the unit (taylor_vector_slice)
};

// taylor_vector: AbsPerVector; taylor_vector_slice: AbsPerUnit; every other criterion: Plain.
SignedReduce signedReduceOf(Criterion criterion);

// Scores of one member's slice per unit: [units] float64.
torch::Tensor memberUnitScores(const torch::Tensor& element_scores, const GroupMember& member, int64_t units,
                               SignedReduce reduce);

// Combines member scores [M][units] by the aggregation (core/plan/criteria.h).
torch::Tensor aggregateMembers(const std::vector<torch::Tensor>& member_scores, const std::vector<bool>& is_last,
                               Aggregation aggregation);

// Per-unit scores of every member of every group, before aggregation:
// per_group[g][m] is [units] float64 (undefined when the member was skipped).
struct MemberScores {
    std::vector<std::vector<torch::Tensor>> per_group;
    void add(const MemberScores& other);  // elementwise sum (accumulating over samples)
};
// keep: which groups to score (empty = all); the others stay empty.
MemberScores memberScores(const DependencyGraph& graph,
                          const std::function<torch::Tensor(const TensorNode&)>& elementScores,
                          SignedReduce reduce, bool include_hidden,
                          const std::function<bool(const GroupSpec&)>& keep = {});

// For every group of the graph: aggregated per-unit scores.
struct GroupScores {
    std::map<std::pair<int, int>, std::vector<double>> by_kind_layer;  // (GroupKind, layer) -> scores
};
GroupScores aggregateGroups(const DependencyGraph& graph, const MemberScores& members, Aggregation aggregation);
// memberScores + aggregateGroups, with element scores given per tensor by `elementScores`
// (undefined tensor = member skipped).
GroupScores reduceGroups(const DependencyGraph& graph,
                         const std::function<torch::Tensor(const TensorNode&)>& elementScores,
                         Aggregation aggregation, SignedReduce reduce, bool include_hidden);

// Packs group scores into WidthScores (layers of the config; hidden only if present).
struct WidthScores;
void fillWidthScores(WidthScores& out, const ModelConfig& config, const GroupScores& gs);

} // namespace pb
