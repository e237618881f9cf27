// The IQ* types (ggml src/ggml-common.h block_iq*, src/ggml-quants.c dequantize_row_iq*):
// sub-block scales, and values looked up in fixed codebooks (core/io/iq_tables.cpp) with
// separate sign bits. Float operations in ggml's order: scale first, then
// scale * grid value * sign (or scale * (grid value + delta) for IQ1).
#include <cstdint>

#include "core/io/iq_tables.h"
#include "core/io/quants_more.h"

namespace pb::gguf::more {

namespace {

constexpr float kIq1Delta = 0.125f;

inline float sign(uint8_t bits, int j) { return (bits >> j) & 1 ? -1.0f : 1.0f; }

// y[0..7] = db * grid row * signs (8-element rows).
inline void put8(float*& y, float db, uint64_t row, uint8_t signs) {
    for (int j = 0; j < 8; ++j) *y++ = db * float(iq::gridByte(row, j)) * sign(signs, j);
}

} // namespace

// IQ4_NL (18 B): f16 d | u8 qs[16]; y[j] = d * kv[low nibble], y[j + 16] = d * kv[high nibble].
void deqIQ4_NL(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 18, y += 32) {
        const float d = f16At(b);
        for (int j = 0; j < 16; ++j) {
            y[j] = d * float(iq::kValuesIq4nl[b[2 + j] & 0x0F]);
            y[j + 16] = d * float(iq::kValuesIq4nl[b[2 + j] >> 4]);
        }
    }
}

// IQ4_XS (136 B): f16 d | u16 scales_h | u8 scales_l[4] | u8 qs[128]; 8 sub-blocks of 32,
// 6-bit scale ls = low nibble of scales_l + 2 bits of scales_h, dl = d * (ls - 32), then as IQ4_NL.
void deqIQ4_XS(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 136) {
        const float d = f16At(b);
        const uint16_t sh = u16At(b + 2);
        const uint8_t* sl = b + 4;
        const uint8_t* qs = b + 8;
        for (int ib = 0; ib < 8; ++ib, qs += 16, y += 32) {
            const int ls = ((sl[ib / 2] >> (4 * (ib % 2))) & 0x0F) | (((sh >> (2 * ib)) & 3) << 4);
            const float dl = d * float(ls - 32);
            for (int j = 0; j < 16; ++j) {
                y[j] = dl * float(iq::kValuesIq4nl[qs[j] & 0x0F]);
                y[j + 16] = dl * float(iq::kValuesIq4nl[qs[j] >> 4]);
            }
        }
    }
}

// IQ2_XXS (66 B): f16 d | 8 x (u8 grid[4] | u32 signs-and-scale); per 32: 4 grid rows of 8,
// 4 x 7 sign bits (kSignsIq2xs), 4-bit scale s in the top bits: db = d * (0.5 + s) * 0.25.
void deqIQ2_XXS(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 66) {
        const float d = f16At(b);
        for (int ib = 0; ib < 8; ++ib) {
            const uint8_t* g = b + 2 + 8 * ib;
            const uint32_t aux = u32At(g + 4);
            const float db = d * (0.5f + float(aux >> 28)) * 0.25f;
            for (int l = 0; l < 4; ++l) put8(y, db, iq::kIq2xxsGrid[g[l]], iq::kSignsIq2xs[(aux >> (7 * l)) & 127]);
        }
    }
}

// IQ2_XS (74 B): f16 d | u16 qs[32] (9-bit grid index, 7 sign bits) | u8 scales[8] (two 4-bit per 32).
void deqIQ2_XS(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 74) {
        const float d = f16At(b);
        const uint8_t* scales = b + 66;
        for (int ib = 0; ib < 8; ++ib) {
            const float db[2] = {d * (0.5f + float(scales[ib] & 0x0F)) * 0.25f,
                                 d * (0.5f + float(scales[ib] >> 4)) * 0.25f};
            for (int l = 0; l < 4; ++l) {
                const uint16_t q = u16At(b + 2 + 2 * (4 * ib + l));
                put8(y, db[l / 2], iq::kIq2xsGrid[q & 511], iq::kSignsIq2xs[q >> 9]);
            }
        }
    }
}

// IQ2_S (82 B): f16 d | u8 qs[32] (grid index low 8 bits) | u8 signs[32] | u8 qh[8] (2 high
// bits per index) | u8 scales[8] (two 4-bit per 32).
void deqIQ2_S(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 82) {
        const float d = f16At(b);
        const uint8_t* qs = b + 2;
        const uint8_t* signs = b + 34;
        const uint8_t* qh = b + 66;
        const uint8_t* scales = b + 74;
        for (int ib = 0; ib < 8; ++ib) {
            const float db[2] = {d * (0.5f + float(scales[ib] & 0x0F)) * 0.25f,
                                 d * (0.5f + float(scales[ib] >> 4)) * 0.25f};
            for (int l = 0; l < 4; ++l) {
                const int k = 4 * ib + l;
                const int idx = qs[k] | (((qh[ib] >> (2 * l)) & 3) << 8);
                put8(y, db[l / 2], iq::kIq2sGrid[idx], signs[k]);
            }
        }
    }
}

// IQ3_XXS (98 B): f16 d | u8 qs[64] (grid indices, 4 values each) | u32 signs-and-scale[8];
// db = d * (0.5 + s) * 0.5, 7 sign bits per 8 values as IQ2_XXS.
void deqIQ3_XXS(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 98) {
        const float d = f16At(b);
        const uint8_t* qs = b + 2;
        for (int ib = 0; ib < 8; ++ib) {
            const uint32_t aux = u32At(b + 66 + 4 * ib);
            const float db = d * (0.5f + float(aux >> 28)) * 0.5f;
            for (int l = 0; l < 4; ++l) {
                const uint8_t s = iq::kSignsIq2xs[(aux >> (7 * l)) & 127];
                const uint32_t g1 = iq::kIq3xxsGrid[qs[8 * ib + 2 * l]], g2 = iq::kIq3xxsGrid[qs[8 * ib + 2 * l + 1]];
                for (int j = 0; j < 4; ++j) *y++ = db * float(iq::gridByte(g1, j)) * sign(s, j);
                for (int j = 0; j < 4; ++j) *y++ = db * float(iq::gridByte(g2, j)) * sign(s, j + 4);
            }
        }
    }
}

// IQ3_S (110 B): f16 d | u8 qs[64] | u8 qh[8] (9th index bit) | u8 signs[32] | u8 scales[4];
// db = d * (1 + 2 * s) per 32 (low nibble first).
void deqIQ3_S(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 110) {
        const float d = f16At(b);
        const uint8_t* qs = b + 2;
        const uint8_t* qh = b + 66;
        const uint8_t* signs = b + 74;
        const uint8_t* scales = b + 106;
        for (int ib = 0; ib < 8; ++ib) {
            const int s = (scales[ib / 2] >> (4 * (ib % 2))) & 0x0F;
            const float db = d * float(1 + 2 * s);
            for (int l = 0; l < 8; ++l) {  // 8 grid rows of 4
                const int k = 8 * ib + l;
                const int idx = qs[k] | (((qh[ib] >> l) & 1) << 8);
                const uint32_t g = iq::kIq3sGrid[idx];
                const uint8_t sg = signs[k / 2];
                for (int j = 0; j < 4; ++j) *y++ = db * float(iq::gridByte(g, j)) * sign(sg, 4 * (l % 2) + j);
            }
        }
    }
}

// IQ1_S (50 B): f16 d | u8 qs[32] | u16 qh[8]; per 32: 11-bit indices (qs + 3 bits of qh each),
// dl = d * (2 * ((qh >> 12) & 7) + 1), delta = -/+0.125 by qh's top bit; y = dl * (grid + delta).
void deqIQ1_S(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 50) {
        const float d = f16At(b);
        const uint8_t* qs = b + 2;
        for (int ib = 0; ib < 8; ++ib) {
            const uint16_t qh = u16At(b + 34 + 2 * ib);
            const float dl = d * float(2 * ((qh >> 12) & 7) + 1);
            const float delta = (qh & 0x8000) ? -kIq1Delta : kIq1Delta;
            for (int l = 0; l < 4; ++l) {
                const uint64_t row = iq::kIq1sGrid[qs[4 * ib + l] | (((qh >> (3 * l)) & 7) << 8)];
                for (int j = 0; j < 8; ++j) *y++ = dl * (float(int8_t(iq::gridByte(row, j))) + delta);
            }
        }
    }
}

// IQ1_M (56 B): u8 qs[32] | u8 qh[16] | u8 scales[8]. The f16 d is the top nibbles of the four
// u16 scale words; 3-bit scales per 16 values (dl = d * (2 s + 1)); per 8 values an 11-bit index
// (qs + 3 bits of a qh nibble) and a delta sign (bit 3 of the same nibble).
void deqIQ1_M(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 56) {
        const uint8_t* qs = b;
        const uint8_t* qh = b + 32;
        uint16_t sc[4];
        for (int k = 0; k < 4; ++k) sc[k] = u16At(b + 48 + 2 * k);
        const uint16_t dbits = uint16_t((sc[0] >> 12) | ((sc[1] >> 8) & 0x00F0) | ((sc[2] >> 4) & 0x0F00) | (sc[3] & 0xF000));
        const float d = halfToFloat(dbits);
        for (int ib = 0; ib < 8; ++ib) {
            const float dl[2] = {d * float(2 * ((sc[ib / 2] >> (6 * (ib % 2))) & 7) + 1),
                                 d * float(2 * ((sc[ib / 2] >> (6 * (ib % 2) + 3)) & 7) + 1)};
            for (int l = 0; l < 4; ++l) {
                const int nib = (qh[2 * ib + l / 2] >> (4 * (l % 2))) & 0x0F;
                const uint64_t row = iq::kIq1sGrid[qs[4 * ib + l] | ((nib & 7) << 8)];
                const float delta = (nib & 8) ? -kIq1Delta : kIq1Delta;
                for (int j = 0; j < 8; ++j) *y++ = dl[l / 2] * (float(int8_t(iq::gridByte(row, j))) + delta);
            }
        }
    }
}

} // namespace pb::gguf::more
