// Dispatch of the dequantizers of quants_k.cpp and quants_iq.cpp (called by gguf_quants.cpp).
#include "core/io/quants_more.h"

namespace pb::gguf::more {

namespace {

using Fn = void (*)(const uint8_t*, float*, uint64_t);

Fn fnOf(GgmlType t) {
    switch (t) {
    case GgmlType::Q2_K: return deqQ2_K;
    case GgmlType::Q3_K: return deqQ3_K;
    case GgmlType::Q8_K: return deqQ8_K;
    case GgmlType::TQ1_0: return deqTQ1_0;
    case GgmlType::TQ2_0: return deqTQ2_0;
    case GgmlType::IQ4_NL: return deqIQ4_NL;
    case GgmlType::IQ4_XS: return deqIQ4_XS;
    case GgmlType::IQ2_XXS: return deqIQ2_XXS;
    case GgmlType::IQ2_XS: return deqIQ2_XS;
    case GgmlType::IQ2_S: return deqIQ2_S;
    case GgmlType::IQ3_XXS: return deqIQ3_XXS;
    case GgmlType::IQ3_S: return deqIQ3_S;
    case GgmlType::IQ1_S: return deqIQ1_S;
    case GgmlType::IQ1_M: return deqIQ1_M;
    default: return nullptr;
    }
}

} // namespace

bool handles(GgmlType t) { return fnOf(t) != nullptr; }

bool dequantizeMore(GgmlType t, const uint8_t* src, float* dst, uint64_t nb) {
    const Fn fn = fnOf(t);
    if (!fn) return false;
    fn(src, dst, nb);
    return true;
}

} // namespace pb::gguf::more
