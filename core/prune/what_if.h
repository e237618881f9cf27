#pragma once
// Live what-if (issue 18): the calibration loss with one unit taken out, without building a
// pruned model. Heads, KV groups and MLP channels are masked (core/prune/masking: their
// o_proj / down_proj columns zeroed, which equals removing them), a block is skipped in the
// forward pass (which equals dropping it); the weights are as before when the call returns.
#include <cstdint>

#include "core/graph/dependency_graph.h"

namespace pb {

class LlamaModel;
struct Calibration;

struct UnitRef {
    int64_t layer = 0;
    GroupKind kind = GroupKind::Block;  // AttentionGroup, QueryHead, MlpChannel or Block
    int64_t unit = 0;                   // index within the layer (unused for a block)
};

// Mean next-token cross-entropy over every calibration sample, `batch` samples per pass, with
// nothing removed (unit null) or with `*unit` removed. Throws pb::Error for a hidden channel
// (it is in every tensor: no single mask), a layer or unit out of range, or a layer that has no
// such units (an MLP-less block, say).
double lossWithout(LlamaModel& model, const Calibration& calib, const UnitRef* unit, int64_t batch = 4);

} // namespace pb
