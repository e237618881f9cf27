// IEEE binary16 / bfloat16 <-> binary32 conversions, bit exact (see half.h).
#include "core/io/half.h"

namespace pb {

namespace {
inline uint32_t bitsOf(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
inline float floatOf(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}
} // namespace

float halfToFloat(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t em = h & 0x7fffu;  // exponent (5 bits) and mantissa (10 bits)
    if (em >= 0x7c00u)                 // inf / NaN: keep the payload
        return floatOf(sign | 0x7f800000u | ((em & 0x3ffu) << 13));
    if (em >= 0x0400u)                 // normal: rebias the exponent by 127 - 15
        return floatOf(sign | ((em << 13) + 0x38000000u));
    // zero / subnormal: em * 2^-24, exact in float
    return floatOf(sign | bitsOf(float(em) * 5.9604644775390625e-08f));
}

uint16_t floatToHalf(float f) {
    const uint32_t x = bitsOf(f);
    const uint16_t sign = uint16_t((x >> 16) & 0x8000u);
    const uint32_t ax = x & 0x7fffffffu;
    if (ax >= 0x7f800000u) {           // inf / NaN
        if (ax == 0x7f800000u) return sign | 0x7c00u;
        uint16_t m = uint16_t((ax >> 13) & 0x3ffu);
        return sign | 0x7c00u | (m ? m : 0x200u);  // keep a NaN a NaN
    }
    if (ax >= 0x477ff000u) return sign | 0x7c00u;  // >= 65520 rounds to inf
    if (ax >= 0x38800000u) {           // result is a normal half (>= 2^-14)
        // rebias, then round the 13 dropped bits to nearest even; a carry into
        // the exponent is the right answer (and cannot reach inf here).
        uint32_t v = ax - 0x38000000u;
        v += 0x0fffu + ((v >> 13) & 1u);
        return sign | uint16_t(v >> 13);
    }
    if (ax < 0x33000000u) return sign;  // < 2^-25 (half of the smallest subnormal): zero
    // subnormal half: value = m * 2^-24 with m = round(ax_value * 2^24)
    const uint32_t exp = ax >> 23;                   // 102..112
    const uint32_t mant = (ax & 0x7fffffu) | 0x800000u;  // 24-bit significand
    const uint32_t shift = 126u - exp;               // 14..24: mant >> shift = m (truncated)
    uint32_t m = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1u);
    const uint32_t halfway = 1u << (shift - 1u);
    if (rem > halfway || (rem == halfway && (m & 1u))) ++m;  // may carry into the smallest normal: correct
    return sign | uint16_t(m);
}

uint16_t floatToBf16(float f) {
    const uint32_t x = bitsOf(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return uint16_t((x >> 16) | 0x40u);  // NaN: quiet, sign kept
    return uint16_t((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

} // namespace pb
