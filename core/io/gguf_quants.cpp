// ggml block sizes, dequantization and reference quantizers (formats.md §4.6;
// ggml src/ggml-common.h block structs, src/ggml-quants.c dequantize_row_* and
// quantize_row_*_ref). Each type is a tight per-block loop over raw bytes; the
// f16 fields are read with memcpy since blocks are only byte-aligned.
#include "core/io/gguf_types.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <string>

#include "core/io/half.h"
#include "core/io/quants_more.h"
#include "core/util/error.h"

namespace pb::gguf {

namespace {

struct TypeTraits {
    const char* name;
    uint32_t block_elems;  // 0 = unknown id
    uint32_t block_bytes;
};

// Indexed by the ggml type id. Ids 4, 5 (old Q4_2/Q4_3) and 31..33, 36..38
// (removed repacked types) are unknown; sizes from ggml-common.h static_asserts.
constexpr TypeTraits kTraits[] = {
    {"F32", 1, 4},         {"F16", 1, 2},        {"Q4_0", 32, 18},     {"Q4_1", 32, 20},
    {nullptr, 0, 0},       {nullptr, 0, 0},      {"Q5_0", 32, 22},     {"Q5_1", 32, 24},
    {"Q8_0", 32, 34},      {"Q8_1", 32, 36},     {"Q2_K", 256, 84},    {"Q3_K", 256, 110},
    {"Q4_K", 256, 144},    {"Q5_K", 256, 176},   {"Q6_K", 256, 210},   {"Q8_K", 256, 292},
    {"IQ2_XXS", 256, 66},  {"IQ2_XS", 256, 74},  {"IQ3_XXS", 256, 98}, {"IQ1_S", 256, 50},
    {"IQ4_NL", 32, 18},    {"IQ3_S", 256, 110},  {"IQ2_S", 256, 82},   {"IQ4_XS", 256, 136},
    {"I8", 1, 1},          {"I16", 1, 2},        {"I32", 1, 4},        {"I64", 1, 8},
    {"F64", 1, 8},         {"IQ1_M", 256, 56},   {"BF16", 1, 2},       {nullptr, 0, 0},
    {nullptr, 0, 0},       {nullptr, 0, 0},      {"TQ1_0", 256, 54},   {"TQ2_0", 256, 66},
    {nullptr, 0, 0},       {nullptr, 0, 0},      {nullptr, 0, 0},      {"MXFP4", 32, 17},
};
constexpr uint32_t kTraitCount = sizeof(kTraits) / sizeof(kTraits[0]);

const TypeTraits* traits(GgmlType t) {
    const auto raw = static_cast<uint32_t>(t);
    if (raw >= kTraitCount || kTraits[raw].block_elems == 0) return nullptr;
    return &kTraits[raw];
}

inline float f16At(const uint8_t* p) {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return halfToFloat(h);
}
inline void putF16(uint8_t* p, float f) {
    const uint16_t h = floatToHalf(f);
    std::memcpy(p, &h, 2);
}

// ---- plain types ------------------------------------------------------------
void deqF32(const uint8_t* src, float* y, uint64_t n) { std::memcpy(y, src, n * 4); }
void deqF16(const uint8_t* src, float* y, uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) y[i] = f16At(src + 2 * i);
}
void deqBF16(const uint8_t* src, float* y, uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) {
        uint16_t b;
        std::memcpy(&b, src + 2 * i, 2);
        y[i] = bf16ToFloat(b);
    }
}

// ---- 32-element blocks --------------------------------------------------------
// Q4_0 (18 B): f16 d | u8 qs[16]; low nibbles -> y[0..15], high -> y[16..31]
void deqQ4_0(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 18, y += 32) {
        const float d = f16At(b);
        const uint8_t* qs = b + 2;
        for (int j = 0; j < 16; ++j) {
            y[j] = float((qs[j] & 0x0F) - 8) * d;
            y[j + 16] = float((qs[j] >> 4) - 8) * d;
        }
    }
}
// Q4_1 (20 B): f16 d | f16 m | u8 qs[16]
void deqQ4_1(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 20, y += 32) {
        const float d = f16At(b), m = f16At(b + 2);
        const uint8_t* qs = b + 4;
        for (int j = 0; j < 16; ++j) {
            y[j] = float(qs[j] & 0x0F) * d + m;
            y[j + 16] = float(qs[j] >> 4) * d + m;
        }
    }
}
// Q5_0 (22 B): f16 d | u8 qh[4] (u32 LE, bit j = 5th bit of element j) | u8 qs[16]
void deqQ5_0(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 22, y += 32) {
        const float d = f16At(b);
        const uint32_t qh = uint32_t(b[2]) | uint32_t(b[3]) << 8 | uint32_t(b[4]) << 16 | uint32_t(b[5]) << 24;
        const uint8_t* qs = b + 6;
        for (int j = 0; j < 16; ++j) {
            const int x0 = int((qs[j] & 0x0F) | (((qh >> j) << 4) & 0x10)) - 16;
            const int x1 = int((qs[j] >> 4) | ((qh >> (j + 12)) & 0x10)) - 16;
            y[j] = float(x0) * d;
            y[j + 16] = float(x1) * d;
        }
    }
}
// Q5_1 (24 B): f16 d | f16 m | u8 qh[4] | u8 qs[16]
void deqQ5_1(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 24, y += 32) {
        const float d = f16At(b), m = f16At(b + 2);
        const uint32_t qh = uint32_t(b[4]) | uint32_t(b[5]) << 8 | uint32_t(b[6]) << 16 | uint32_t(b[7]) << 24;
        const uint8_t* qs = b + 8;
        for (int j = 0; j < 16; ++j) {
            const int x0 = int((qs[j] & 0x0F) | (((qh >> j) << 4) & 0x10));
            const int x1 = int((qs[j] >> 4) | ((qh >> (j + 12)) & 0x10));
            y[j] = float(x0) * d + m;
            y[j + 16] = float(x1) * d + m;
        }
    }
}
// Q8_0 (34 B): f16 d | i8 qs[32]
void deqQ8_0(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 34, y += 32) {
        const float d = f16At(b);
        const auto* qs = reinterpret_cast<const int8_t*>(b + 2);
        for (int j = 0; j < 32; ++j) y[j] = float(qs[j]) * d;
    }
}

// ---- 256-element K-quant super-blocks ------------------------------------------
// 6-bit scale and min of sub-block j (0..7) packed in scales[12] (get_scale_min_k4).
inline void scaleMinK4(int j, const uint8_t* q, uint8_t& sc, uint8_t& mn) {
    if (j < 4) {
        sc = q[j] & 63;
        mn = q[j + 4] & 63;
    } else {
        sc = uint8_t((q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4));
        mn = uint8_t((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}
// Scale and min of the two sub-blocks of 64-output chunk c (2c: low nibbles, 2c+1: high),
// d * sc and dmin * mn each (Q4_K, Q5_K).
struct ChunkScalesK4 {
    float d1, m1, d2, m2;
};
inline ChunkScalesK4 chunkScalesK4(int c, const uint8_t* scales, float d, float dmin) {
    uint8_t sc, mn;
    scaleMinK4(2 * c, scales, sc, mn);
    const float d1 = d * sc, m1 = dmin * mn;
    scaleMinK4(2 * c + 1, scales, sc, mn);
    return {d1, m1, d * sc, dmin * mn};
}
// Q4_K (144 B): f16 d | f16 dmin | u8 scales[12] | u8 qs[128]
// 4 chunks of 64 outputs: 32 low nibbles (sub-block 2c) then 32 high nibbles (2c+1).
void deqQ4_K(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 144) {
        const float d = f16At(b), dmin = f16At(b + 2);
        const uint8_t* scales = b + 4;
        const uint8_t* q = b + 16;
        for (int c = 0; c < 4; ++c, q += 32, y += 64) {
            const auto [d1, m1, d2, m2] = chunkScalesK4(c, scales, d, dmin);
            for (int l = 0; l < 32; ++l) y[l] = d1 * float(q[l] & 0x0F) - m1;
            for (int l = 0; l < 32; ++l) y[l + 32] = d2 * float(q[l] >> 4) - m2;
        }
    }
}
// Q5_K (176 B): f16 d | f16 dmin | u8 scales[12] | u8 qh[32] | u8 qs[128]
// As Q4_K; bit 2c / 2c+1 of qh[l] adds 16 to the low / high nibble of chunk c.
void deqQ5_K(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 176) {
        const float d = f16At(b), dmin = f16At(b + 2);
        const uint8_t* scales = b + 4;
        const uint8_t* qh = b + 16;
        const uint8_t* ql = b + 48;
        for (int c = 0; c < 4; ++c, ql += 32, y += 64) {
            const auto [d1, m1, d2, m2] = chunkScalesK4(c, scales, d, dmin);
            const uint8_t u1 = uint8_t(1u << (2 * c)), u2 = uint8_t(2u << (2 * c));
            for (int l = 0; l < 32; ++l) y[l] = d1 * float((ql[l] & 0x0F) + ((qh[l] & u1) ? 16 : 0)) - m1;
            for (int l = 0; l < 32; ++l) y[l + 32] = d2 * float((ql[l] >> 4) + ((qh[l] & u2) ? 16 : 0)) - m2;
        }
    }
}
// Q6_K (210 B): u8 ql[128] | u8 qh[64] | i8 scales[16] | f16 d
// Two halves of 128 outputs (ql += 64, qh += 32, scales += 8 per half).
void deqQ6_K(const uint8_t* b, float* y, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, b += 210) {
        const float d = f16At(b + 208);
        const uint8_t* ql = b;
        const uint8_t* qh = b + 128;
        const auto* sc = reinterpret_cast<const int8_t*>(b + 192);
        for (int t = 0; t < 2; ++t, ql += 64, qh += 32, sc += 8, y += 128) {
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = int((ql[l] & 0x0F) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = int((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = int((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = int((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * float(sc[is + 0]) * float(q1);
                y[l + 32] = d * float(sc[is + 2]) * float(q2);
                y[l + 64] = d * float(sc[is + 4]) * float(q3);
                y[l + 96] = d * float(sc[is + 6]) * float(q4);
            }
        }
    }
}

// ---- reference quantizers (quantize_row_*_ref) ----------------------------------
void quantQ8_0(const float* x, uint8_t* b, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, x += 32, b += 34) {
        float amax = 0.0f;
        for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        putF16(b, d);
        auto* qs = reinterpret_cast<int8_t*>(b + 2);
        for (int j = 0; j < 32; ++j) qs[j] = static_cast<int8_t>(std::round(x[j] * id));
    }
}
void quantQ4_0(const float* x, uint8_t* b, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, x += 32, b += 18) {
        float amax = 0.0f, max = 0.0f;  // max = the value with the largest magnitude
        for (int j = 0; j < 32; ++j) {
            if (amax < std::fabs(x[j])) {
                amax = std::fabs(x[j]);
                max = x[j];
            }
        }
        const float d = max / -8.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        putF16(b, d);
        for (int j = 0; j < 16; ++j) {
            const auto q0 = std::min<uint8_t>(15, uint8_t(int8_t(x[j] * id + 8.5f)));
            const auto q1 = std::min<uint8_t>(15, uint8_t(int8_t(x[j + 16] * id + 8.5f)));
            b[2 + j] = uint8_t(q0 | (q1 << 4));
        }
    }
}
void quantQ4_1(const float* x, uint8_t* b, uint64_t nb) {
    for (uint64_t i = 0; i < nb; ++i, x += 32, b += 20) {
        float min = FLT_MAX, max = -FLT_MAX;
        for (int j = 0; j < 32; ++j) {
            min = std::min(min, x[j]);
            max = std::max(max, x[j]);
        }
        const float d = (max - min) / 15.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        putF16(b, d);
        putF16(b + 2, min);
        for (int j = 0; j < 16; ++j) {
            const auto q0 = std::min<uint8_t>(15, uint8_t(int8_t((x[j] - min) * id + 0.5f)));
            const auto q1 = std::min<uint8_t>(15, uint8_t(int8_t((x[j + 16] - min) * id + 0.5f)));
            b[4 + j] = uint8_t(q0 | (q1 << 4));
        }
    }
}

void checkCount(GgmlType t, uint64_t n, const char* what) {
    const uint64_t be = blockElems(t);
    if (be == 0) throw Error(std::string(what) + ": unknown ggml type " + std::to_string(uint32_t(t)));
    if (n % be != 0)
        throw Error(std::string(what) + " " + typeName(t) + ": element count " + std::to_string(n) +
                    " is not a multiple of the block size " + std::to_string(be));
}

} // namespace

bool isKnownType(uint32_t raw) { return raw < kTraitCount && kTraits[raw].block_elems != 0; }

const char* typeName(GgmlType t) {
    const TypeTraits* tr = traits(t);
    return tr ? tr->name : "unknown";
}
uint64_t blockElems(GgmlType t) {
    const TypeTraits* tr = traits(t);
    return tr ? tr->block_elems : 0;
}
uint64_t blockBytes(GgmlType t) {
    const TypeTraits* tr = traits(t);
    return tr ? tr->block_bytes : 0;
}

bool canDequantize(GgmlType t) {
    switch (t) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::BF16: case GgmlType::Q8_0:
    case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q5_0: case GgmlType::Q5_1:
    case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K:
        return true;
    default:
        return more::handles(t);  // Q2_K Q3_K Q8_K TQ*, IQ* (quants_k.cpp, quants_iq.cpp)
    }
}

void dequantize(GgmlType t, const uint8_t* src, float* dst, uint64_t n) {
    checkCount(t, n, "dequantize");
    if (n == 0) return;  // src/dst may be null for empty tensors
    const uint64_t nb = n / blockElems(t);
    switch (t) {
    case GgmlType::F32: return deqF32(src, dst, n);
    case GgmlType::F16: return deqF16(src, dst, n);
    case GgmlType::BF16: return deqBF16(src, dst, n);
    case GgmlType::Q4_0: return deqQ4_0(src, dst, nb);
    case GgmlType::Q4_1: return deqQ4_1(src, dst, nb);
    case GgmlType::Q5_0: return deqQ5_0(src, dst, nb);
    case GgmlType::Q5_1: return deqQ5_1(src, dst, nb);
    case GgmlType::Q8_0: return deqQ8_0(src, dst, nb);
    case GgmlType::Q4_K: return deqQ4_K(src, dst, nb);
    case GgmlType::Q5_K: return deqQ5_K(src, dst, nb);
    case GgmlType::Q6_K: return deqQ6_K(src, dst, nb);
    default:
        if (more::dequantizeMore(t, src, dst, nb)) return;
        throw Error(std::string("cannot dequantize ggml type ") + typeName(t) +
                    " (supported: F32 F16 BF16 Q4_0 Q4_1 Q5_0 Q5_1 Q8_0 Q2_K Q3_K Q4_K Q5_K Q6_K Q8_K TQ1_0 TQ2_0"
                    " IQ1_S IQ1_M IQ2_XXS IQ2_XS IQ2_S IQ3_XXS IQ3_S IQ4_NL IQ4_XS)");
    }
}

void quantize(GgmlType t, const float* src, uint8_t* dst, uint64_t n) {
    checkCount(t, n, "quantize");
    if (n == 0) return;
    const uint64_t nb = n / blockElems(t);
    switch (t) {
    case GgmlType::F32:
        std::memcpy(dst, src, n * 4);
        return;
    case GgmlType::F16:
        for (uint64_t i = 0; i < n; ++i) putF16(dst + 2 * i, src[i]);
        return;
    case GgmlType::BF16:
        for (uint64_t i = 0; i < n; ++i) {
            const uint16_t b = floatToBf16(src[i]);
            std::memcpy(dst + 2 * i, &b, 2);
        }
        return;
    case GgmlType::Q8_0: return quantQ8_0(src, dst, nb);
    case GgmlType::Q4_0: return quantQ4_0(src, dst, nb);
    case GgmlType::Q4_1: return quantQ4_1(src, dst, nb);
    default:
        throw Error(std::string("cannot quantize to ggml type ") + typeName(t) +
                    " (supported: F32 F16 BF16 Q8_0 Q4_0 Q4_1)");
    }
}

} // namespace pb::gguf
