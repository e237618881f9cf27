#pragma once
// The dependency rule applied to one layer plan: which rows (and, through them, which
// columns) of a block's tensors the plan keeps. One definition for every place that cuts
// weights: in memory (core/prune/apply) and straight from a GGUF file (core/export/
// gguf_pruned). Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/plan/plan.h"

namespace pb {

// Kept indices, ascending; empty = all kept.
struct LayerCut {
    std::vector<int64_t> q;    // rows of q_proj (its bias) and columns of o_proj
    std::vector<int64_t> kv;   // rows of k_proj and v_proj (their biases)
    std::vector<int64_t> mlp;  // rows of gate_proj and up_proj (their biases) and columns of down_proj
};

// lp may be nullptr (nothing cut). attention_unit: "group" (kept KV groups: their query heads
// and their key/value heads) or "head" (kept query heads; every KV head stays).
LayerCut layerCut(const LayerDims& d, const LayerPlan* lp, const std::string& attention_unit, int64_t head_dim);

} // namespace pb
