#pragma once
// The Taylor estimates of the gradient criteria as element scores of one tensor, shared by
// the in-memory scorers (width_criteria.cpp, block_criteria.cpp) and the streamed backward
// (core/stream/streamed_gradient_scores.cpp), so that both compute the same numbers.
// Every function takes a weight and its gradient(s) of the same shape ([out, in] or [n])
// and returns float32 element scores of that shape.
#include <torch/types.h>

namespace pb {

struct LayerWeights;

// First order: g·W signed (taylor_vector: the sum over a unit comes before the abs) or |g·W|
// (taylor_element1). grad: the gradient of the mean calibration loss over all samples.
torch::Tensor taylorFirstOrder(const torch::Tensor& grad, const torch::Tensor& weight, bool signed_sum);

// taylor_element2: one sample's share of W²·F with F = mean_j g_j², i.e. (g_j·W)² / samples.
// Summed over the samples it is W² times the empirical Fisher diagonal.
torch::Tensor taylorSecondOrderTerm(const torch::Tensor& sample_grad, const torch::Tensor& weight, double samples);

// taylor_mix: |ḡ·W − W²·F/2| needs the gradient sum and the Fisher diagonal of one tensor,
// accumulated over per-sample gradients (two buffers of the tensor's size).
struct TaylorMixMoments {
    torch::Tensor grad_sum;  // Σ_j g_j, float32
    torch::Tensor fisher;    // Σ_j g_j², float32
    void add(const torch::Tensor& sample_grad);
    torch::Tensor scores(const torch::Tensor& weight, double samples) const;
};

// block_taylor: Σ |g·W| over every tensor of one block (norms included); each tensor's .grad()
// holds the gradient of the mean calibration loss.
double blockTaylorScore(const LayerWeights& block);

} // namespace pb
