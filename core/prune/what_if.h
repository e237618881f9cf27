#pragma once
// Live what-if (issue 18): the calibration loss with one unit taken out, without building a
// pruned model. Heads, KV groups and MLP channels are masked (core/prune/masking: their
// o_proj / down_proj columns zeroed, which equals removing them), a block's attention or MLP
// alone by zeroing all of its o_proj / down_proj and their biases (it adds 0 to the residual
// stream), a block is skipped in the forward pass (which equals dropping it); the weights are
// as before when the call returns.
#include <cstdint>
#include <memory>

#include "core/graph/dependency_graph.h"

namespace pb {

class LlamaModel;
struct Calibration;

struct UnitRef {
    int64_t layer = 0;
    GroupKind kind = GroupKind::Block;  // AttentionGroup, QueryHead, MlpChannel, AttentionSublayer, MlpSublayer or Block
    int64_t unit = 0;                   // index within the layer (unused for a block)
    int64_t count = 1;                  // units unit..unit+count-1 together (a bucket of MLP channels); 1 for a (sub-)block
};

// Mean next-token cross-entropy over every calibration sample, `batch` samples per pass, with
// nothing removed (unit null) or with `*unit` removed. Throws pb::Error for a hidden channel
// (it is in every tensor: no single mask), a layer or unit out of range, or a layer that has no
// such units (an MLP-less block, say). The reference: every block runs.
double lossWithout(LlamaModel& model, const Calibration& calib, const UnitRef* unit, int64_t batch = 4);

// The same losses from the unchanged model's hidden states at the input of every block, kept
// after one full pass: the what-if of a unit of block L runs blocks L.. (L+1.. for the block
// itself) and the head only. Exact: masking a unit of block L, or skipping it, changes nothing
// before block L. Holds samples x tokens x hidden values per block (the model's dtype, on its
// device); valid while the model's weights stay as they were when it was made (a different
// model object is refused). Copies share the states.
class WhatIfCache {
public:
    WhatIfCache(const LlamaModel& model, const Calibration& calib, int64_t batch = 4);  // the full pass
    double baseLoss() const;              // = lossWithout(model, calib, nullptr, batch)
    double lossWithout(LlamaModel& model, const UnitRef& unit) const;
    // The loss of the model as its weights are now, running blocks `from`.. from the cached input
    // of block `from`: exact when blocks before `from` are as when the cache was made (the caller
    // masks units of block `from` or later, e.g. through a MaskGuard).
    double lossFrom(const LlamaModel& model, size_t from) const;
    // A cache of the model as its weights are now, which differ from the cache's in blocks
    // `from`.. only: the inputs of blocks up to `from` are shared, the later ones recomputed.
    WhatIfCache updatedFrom(const LlamaModel& model, size_t from) const;
    int64_t samples() const;
    int64_t tokens() const;
    int64_t bytes() const;                // held by the states
    double baseSeconds() const;           // the full pass's time

private:
    struct State;
    explicit WhatIfCache(std::shared_ptr<const State> state) : state_(std::move(state)) {}
    double lossRunning(const LlamaModel& model, size_t input, size_t first) const;
    std::shared_ptr<const State> state_;
};

} // namespace pb
