#pragma once
// ggml tensor types and their block layouts, plus dequantization to float.
#include <cstdint>

namespace pb::gguf {

enum class GgmlType : uint32_t {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22, IQ4_XS = 23,
    IQ1_M = 29, BF16 = 30, TQ1_0 = 34, TQ2_0 = 35,
};

bool isKnownType(uint32_t raw);           // a ggml type id this reader knows the block size of
const char* typeName(GgmlType t);
uint64_t blockElems(GgmlType t);          // elements per block (1 for F32/F16/BF16)
uint64_t blockBytes(GgmlType t);          // bytes per block
bool canDequantize(GgmlType t);           // F32 F16 BF16 Q4_0 Q4_1 Q5_0 Q5_1 Q8_0, Q2_K..Q8_K,
                                          // TQ1_0 TQ2_0, IQ1_S IQ1_M IQ2_XXS IQ2_XS IQ2_S IQ3_XXS IQ3_S IQ4_NL IQ4_XS

// Dequantizes n elements (a multiple of blockElems(t)) from src into dst.
// Throws pb::Error for a type that cannot be dequantized.
void dequantize(GgmlType t, const uint8_t* src, float* dst, uint64_t n);

// Quantizes n floats into dst (blockBytes(t) * n / blockElems(t) bytes) for the
// export types F32, F16, BF16, Q8_0, Q4_0, Q4_1. Throws for other types.
void quantize(GgmlType t, const float* src, uint8_t* dst, uint64_t n);

} // namespace pb::gguf
