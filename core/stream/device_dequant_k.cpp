// K-quants (Q2_K..Q8_K) and TQ1_0 / TQ2_0 with torch ops, on the device that holds the blocks.
// The float operations are those of the CPU dequantizers (core/io/gguf_quants.cpp,
// quants_k.cpp) in the same order, so the results are the same bits.
#include <torch/torch.h>

#include "core/stream/device_dequant_ops.h"

namespace pb::devq {

namespace {

using torch::Tensor;
constexpr auto kF32 = torch::kFloat32;

// 2-bit fields of 64 bytes at `off`: [nb, 256] uint8, element e = (q[32*(e/128) + e%32] >> 2*((e%128)/32)) & 3.
Tensor twoBits(const Tensor& b, int64_t off) {
    auto q = cols(b, off, off + 64).reshape({b.size(0), 2, 1, 32});
    return q.bitwise_right_shift(shifts(q, 4, 2).view({1, 1, 4, 1})).bitwise_and(3).reshape({b.size(0), 256});
}

// Q2_K (84 B): u8 scales[16] | u8 qs[64] | f16 d | f16 dmin.
Tensor q2k(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto sc = cols(b, 0, 16);                                                    // [nb, 16]
    auto dl = (f16(b, 80) * sc.bitwise_and(15).to(kF32)).unsqueeze(2);           // [nb, 16, 1]
    auto ml = (f16(b, 82) * sc.bitwise_right_shift(4).to(kF32)).unsqueeze(2);    // [nb, 16, 1]
    auto q = twoBits(b, 16).to(kF32).view({nb, 16, 16});
    return (dl * q - ml).view({nb, 256});
}

// Q3_K (110 B): u8 hmask[32] | u8 qs[64] | u8 scales[12] | f16 d.
Tensor q3k(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto hm = cols(b, 0, 32).unsqueeze(1);                                              // [nb, 1, 32]
    auto hbit = hm.bitwise_right_shift(shifts(hm, 8, 1).view({1, 8, 1})).bitwise_and(1);  // [nb, 8, 32]
    auto v = twoBits(b, 32).to(torch::kInt16) - (1 - hbit.reshape({nb, 256}).to(torch::kInt16)) * 4;
    auto sc = cols(b, 96, 108);                                                         // [nb, 12]
    auto lo = torch::cat({cols(sc, 0, 8).bitwise_and(15), cols(sc, 0, 8).bitwise_right_shift(4)}, 1);  // [nb, 16]
    auto h = cols(sc, 8, 12).unsqueeze(1);                                              // [nb, 1, 4]
    auto hi = h.bitwise_right_shift(shifts(h, 4, 2).view({1, 4, 1})).bitwise_and(3).reshape({nb, 16});
    auto scale = (lo.bitwise_or(hi.bitwise_left_shift(4)).to(torch::kInt16) - 32).to(kF32);  // [nb, 16]
    auto dl = (f16(b, 108) * scale).unsqueeze(2);                                       // [nb, 16, 1]
    return (dl * v.to(kF32).view({nb, 16, 16})).view({nb, 256});
}

// The 8 6-bit scales and mins of Q4_K / Q5_K (12 bytes at 4): two [nb, 8] float32.
std::pair<Tensor, Tensor> scaleMinK4(const Tensor& b) {
    auto s = cols(b, 4, 16).reshape({b.size(0), 3, 4});
    auto d = s.select(1, 0), m = s.select(1, 1), md = s.select(1, 2);  // [nb, 4] each
    auto sc = torch::cat({d.bitwise_and(63), md.bitwise_and(15).bitwise_or(d.bitwise_right_shift(2).bitwise_and(48))}, 1);
    auto mn = torch::cat({m.bitwise_and(63), md.bitwise_right_shift(4).bitwise_or(m.bitwise_right_shift(2).bitwise_and(48))}, 1);
    return {sc.to(kF32), mn.to(kF32)};
}

// Nibbles of 128 bytes at `off`: [nb, 8, 32] uint8, sub-block 2c = low nibbles of bytes 32c.., 2c+1 = high.
Tensor nibbles256(const Tensor& b, int64_t off) {
    auto q = cols(b, off, off + 128).reshape({b.size(0), 4, 1, 32});
    return q.bitwise_right_shift(shifts(q, 2, 4).view({1, 1, 2, 1})).bitwise_and(15).reshape({b.size(0), 8, 32});
}

// Q4_K (144 B) / Q5_K (176 B): f16 d | f16 dmin | scales[12] | (Q5_K: qh[32]) | qs[128].
Tensor q45k(const Tensor& b, bool five) {
    const int64_t nb = b.size(0);
    auto [sc, mn] = scaleMinK4(b);
    auto d = (f16(b, 0) * sc).unsqueeze(2), m = (f16(b, 2) * mn).unsqueeze(2);  // [nb, 8, 1]
    auto q = nibbles256(b, five ? 48 : 16);                                         // [nb, 8, 32]
    if (five) {
        auto qh = cols(b, 16, 48).unsqueeze(1);                                     // [nb, 1, 32]
        q = q.bitwise_or(qh.bitwise_right_shift(shifts(qh, 8, 1).view({1, 8, 1})).bitwise_and(1).bitwise_left_shift(4));
    }
    return (d * q.to(kF32) - m).view({nb, 256});
}

// Q6_K (210 B): u8 ql[128] | u8 qh[64] | i8 scales[16] | f16 d.
Tensor q6k(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto ql = cols(b, 0, 128).reshape({nb, 2, 1, 64});
    ql = ql.bitwise_right_shift(shifts(ql, 2, 4).view({1, 1, 2, 1})).bitwise_and(15).reshape({nb, 256});
    auto qh = cols(b, 128, 192).reshape({nb, 2, 1, 32});
    qh = qh.bitwise_right_shift(shifts(qh, 4, 2).view({1, 1, 4, 1})).bitwise_and(3).reshape({nb, 256});
    auto q = (ql.bitwise_or(qh.bitwise_left_shift(4)).to(torch::kInt16) - 32).to(kF32).view({nb, 16, 16});
    auto sc = cols(b, 192, 208).contiguous().view(torch::kInt8).to(kF32);  // [nb, 16]
    auto d = (f16(b, 208) * sc).unsqueeze(2);                              // [nb, 16, 1]
    return (d * q).view({nb, 256});
}

// Q8_K (292 B): f32 d | i8 qs[256] | i16 bsums[16].
Tensor q8k(const Tensor& b) { return f32(b, 0) * cols(b, 4, 260).contiguous().view(torch::kInt8).to(kF32); }

// TQ1_0 (54 B): u8 qs[48] | u8 qh[4] | f16 d; base-3 digit n of byte x = (uint8(x * 3^n) * 3) >> 8.
Tensor tq1(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto pow3 = torch::pow(3, torch::arange(0, 5, b.options().dtype(torch::kInt32)));  // [5] 1 3 9 27 81
    auto digits = [&](int64_t from, int64_t n, int64_t k) {  // bytes [from, from + n), k digits each: [nb, k * n]
        auto x = cols(b, from, from + n).to(torch::kInt32).unsqueeze(1) * pow3.slice(0, 0, k).view({1, k, 1});
        return x.bitwise_and(255).mul(3).bitwise_right_shift(8).reshape({nb, k * n});
    };
    auto t = torch::cat({digits(0, 32, 5), digits(32, 16, 5), digits(48, 4, 4)}, 1) - 1;  // [nb, 256]
    return f16(b, 52) * t.to(kF32);
}

// TQ2_0 (66 B): u8 qs[64] | f16 d; 2-bit values minus 1.
Tensor tq2(const Tensor& b) { return f16(b, 64) * (twoBits(b, 0).to(torch::kInt16) - 1).to(kF32); }

} // namespace

bool handlesK(gguf::GgmlType t) {
    using gguf::GgmlType;
    switch (t) {
    case GgmlType::Q2_K: case GgmlType::Q3_K: case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K:
    case GgmlType::Q8_K: case GgmlType::TQ1_0: case GgmlType::TQ2_0:
        return true;
    default:
        return false;
    }
}

Tensor dequantK(gguf::GgmlType t, const Tensor& blocks) {
    using gguf::GgmlType;
    switch (t) {
    case GgmlType::Q2_K: return q2k(blocks);
    case GgmlType::Q3_K: return q3k(blocks);
    case GgmlType::Q4_K: return q45k(blocks, false);
    case GgmlType::Q5_K: return q45k(blocks, true);
    case GgmlType::Q6_K: return q6k(blocks);
    case GgmlType::Q8_K: return q8k(blocks);
    case GgmlType::TQ1_0: return tq1(blocks);
    case GgmlType::TQ2_0: return tq2(blocks);
    default: return {};
    }
}

} // namespace pb::devq
