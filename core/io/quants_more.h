#pragma once
// Dequantizers of the ggml types beyond gguf_quants.cpp's own: Q2_K, Q3_K, Q8_K, TQ1_0,
// TQ2_0 (core/io/quants_k.cpp) and the IQ* codebook types (core/io/quants_iq.cpp). Each
// follows ggml's dequantize_row_* (ggml-quants.c) operation for operation, so the floats
// are the ones ggml and the gguf Python package compute, bit for bit
// (tools/quants/check_dequant.py checks it). Internal to core/io.
#include <cstdint>
#include <cstring>

#include "core/io/gguf_types.h"
#include "core/io/half.h"

namespace pb::gguf::more {

// True for the types dequantizeMore handles.
bool handles(GgmlType t);
// Dequantizes nb blocks of type t; false (nothing written) for a type handles() refuses.
bool dequantizeMore(GgmlType t, const uint8_t* src, float* dst, uint64_t nb);

// The block dequantizers: nb blocks from b into y (nb * blockElems floats).
void deqQ2_K(const uint8_t* b, float* y, uint64_t nb);
void deqQ3_K(const uint8_t* b, float* y, uint64_t nb);
void deqQ8_K(const uint8_t* b, float* y, uint64_t nb);
void deqTQ1_0(const uint8_t* b, float* y, uint64_t nb);
void deqTQ2_0(const uint8_t* b, float* y, uint64_t nb);
void deqIQ4_NL(const uint8_t* b, float* y, uint64_t nb);
void deqIQ4_XS(const uint8_t* b, float* y, uint64_t nb);
void deqIQ2_XXS(const uint8_t* b, float* y, uint64_t nb);
void deqIQ2_XS(const uint8_t* b, float* y, uint64_t nb);
void deqIQ2_S(const uint8_t* b, float* y, uint64_t nb);
void deqIQ3_XXS(const uint8_t* b, float* y, uint64_t nb);
void deqIQ3_S(const uint8_t* b, float* y, uint64_t nb);
void deqIQ1_S(const uint8_t* b, float* y, uint64_t nb);
void deqIQ1_M(const uint8_t* b, float* y, uint64_t nb);

// Little-endian fields of byte-aligned blocks.
inline float f16At(const uint8_t* p) { return halfToFloat(uint16_t(p[0] | (p[1] << 8))); }
inline uint16_t u16At(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }
inline uint32_t u32At(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
inline float f32At(const uint8_t* p) {
    const uint32_t u = u32At(p);
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

} // namespace pb::gguf::more
