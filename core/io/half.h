#pragma once
// IEEE half and bfloat16 <-> float conversions (bit exact, no hardware needed).
#include <cstdint>
#include <cstring>

namespace pb {

float halfToFloat(uint16_t h);
uint16_t floatToHalf(float f);  // round to nearest even

inline float bf16ToFloat(uint16_t b) {
    uint32_t bits = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}
uint16_t floatToBf16(float f);  // round to nearest even, NaN preserved

} // namespace pb
