// Dequantization of every supported ggml type against per-element reference
// formulas written from formats.md §4.6 (independently of the library loops),
// hand-built blocks with literal values, and quantize -> dequantize error bounds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <random>

#include "core/io/gguf_types.h"
#include "core/io/half.h"
#include "core/util/error.h"

using pb::gguf::GgmlType;

namespace {

float f16(const uint8_t* p) {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return pb::halfToFloat(h);
}
void putF16(uint8_t* p, float v) {
    const uint16_t h = pb::floatToHalf(v);
    std::memcpy(p, &h, 2);
}

// 6-bit scale / min of K-quant sub-block s (formats.md §4.6).
int kScale(const uint8_t* sc, int s) { return s < 4 ? sc[s] & 63 : (sc[s + 4] & 15) | ((sc[s - 4] >> 6) << 4); }
int kMin(const uint8_t* sc, int s) { return s < 4 ? sc[s + 4] & 63 : (sc[s + 4] >> 4) | ((sc[s] >> 6) << 4); }

// Reference value of element e (0..block-1) of one block.
float refElement(GgmlType t, const uint8_t* b, int e) {
    switch (t) {
    case GgmlType::Q4_0: {
        const int q = e < 16 ? (b[2 + e] & 15) : (b[2 + e - 16] >> 4);
        return float(q - 8) * f16(b);
    }
    case GgmlType::Q4_1: {
        const int q = e < 16 ? (b[4 + e] & 15) : (b[4 + e - 16] >> 4);
        return float(q) * f16(b) + f16(b + 2);
    }
    case GgmlType::Q5_0: case GgmlType::Q5_1: {
        const bool one = t == GgmlType::Q5_1;
        const uint8_t* qh = b + (one ? 4 : 2);
        const uint8_t* qs = qh + 4;
        const int low = e < 16 ? (qs[e] & 15) : (qs[e - 16] >> 4);
        const int high = (qh[e / 8] >> (e % 8)) & 1;  // bit e of the u32 LE
        const int q = (low | (high << 4)) - (one ? 0 : 16);
        return one ? float(q) * f16(b) + f16(b + 2) : float(q) * f16(b);
    }
    case GgmlType::Q8_0: return float(int8_t(b[2 + e])) * f16(b);
    case GgmlType::Q4_K: case GgmlType::Q5_K: {
        const bool five = t == GgmlType::Q5_K;
        const uint8_t* sc = b + 4;
        const uint8_t* qh = b + 16;
        const uint8_t* qs = b + (five ? 48 : 16);
        const int c = e / 64, hi = (e % 64) / 32, l = e % 32, s = 2 * c + hi;
        int q = hi ? qs[32 * c + l] >> 4 : qs[32 * c + l] & 15;
        if (five && ((qh[l] >> s) & 1)) q += 16;
        return f16(b) * float(kScale(sc, s)) * float(q) - f16(b + 2) * float(kMin(sc, s));
    }
    case GgmlType::Q6_K: {
        const uint8_t* ql = b;
        const uint8_t* qh = b + 128;
        const auto* sc = reinterpret_cast<const int8_t*>(b + 192);
        const int half = e / 128, r = e % 128, quarter = r / 32, l = r % 32;
        const uint8_t lbyte = ql[64 * half + l + (quarter & 1) * 32];
        const int low = quarter < 2 ? (lbyte & 15) : (lbyte >> 4);
        const int high = (qh[32 * half + l] >> (2 * quarter)) & 3;
        const int q = (low | (high << 4)) - 32;
        return f16(b + 208) * float(sc[8 * half + l / 16 + 2 * quarter]) * float(q);
    }
    case GgmlType::F32: {
        float v;
        std::memcpy(&v, b, 4);
        return v;
    }
    case GgmlType::F16: return f16(b);
    case GgmlType::BF16: {
        uint16_t v;
        std::memcpy(&v, b, 2);
        return pb::bf16ToFloat(v);
    }
    default: return NAN;
    }
}

// Offset of the f16 scale fields in a block, to keep them finite in random blocks.
std::vector<int> f16Fields(GgmlType t) {
    switch (t) {
    case GgmlType::Q4_0: case GgmlType::Q5_0: case GgmlType::Q8_0: return {0};
    case GgmlType::Q4_1: case GgmlType::Q5_1: case GgmlType::Q4_K: case GgmlType::Q5_K: return {0, 2};
    case GgmlType::Q6_K: return {208};
    default: return {};
    }
}

const GgmlType kDequantTypes[] = {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0,
                                  GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q4_K, GgmlType::Q5_K,
                                  GgmlType::Q6_K};

} // namespace

TEST(QuantTypes, BlockSizes) {
    using pb::gguf::blockBytes;
    using pb::gguf::blockElems;
    EXPECT_EQ(blockElems(GgmlType::F32), 1u);
    EXPECT_EQ(blockBytes(GgmlType::F32), 4u);
    EXPECT_EQ(blockBytes(GgmlType::F16), 2u);
    EXPECT_EQ(blockBytes(GgmlType::BF16), 2u);
    EXPECT_EQ(blockElems(GgmlType::Q4_0), 32u);
    EXPECT_EQ(blockBytes(GgmlType::Q4_0), 18u);
    EXPECT_EQ(blockBytes(GgmlType::Q4_1), 20u);
    EXPECT_EQ(blockBytes(GgmlType::Q5_0), 22u);
    EXPECT_EQ(blockBytes(GgmlType::Q5_1), 24u);
    EXPECT_EQ(blockBytes(GgmlType::Q8_0), 34u);
    EXPECT_EQ(blockElems(GgmlType::Q4_K), 256u);
    EXPECT_EQ(blockBytes(GgmlType::Q4_K), 144u);
    EXPECT_EQ(blockBytes(GgmlType::Q5_K), 176u);
    EXPECT_EQ(blockBytes(GgmlType::Q6_K), 210u);
    EXPECT_EQ(blockBytes(GgmlType::Q2_K), 84u);
    EXPECT_EQ(blockBytes(GgmlType::Q3_K), 110u);
    EXPECT_TRUE(pb::gguf::isKnownType(23));   // IQ4_XS
    EXPECT_FALSE(pb::gguf::isKnownType(4));   // removed Q4_2
    EXPECT_FALSE(pb::gguf::isKnownType(5000));
    EXPECT_STREQ(pb::gguf::typeName(GgmlType::Q6_K), "Q6_K");
    EXPECT_FALSE(pb::gguf::canDequantize(GgmlType::Q8_1));  // never in model files
    for (GgmlType t : kDequantTypes) EXPECT_TRUE(pb::gguf::canDequantize(t)) << pb::gguf::typeName(t);
}

TEST(QuantDequant, HandBuiltBlocks) {
    // Q8_0: d = 0.5, qs[k] = k - 16 -> y[k] = (k - 16) / 2
    uint8_t q8[34];
    putF16(q8, 0.5f);
    for (int k = 0; k < 32; ++k) q8[2 + k] = uint8_t(int8_t(k - 16));
    float y[256];
    pb::gguf::dequantize(GgmlType::Q8_0, q8, y, 32);
    for (int k = 0; k < 32; ++k) EXPECT_EQ(y[k], (k - 16) * 0.5f);

    // Q4_0: d = 2, qs[j] = j | (15 - j) << 4 -> y[j] = 2 (j - 8), y[j + 16] = 2 (7 - j)
    uint8_t q4[18];
    putF16(q4, 2.0f);
    for (int j = 0; j < 16; ++j) q4[2 + j] = uint8_t(j | ((15 - j) << 4));
    pb::gguf::dequantize(GgmlType::Q4_0, q4, y, 32);
    for (int j = 0; j < 16; ++j) {
        EXPECT_EQ(y[j], 2.0f * (j - 8));
        EXPECT_EQ(y[j + 16], 2.0f * (7 - j));
    }

    // Q4_1: d = 0.25, m = -1, all nibbles 4 -> 0
    uint8_t q41[20];
    putF16(q41, 0.25f);
    putF16(q41 + 2, -1.0f);
    std::memset(q41 + 4, 0x44, 16);
    pb::gguf::dequantize(GgmlType::Q4_1, q41, y, 32);
    for (int j = 0; j < 32; ++j) EXPECT_EQ(y[j], 0.0f);

    // Q5_0: d = 1, qs all 0, qh = only bit 17 set -> y[17] = 0, others -16
    uint8_t q5[22] = {};
    putF16(q5, 1.0f);
    q5[2 + 2] = 0x02;  // qh byte 2, bit 1 = bit 17
    pb::gguf::dequantize(GgmlType::Q5_0, q5, y, 32);
    for (int j = 0; j < 32; ++j) EXPECT_EQ(y[j], j == 17 ? 0.0f : -16.0f) << j;

    // Q4_K: d = 1, dmin = 0.5, sub-block scales s+1 and mins s, every nibble 3.
    uint8_t qk[144] = {};
    putF16(qk, 1.0f);
    putF16(qk + 2, 0.5f);
    uint8_t* sc = qk + 4;
    for (int s = 0; s < 4; ++s) {
        sc[s] = uint8_t(s + 1);
        sc[s + 4] = uint8_t(s);
    }
    for (int s = 4; s < 8; ++s) sc[s + 4] = uint8_t((s + 1) | (s << 4));  // high bits 0 (values < 16)
    std::memset(qk + 16, 0x33, 128);
    pb::gguf::dequantize(GgmlType::Q4_K, qk, y, 256);
    for (int e = 0; e < 256; ++e) {
        const int s = e / 32;
        EXPECT_EQ(y[e], 3.0f * float(s + 1) - 0.5f * float(s)) << e;
    }

    // Q6_K: d = 1, all scales 2, ql = 0, qh = 0 -> every value 2 * (0 - 32) = -64
    uint8_t q6[210] = {};
    putF16(q6 + 208, 1.0f);
    std::memset(q6 + 192, 2, 16);
    pb::gguf::dequantize(GgmlType::Q6_K, q6, y, 256);
    for (int e = 0; e < 256; ++e) EXPECT_EQ(y[e], -64.0f);
}

TEST(QuantDequant, RandomBlocksMatchReferenceFormulas) {
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> scale(-2.0f, 2.0f);
    for (GgmlType t : kDequantTypes) {
        const uint64_t be = pb::gguf::blockElems(t), bb = pb::gguf::blockBytes(t);
        const uint64_t nblocks = be == 1 ? 512 : 8;
        std::vector<uint8_t> src(nblocks * bb);
        for (auto& x : src) x = uint8_t(rng());
        for (uint64_t i = 0; i < nblocks; ++i) {
            for (int off : f16Fields(t)) putF16(src.data() + i * bb + off, scale(rng));
            if (t == GgmlType::F16 || t == GgmlType::BF16 || t == GgmlType::F32) {
                // keep plain values finite for the comparison below
                if (!std::isfinite(refElement(t, src.data() + i * bb, 0))) std::memset(src.data() + i * bb, 0, bb);
            }
        }
        std::vector<float> got(nblocks * be);
        pb::gguf::dequantize(t, src.data(), got.data(), got.size());
        for (uint64_t i = 0; i < nblocks; ++i)
            for (uint64_t e = 0; e < be; ++e) {
                const float want = refElement(t, src.data() + i * bb, int(e));
                const float g = got[i * be + e];
                ASSERT_NEAR(g, want, 1e-6f * std::max(1.0f, std::fabs(want)))
                    << pb::gguf::typeName(t) << " block " << i << " element " << e;
            }
    }
}

TEST(QuantDequant, RejectsBadCountsAndTypes) {
    std::vector<uint8_t> src(1024);
    std::vector<float> dst(512);
    EXPECT_THROW(pb::gguf::dequantize(GgmlType::Q4_0, src.data(), dst.data(), 33), pb::Error);
    EXPECT_THROW(pb::gguf::dequantize(GgmlType::Q8_1, src.data(), dst.data(), 32), pb::Error);
    EXPECT_THROW(pb::gguf::dequantize(GgmlType(4), src.data(), dst.data(), 32), pb::Error);
    EXPECT_THROW(pb::gguf::quantize(GgmlType::Q6_K, dst.data(), src.data(), 256), pb::Error);
    EXPECT_THROW(pb::gguf::quantize(GgmlType::Q8_0, dst.data(), src.data(), 48), pb::Error);
}

// quantize -> dequantize stays within the step size of each format.
TEST(QuantRoundTrip, ErrorBounds) {
    std::mt19937 rng(99);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const uint64_t n = 32 * 256;
    std::vector<float> x(n);
    for (uint64_t i = 0; i < n; ++i) x[i] = normal(rng) * ((i / 32) % 7 == 0 ? 100.0f : 0.02f);
    for (int k = 0; k < 32; ++k) x[32 * 5 + k] = 0.0f;  // an all-zero block
    for (int k = 0; k < 32; ++k) x[32 * 6 + k] = 3.0f;  // a constant block

    for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_1}) {
        std::vector<uint8_t> q(n / pb::gguf::blockElems(t) * pb::gguf::blockBytes(t));
        std::vector<float> y(n);
        pb::gguf::quantize(t, x.data(), q.data(), n);
        pb::gguf::dequantize(t, q.data(), y.data(), n);
        for (uint64_t b = 0; b < n / 32; ++b) {
            float amax = 0, mn = x[32 * b], mx = x[32 * b];
            for (int k = 0; k < 32; ++k) {
                amax = std::max(amax, std::fabs(x[32 * b + k]));
                mn = std::min(mn, x[32 * b + k]);
                mx = std::max(mx, x[32 * b + k]);
            }
            for (int k = 0; k < 32; ++k) {
                const float xv = x[32 * b + k], err = std::fabs(y[32 * b + k] - xv);
                float bound = 0;
                switch (t) {
                case GgmlType::F32: bound = 0; break;
                case GgmlType::F16: bound = std::max(std::fabs(xv) * 0x1p-11f, 0x1p-25f); break;
                case GgmlType::BF16: bound = std::fabs(xv) * 0x1p-8f; break;
                // half a step, plus the fp16 rounding of d times the largest code
                case GgmlType::Q8_0: bound = amax / 127 * 0.5f + amax * 0x1p-10f; break;
                // codes -8..7 around d = max / -8: the far end clamps to 7 steps (one step error)
                case GgmlType::Q4_0: bound = amax / 8 * 1.0f + amax * 0x1p-9f; break;
                case GgmlType::Q4_1: bound = (mx - mn) / 15 * 0.5f + (mx - mn) * 0x1p-9f + std::fabs(mn) * 0x1p-10f; break;
                default: break;
                }
                ASSERT_LE(err, bound + 1e-7f) << pb::gguf::typeName(t) << " block " << b << " x=" << xv;
            }
        }
    }
    // Exactly representable values come back exactly from Q8_0.
    float ints[32];
    for (int k = 0; k < 32; ++k) ints[k] = float(k * 8 - 127 + (k == 31 ? 6 : 0));
    uint8_t blk[34];
    float back[32];
    pb::gguf::quantize(GgmlType::Q8_0, ints, blk, 32);
    pb::gguf::dequantize(GgmlType::Q8_0, blk, back, 32);
    for (int k = 0; k < 32; ++k) EXPECT_EQ(back[k], ints[k]);
}

TEST(QuantRoundTrip, ReferenceQuantizerCodes) {
    // Q4_0: x[j] = j - 16 -> max-by-abs is -16, d = -16 / -8 = 2, q = min(15, trunc(x/2 + 8.5)).
    float x[32];
    for (int j = 0; j < 32; ++j) x[j] = float(j - 16);
    uint8_t b[18];
    pb::gguf::quantize(GgmlType::Q4_0, x, b, 32);
    EXPECT_EQ(f16(b), 2.0f);
    for (int j = 0; j < 16; ++j) {
        const int q0 = std::min(15, int(x[j] / 2 + 8.5f)), q1 = std::min(15, int(x[j + 16] / 2 + 8.5f));
        EXPECT_EQ(b[2 + j], q0 | (q1 << 4)) << j;
    }
    // Q4_1: min -16, max 15, d = 31/15, codes round((x - min)/d).
    uint8_t c[20];
    pb::gguf::quantize(GgmlType::Q4_1, x, c, 32);
    EXPECT_EQ(f16(c + 2), -16.0f);
    EXPECT_EQ(c[4] & 15, 0);
    EXPECT_EQ(c[4 + 15] >> 4, 15);
    // Q8_0: d = amax / 127.
    uint8_t e[34];
    pb::gguf::quantize(GgmlType::Q8_0, x, e, 32);
    EXPECT_EQ(f16(e), pb::halfToFloat(pb::floatToHalf(16.0f / 127)));
    EXPECT_EQ(int8_t(e[2]), -127);
}
