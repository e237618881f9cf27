// fp16 / bf16 conversions: exhaustive round trips, known edge values, and RNE
// checked against an independent nearest-value search (and _Float16 when available).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "core/io/half.h"

namespace {
uint32_t bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
float fromBits(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}
// Exact value of a finite half, computed from its fields in double.
double halfValue(uint16_t h) {
    const int e = (h >> 10) & 31, m = h & 1023;
    const double v = e == 0 ? std::ldexp(m, -24) : std::ldexp(1024 + m, e - 25);
    return (h & 0x8000) ? -v : v;
}
} // namespace

TEST(HalfTest, EveryHalfRoundTripsBitExactly) {
    for (uint32_t h = 0; h < 65536; ++h) {
        const float f = pb::halfToFloat(uint16_t(h));
        const bool nan = ((h >> 10) & 31) == 31 && (h & 1023) != 0;
        EXPECT_EQ(std::isnan(f), nan) << h;
        if (((h >> 10) & 31) != 31) EXPECT_EQ(double(f), halfValue(uint16_t(h))) << h;
        EXPECT_EQ(pb::floatToHalf(f), h) << std::hex << h;
    }
}

TEST(HalfTest, KnownValues) {
    EXPECT_EQ(pb::floatToHalf(1.0f), 0x3c00);
    EXPECT_EQ(pb::floatToHalf(-2.0f), 0xc000);
    EXPECT_EQ(pb::floatToHalf(0.0f), 0x0000);
    EXPECT_EQ(pb::floatToHalf(-0.0f), 0x8000);
    EXPECT_EQ(pb::floatToHalf(65504.0f), 0x7bff);
    EXPECT_EQ(pb::floatToHalf(65519.99f), 0x7bff);
    EXPECT_EQ(pb::floatToHalf(65520.0f), 0x7c00);  // tie between 65504 (odd) and 2^16: rounds to inf
    EXPECT_EQ(pb::floatToHalf(1e10f), 0x7c00);
    EXPECT_EQ(pb::floatToHalf(-std::numeric_limits<float>::infinity()), 0xfc00);
    EXPECT_EQ(pb::floatToHalf(std::ldexp(1.0f, -14)), 0x0400);  // smallest normal
    EXPECT_EQ(pb::floatToHalf(std::ldexp(1.0f, -24)), 0x0001);  // smallest subnormal
    EXPECT_EQ(pb::floatToHalf(std::ldexp(1.0f, -25)), 0x0000);  // tie to even: zero
    EXPECT_EQ(pb::floatToHalf(std::ldexp(3.0f, -26)), 0x0001);
    EXPECT_EQ(pb::floatToHalf(std::ldexp(3.0f, -25)), 0x0002);  // 1.5 ulp: tie to even 2
    EXPECT_EQ(pb::floatToHalf(std::ldexp(1023.5f, -24)), 0x0400);  // rounds up into the normals
    EXPECT_EQ(pb::floatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3c00);  // tie: even
    EXPECT_EQ(pb::floatToHalf(1.0f + std::ldexp(3.0f, -11)), 0x3c02);  // tie: even (up)
    EXPECT_EQ(pb::floatToHalf(std::ldexp(1.0f, -30)), 0x0000);
    EXPECT_EQ(pb::halfToFloat(0x3555), 0.333251953125f);
    EXPECT_EQ(pb::halfToFloat(0x0001), std::ldexp(1.0f, -24));
    EXPECT_EQ(pb::halfToFloat(0x83ff), -std::ldexp(1023.0f, -24));
    EXPECT_TRUE(std::isinf(pb::halfToFloat(0x7c00)));
    const uint16_t nan = pb::floatToHalf(std::numeric_limits<float>::quiet_NaN());
    EXPECT_EQ(nan & 0x7c00, 0x7c00);
    EXPECT_NE(nan & 0x03ff, 0);
    EXPECT_NE(pb::floatToHalf(fromBits(0x7f800001)) & 0x3ff, 0);  // payload below the kept bits: still NaN
}

// RNE against an independent search: the result is the nearest finite half
// (ties to the even mantissa), or inf at and beyond 65520.
TEST(HalfTest, RoundsToNearestEvenOnRandomFloats) {
    std::mt19937 rng(7);
    for (int i = 0; i < 300000; ++i) {
        float f;
        if (i % 3 == 0) f = fromBits(rng());  // any bit pattern
        else f = std::ldexp(float(rng() % 100000) / 100000.0f, int(rng() % 44) - 28) * ((rng() & 1) ? 1 : -1);
        if (std::isnan(f)) continue;
        const uint16_t h = pb::floatToHalf(f);
        const double x = std::fabs(double(f));
        if (x >= 65520.0) {
            EXPECT_EQ(h & 0x7fff, 0x7c00) << f;
            continue;
        }
        ASSERT_LT(h & 0x7fff, 0x7c00) << f;
        EXPECT_EQ(h >> 15, bits(f) >> 31) << f;
        const uint16_t mag = h & 0x7fff;
        const double err = std::fabs(halfValue(mag) - x);
        for (int d : {-1, 1}) {
            const int other = int(mag) + d;
            if (other < 0 || other > 0x7bff) continue;
            const double oerr = std::fabs(halfValue(uint16_t(other)) - x);
            EXPECT_TRUE(err < oerr || (err == oerr && (mag & 1) == 0)) << f << " -> " << std::hex << h;
        }
    }
}

#ifdef __FLT16_MAX__
TEST(HalfTest, MatchesCompilerFloat16) {
    std::mt19937 rng(11);
    for (int i = 0; i < 1000000; ++i) {
        const float f = fromBits(rng());
        if (std::isnan(f)) continue;
        const _Float16 c = static_cast<_Float16>(f);
        uint16_t want;
        std::memcpy(&want, &c, 2);
        ASSERT_EQ(pb::floatToHalf(f), want) << f;
    }
}
#endif

TEST(HalfTest, Bf16RoundsToNearestEven) {
    EXPECT_EQ(pb::floatToBf16(1.0f), 0x3f80);
    EXPECT_EQ(pb::floatToBf16(-2.0f), 0xc000);
    EXPECT_EQ(pb::floatToBf16(fromBits(0x3f808000)), 0x3f80);  // tie, even stays
    EXPECT_EQ(pb::floatToBf16(fromBits(0x3f818000)), 0x3f82);  // tie, odd rounds up
    EXPECT_EQ(pb::floatToBf16(fromBits(0x3f808001)), 0x3f81);
    EXPECT_EQ(pb::floatToBf16(fromBits(0x3f807fff)), 0x3f80);
    EXPECT_EQ(pb::floatToBf16(fromBits(0x7f7fffff)), 0x7f80);  // rounds to inf
    EXPECT_EQ(pb::floatToBf16(std::numeric_limits<float>::infinity()), 0x7f80);
    EXPECT_EQ(pb::floatToBf16(fromBits(0x00000001)), 0x0000);  // denormal rounds to zero
    EXPECT_EQ(pb::floatToBf16(fromBits(0xff800001)) & 0xff80, 0xff80);  // NaN keeps sign, stays NaN
    EXPECT_NE(pb::floatToBf16(fromBits(0x7f800001)) & 0x7f, 0);
    for (uint32_t b = 0; b < 65536; ++b) {
        const float f = pb::bf16ToFloat(uint16_t(b));
        EXPECT_EQ(bits(f), b << 16);
        if (!std::isnan(f)) EXPECT_EQ(pb::floatToBf16(f), b);
    }
}
