#pragma once
// GGUF tensor bytes -> values, with torch operations on whatever device holds the bytes
// (a model streamed to the GPU is dequantized there, not on the CPU). Types: F32, F16,
// BF16, Q8_0, Q4_0, Q4_1 (the others fall back to core/io's CPU dequantizer).
#include <cstdint>

#include <torch/types.h>

#include "core/io/gguf_types.h"

namespace pb {

// True when dequantizeOnDevice handles `t`.
bool deviceDequantizes(gguf::GgmlType t);

// raw: [nbytes] uint8 (the tensor's ggml blocks, on any device); n: element count.
// Returns [n] in `dtype` on raw's device. Throws pb::Error on a size mismatch or a type
// deviceDequantizes refuses.
torch::Tensor dequantizeOnDevice(gguf::GgmlType t, const torch::Tensor& raw, int64_t n, torch::ScalarType dtype);

} // namespace pb
