#pragma once
// Temporarily removes units by zeroing the columns that carry them into the residual
// stream (o_proj columns of heads, down_proj columns of channels; whole sub-blocks with their biases). The output equals
// that of the pruned model; the weights are restored when the guard goes away.
#include <vector>

#include <torch/types.h>

namespace pb {

class LlamaModel;

class MaskGuard {
public:
    explicit MaskGuard(LlamaModel& model) : model_(model) {}
    ~MaskGuard();
    MaskGuard(const MaskGuard&) = delete;
    MaskGuard& operator=(const MaskGuard&) = delete;

    // Query heads (any, not only whole groups) of a layer.
    void maskHeads(size_t layer, const std::vector<int64_t>& heads);
    void maskMlpChannels(size_t layer, const std::vector<int64_t>& channels);
    // A sub-block (core/plan/sub_block.h): every o_proj column and its bias (attention), every
    // down_proj column and its bias (MLP) zeroed, so the sublayer adds exactly 0 to the residual
    // stream (a post-norm of 0 is 0): the same logits as the model without it.
    void maskAttention(size_t layer);
    void maskMlp(size_t layer);

private:
    void save(size_t layer, torch::Tensor* t);
    LlamaModel& model_;
    std::vector<std::pair<torch::Tensor*, torch::Tensor>> saved_;
};

} // namespace pb
