// Q2_K, Q3_K, Q8_K and the ternary TQ1_0 / TQ2_0: 256-element super-blocks (ggml
// src/ggml-common.h block_* structs, src/ggml-quants.c dequantize_row_*). The float
// operations are ggml's, in ggml's order (scale = d * sub-scale, then scale * q - min).
#include <cstdint>

#include "core/io/quants_more.h"

namespace pb::gguf::more {

// Q2_K (84 B): u8 scales[16] (low nibble scale, high nibble min) | u8 qs[64] | f16 d | f16 dmin
// Element e: sub-block e/16; 2-bit value (qs[32*(e/128) + e%32] >> 2*((e%128)/32)) & 3.
void deqQ2_K(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 84) {
        const uint8_t* scales = b;
        const float d = f16At(b + 80), dmin = f16At(b + 82);
        for (int half = 0; half < 2; ++half) {
            const uint8_t* q = b + 16 + 32 * half;
            for (int j = 0; j < 4; ++j) {          // shift 2j
                for (int s = 0; s < 2; ++s) {      // two sub-blocks of 16
                    const uint8_t sc = scales[8 * half + 2 * j + s];
                    const float dl = d * float(sc & 0x0F), ml = dmin * float(sc >> 4);
                    for (int l = 0; l < 16; ++l) *y++ = dl * float((q[16 * s + l] >> (2 * j)) & 3) - ml;
                }
            }
        }
    }
}

// Q3_K (110 B): u8 hmask[32] | u8 qs[64] | u8 scales[12] (16 signed 6-bit) | f16 d
// As Q2_K's 2-bit values, minus 4 where bit (e/32) of hmask[e%32] is clear.
void deqQ3_K(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 110) {
        const uint8_t* hm = b;
        const uint8_t* sc = b + 96;
        const float d = f16At(b + 108);
        int8_t scales[16];  // low 4 bits from sc[0..7] (low then high nibbles), high 2 from sc[8..11]
        for (int k = 0; k < 16; ++k) {
            const int lo = k < 8 ? (sc[k] & 0x0F) : (sc[k - 8] >> 4);
            const int hi = (sc[8 + k % 4] >> (2 * (k / 4))) & 3;
            scales[k] = int8_t((lo | (hi << 4)) - 32);
        }
        for (int half = 0; half < 2; ++half) {
            const uint8_t* q = b + 32 + 32 * half;
            for (int j = 0; j < 4; ++j) {
                const uint8_t m = uint8_t(1u << (4 * half + j));
                for (int s = 0; s < 2; ++s) {
                    const float dl = d * float(scales[8 * half + 2 * j + s]);
                    for (int l = 0; l < 16; ++l) {
                        const int k = 16 * s + l;
                        const int v = ((q[k] >> (2 * j)) & 3) - ((hm[k] & m) ? 0 : 4);
                        *y++ = dl * float(v);
                    }
                }
            }
        }
    }
}

// Q8_K (292 B): f32 d | i8 qs[256] | i16 bsums[16] (sums for dot products, unused here)
void deqQ8_K(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 292) {
        const float d = f32At(b);
        for (int j = 0; j < 256; ++j) *y++ = d * float(int8_t(b[4 + j]));
    }
}

// TQ1_0 (54 B): u8 qs[48] | u8 qh[4] | f16 d; base-3 digits packed 5 (qs) or 4 (qh) per
// byte as fixed-point fractions: digit n of byte x is ((uint8(x * 3^n)) * 3) >> 8.
void deqTQ1_0(const uint8_t* b, float* y, uint64_t nb) {
    static constexpr uint8_t kPow3[5] = {1, 3, 9, 27, 81};
    auto trit = [](uint8_t x, int n) { return int((uint16_t(uint8_t(x * kPow3[n])) * 3) >> 8) - 1; };
    for (uint64_t i = 0; i < nb; ++i, b += 54) {
        const float d = f16At(b + 52);
        for (int n = 0; n < 5; ++n)        // elements 0..159: qs[0..31], digit n
            for (int m = 0; m < 32; ++m) *y++ = d * float(trit(b[m], n));
        for (int n = 0; n < 5; ++n)        // elements 160..239: qs[32..47]
            for (int m = 0; m < 16; ++m) *y++ = d * float(trit(b[32 + m], n));
        for (int n = 0; n < 4; ++n)        // elements 240..255: qh[0..3]
            for (int m = 0; m < 4; ++m) *y++ = d * float(trit(b[48 + m], n));
    }
}

// TQ2_0 (66 B): u8 qs[64] | f16 d; 2-bit values minus 1, qs[32*(e/128) + e%32] >> 2*((e%128)/32).
void deqTQ2_0(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 66) {
        const float d = f16At(b + 64);
        for (int half = 0; half < 2; ++half)
            for (int j = 0; j < 4; ++j)
                for (int m = 0; m < 32; ++m) *y++ = d * float(int((b[32 * half + m] >> (2 * j)) & 3) - 1);
    }
}

} // namespace pb::gguf::more
