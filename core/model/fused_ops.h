#pragma once
// Fused GPU versions of memory-bound steps (kernels: core/model/cuda_kernels.cu). Each returns
// an undefined tensor when it does not apply (a CPU tensor, a build without the kernels,
// PB_FUSED_KERNELS=0, a layout the kernel does not take); the caller then runs its torch ops.
#include <string>

#include <torch/types.h>

namespace pb {

// Whether this build has the kernels and the environment does not turn them off.
bool fusedKernelsAvailable();

// RoPE of x [B, T, H, hd] (contiguous, CUDA) with cos/sin [T, hd] in x's dtype: the same
// result as applyRope (core/model/rope) computed in float32 and rounded once. Differentiable
// in x (the backward rotates the gradient back).
torch::Tensor fusedRope(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

// silu(gate)·up for gate, up of one shape (contiguous, CUDA), rounded once; forward only:
// declines when either input needs a gradient (training runs the torch ops).
torch::Tensor fusedSwiglu(const torch::Tensor& gate, const torch::Tensor& up);

// Σ g·W along `along` (1: per row, [R]; 0: per column, [C]) of g, w [R, C] on one CUDA device
// in one dtype, float32; `absolute` sums |g·W|. No gradient.
torch::Tensor fusedProductReduce(const torch::Tensor& g, const torch::Tensor& w, int64_t along, bool absolute);

// The name of CUDA device `index` as the driver gives it ("NVIDIA H200"); "" without the
// kernels' runtime (a CPU build).
std::string cudaDeviceName(int index);

} // namespace pb
