#pragma once
// Rotary position embedding tables (HF convention: element k pairs with k + hd/2).
#include <torch/types.h>

#include "core/arch/model_config.h"

namespace pb {

// Inverse frequencies [hd/2] in float64 after default/linear/llama3 scaling.
torch::Tensor ropeInverseFrequencies(const RopeConfig& rope, int64_t head_dim);

// cos and sin tables [T, hd] (float32) for positions start..start+T-1.
std::pair<torch::Tensor, torch::Tensor> ropeTables(const RopeConfig& rope, int64_t head_dim, int64_t start,
                                                   int64_t length, torch::Device device);

// x: [B, heads, T, hd]; cos/sin: [T, hd]. Returns x rotated, in x's dtype.
torch::Tensor applyRope(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

} // namespace pb
