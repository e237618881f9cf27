#pragma once
// Wanda-sp and FLAP channel scores from activation statistics, shared by the in-memory
// criteria (core/prune/width_criteria) and the layer-by-layer streamed ones (core/stream).
#include <cstddef>
#include <cstdint>

#include <torch/types.h>

#include "core/arch/model_config.h"

namespace pb {

struct WidthScores;

// Per-channel scores of the input of a projection w [H, C] from the input's per-channel
// sum and sum of squares ([C] float64) over `tokens` tokens: Wanda-sp mean_i |W_ij| x
// ||X_j||, or FLAP's fluctuation Var(X_j) x ||W_:j||² standardised over the layer.
// Computed in float64 on w's device. Returns [C] float64.
torch::Tensor activationChannelScores(bool flap, const torch::Tensor& w, const torch::Tensor& sum,
                                      const torch::Tensor& sq, double tokens);

// Layer i's head, KV-group and MLP-channel scores from the channel scores of the o_proj
// input ([nh*hd]) and down_proj input ([I]); an undefined tensor leaves that part empty.
void setActivationScores(WidthScores& out, size_t i, const LayerDims& d, int64_t head_dim,
                         const torch::Tensor& attn_channels, const torch::Tensor& mlp_channels);

} // namespace pb
