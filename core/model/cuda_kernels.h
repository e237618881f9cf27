#pragma once
// Hand-written CUDA kernels (core/model/cuda_kernels.cu), compiled only when libtorch has CUDA
// and a CUDA compiler is found (PB_WITH_CUDA_KERNELS). Plain pointers and sizes: no torch or
// CUDA headers here, so the callers (core/model/fused_ops) stay ordinary C++. Each launcher
// returns a cudaError_t value (0: launched).
#include <cstdint>
#include <string>

namespace pb::cuda {

enum class Dtype { F32, BF16, F16 };

// Rotary embedding in the HF convention, one pass: x and out [rows, hd] contiguous with
// rows = B·T·H in the order [B, T, H]; cos and sin [T, hd] (the halves repeat, only the first
// is read). sign +1 rotates forward; -1 rotates back (the backward pass of the forward).
int rope(const void* x, void* out, const void* cos, const void* sin, Dtype dtype, int64_t rows, int64_t T,
         int64_t H, int64_t hd, float sign, void* stream);

// Σ over one dimension of g·W (absolute: Σ |g·W|) for g and w [R, C] contiguous, accumulated
// in float32. along 1: out [R]. along 0: out [chunks, C] partial sums over row chunks of
// `rows_per_chunk` (the caller sums them: deterministic, no atomics). vec: both pointers are
// 16-byte aligned and C is a multiple of 16 / element size (vector loads).
int productReduce(const void* g, const void* w, float* out, Dtype dtype, int64_t R, int64_t C, int along,
                  bool absolute, int64_t rows_per_chunk, bool vec, void* stream);

// silu(gate)·up element-wise over n values (contiguous, one dtype), computed in float32 and
// rounded once. vec: the three pointers are 16-byte aligned and n a multiple of 16 / element size.
int swiglu(const void* gate, const void* up, void* out, Dtype dtype, int64_t n, bool vec, void* stream);

std::string errorString(int code);
// The device's marketing name ("NVIDIA H200"); "" when it cannot be read.
std::string deviceName(int index);

} // namespace pb::cuda
