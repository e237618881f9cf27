#pragma once
// Wanda-sp and FLAP from activation statistics, shared by the in-memory criteria
// (core/prune/width_criteria) and the layer-by-layer streamed ones (core/stream): the
// statistics a block's activation probe collects, and the scores they give.
#include <cstddef>
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/arch/model_config.h"

namespace pb {

struct LayerWeights;
struct WidthScores;

// Per-channel sum and sum of squares of a projection's input over the tokens seen.
struct ChannelMoments {
    torch::Tensor sum, sq;  // [C] float64 (undefined until the first add)
    void add(const torch::Tensor& x);  // x: [..., C]
};

// The inputs of one block's o_proj and down_proj, fed from its ActivationProbe.
struct BlockMoments {
    ChannelMoments attn, mlp;
    // Takes the probe's "layers.i.attn_out_in" and "layers.i.down_in"; ignores the rest.
    void observe(const std::string& probe_name, const torch::Tensor& x);
};

// Per-channel scores of the input of a projection w [H, C] over `tokens` tokens: Wanda-sp
// mean_i |W_ij| x ||X_j||, or FLAP's fluctuation metric S_j = Var(X_j) x ||W_:j||² (squared
// for o_proj, `square`, as FLAP's code does for attention) standardised over the layer's
// channels ((S - mean) / std). Computed in float64 on w's device. Returns [C] float64.
torch::Tensor activationChannelScores(bool flap, const torch::Tensor& w, const ChannelMoments& m, double tokens,
                                      bool square = false);

// Layer i's head, KV-group and MLP-channel scores (wanda_sp, or flap) from its weights and
// the moments of its projections' inputs, and the inputs' means (WidthScores::*_input_mean).
// Wanda-sp sums a head's channels (and a group's heads); FLAP averages them (its AL-AM code:
// a head's score is the mean of its channels' standardised scores, so that heads and MLP
// channels compare on one scale).
void setActivationScores(WidthScores& out, size_t i, const LayerDims& d, int64_t head_dim, const LayerWeights& w,
                         const BlockMoments& m, bool flap, double tokens);

} // namespace pb
