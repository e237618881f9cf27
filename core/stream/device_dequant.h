#pragma once
// GGUF tensor bytes -> values, with torch operations on whatever device holds the bytes
// (a model streamed to the GPU is dequantized there, not on the CPU). Types: every one the
// CPU dequantizer of core/io handles (F32 F16 BF16, Q4_0 Q4_1 Q5_0 Q5_1 Q8_0, Q2_K..Q8_K,
// TQ1_0 TQ2_0, IQ1_S IQ1_M IQ2_XXS IQ2_XS IQ2_S IQ3_XXS IQ3_S IQ4_NL IQ4_XS), with float32
// results bit-identical to it (then converted to the asked dtype). Elementwise ops, views and
// index_select into small codebook tables (device_dequant_k.cpp, device_dequant_iq.cpp).
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
