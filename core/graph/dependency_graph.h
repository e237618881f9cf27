#pragma once
// The one source of truth for coupled structures: what the GUI draws and what the
// applier cuts. Nodes are tensors (HF names and shapes), edges say which dimension of
// one tensor must follow which dimension of another, groups list the members that are
// removed together for each prunable unit. Torch-free: the GUI reads it directly, and every
// cut (in memory, streamed, the GGUF writer) reads it through core/graph/plan_cut.
#include <cstdint>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/arch/tensor_names.h"

namespace pb {

enum class GroupKind {
    AttentionGroup,  // one KV head + the g query heads it serves (= one head when g == 1)
    QueryHead,       // one query head inside its KV group (pruned uniformly per group)
    MlpChannel,      // row c of gate/up, column c of down
    HiddenChannel,   // channel c of the residual stream in every tensor
    Block,           // a whole decoder layer
    // Sub-block depth units (core/plan/sub_block.h): a layer's attention alone (q, k, v, o, their
    // biases and norms) or its MLP alone (gate, up, down, their biases and norms), one unit each,
    // removed whole while the residual stream passes by. After Block: the enum's values are kept.
    AttentionSublayer,
    MlpSublayer,
};
const char* groupKindName(GroupKind k);

struct TensorNode {
    std::string name;            // Hugging Face name
    TensorRole role;
    int layer = -1;              // -1 for global tensors
    std::vector<int64_t> shape;  // [out, in] or [n]
    bool bias = false;
};

// Dimension `dim` of node `node` carries the units of a group; unit u owns indices
// [u*width, (u+1)*width) along that dimension. dim == -1: the whole tensor (blocks).
struct GroupMember {
    int node = 0;
    int dim = 0;
    int64_t width = 1;
    bool last = false;  // the member executed last (o_proj / down_proj), for "last" aggregation
};

struct GroupSpec {
    GroupKind kind;
    int layer = -1;      // -1 for the hidden channel group
    int64_t units = 0;   // how many prunable units the group has
    std::vector<GroupMember> members;
};

struct DependencyEdge {
    int from_node = 0, from_dim = 0;
    int to_node = 0, to_dim = 0;
    std::string rule;  // why they are coupled, in words
};

struct DependencyGraph {
    std::string family;  // the model's family row (tensor names, core/arch/tensor_names.h)
    std::vector<TensorNode> nodes;
    std::vector<DependencyEdge> edges;
    std::vector<GroupSpec> groups;

    // The groups of one layer (attention, query-head, MLP, block) or the hidden group.
    const GroupSpec* find(GroupKind kind, int layer) const;
    int nodeIndex(const std::string& name) const;  // -1 when absent
};

// What the attention units of block `layer` mean for pruning, in words (empty when the layer has
// no attention): with one KV head (Gemma 3 270M, MQA) the KV group is the whole attention, so
// group mode can only keep it or remove all attention, while head mode prunes query heads and
// their o_proj columns and keeps the shared key/value head.
std::string attentionUnitRule(const ModelConfig& config, int layer);

// Builds the graph for the model's current (possibly already pruned) dims.
DependencyGraph buildDependencyGraph(const ModelConfig& config);

// Indices that unit `unit` of `member` covers along member.dim.
std::vector<int64_t> memberIndices(const GroupMember& member, int64_t unit);

} // namespace pb
