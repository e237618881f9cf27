#pragma once
// Temporarily removes units by zeroing the columns that carry them into the residual
// stream (o_proj columns of heads, down_proj columns of channels). The output equals
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

private:
    void save(size_t layer, torch::Tensor* t);
    LlamaModel& model_;
    std::vector<std::pair<torch::Tensor*, torch::Tensor>> saved_;
};

} // namespace pb
