// IQ* types with torch ops, on the device that holds the blocks: the codebooks of
// core/io/iq_tables.cpp become small float32 tables on that device, and grid rows and sign
// patterns are picked with index_select. Float operations as the CPU dequantizers
// (core/io/quants_iq.cpp), in the same order: the same bits.
#include <vector>

#include <torch/torch.h>

#include "core/io/iq_tables.h"
#include "core/stream/device_dequant_ops.h"

namespace pb::devq {

namespace {

using torch::Tensor;
constexpr auto kF32 = torch::kFloat32;

// A grid of `rows` entries of `width` elements as float32 [rows, width] on `dev`
// (signed: the bytes are int8, as IQ1_S's -1/0/1).
template <typename Row>
Tensor gridTable(const Row* grid, int64_t rows, int width, bool is_signed, const torch::Device& dev) {
    std::vector<float> v(static_cast<size_t>(rows * width));
    for (int64_t r = 0; r < rows; ++r)
        for (int j = 0; j < width; ++j) {
            const uint8_t byte = gguf::iq::gridByte(grid[r], j);
            v[static_cast<size_t>(r * width + j)] = is_signed ? float(int8_t(byte)) : float(byte);
        }
    return torch::tensor(v, kF32).view({rows, width}).to(dev);
}

// kSignsIq2xs as float32 [128, 8] of +1 / -1 on `dev`.
Tensor signTable(const torch::Device& dev) {
    std::vector<float> v(128 * 8);
    for (int i = 0; i < 128; ++i)
        for (int j = 0; j < 8; ++j) v[size_t(8 * i + j)] = (gguf::iq::kSignsIq2xs[i] >> j) & 1 ? -1.0f : 1.0f;
    return torch::tensor(v, kF32).view({128, 8}).to(dev);
}

// kValuesIq4nl as float32 [16, 1] on `dev`.
Tensor iq4Table(const torch::Device& dev) {
    std::vector<float> v(16);
    for (int i = 0; i < 16; ++i) v[size_t(i)] = float(gguf::iq::kValuesIq4nl[i]);
    return torch::tensor(v, kF32).view({16, 1}).to(dev);
}

// Low then high nibbles of groups of `n` bytes: [..., 2 n] uint8 from [..., n].
Tensor nibblesLowHigh(const Tensor& q) {
    auto x = q.unsqueeze(-2);  // [..., 1, n]
    auto sizes = q.sizes().vec();
    sizes.back() *= 2;
    return x.bitwise_right_shift(shifts(x, 2, 4).view({2, 1})).bitwise_and(15).reshape(sizes);
}

// d * (0.5 + s) * k for 4-bit scales s (any integer tensor), d [nb, 1] broadcast over s [nb, m].
Tensor halfStepScale(const Tensor& d, const Tensor& s, float k) { return d * (s.to(kF32) + 0.5f) * k; }

// IQ4_NL (18 B): f16 d | u8 qs[16].
Tensor iq4nl(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto v = lookup(iq4Table(b.device()), nibblesLowHigh(cols(b, 2, 18))).view({nb, 32});
    return f16(b, 0) * v;
}

// IQ4_XS (136 B): f16 d | u16 scales_h | u8 scales_l[4] | u8 qs[128].
Tensor iq4xs(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto lo = nibblesLowHigh(cols(b, 4, 8).reshape({nb, 4, 1})).reshape({nb, 8}).to(torch::kInt32);  // [nb, 8]
    auto sh = u16(b, 2, 1);                                                          // [nb, 1]
    auto hi = sh.bitwise_right_shift(shifts(sh, 8, 2).view({1, 8})).bitwise_and(3);  // [nb, 8]
    auto dl = (f16(b, 0) * (lo.bitwise_or(hi.bitwise_left_shift(4)) - 32).to(kF32)).unsqueeze(2);  // [nb, 8, 1]
    auto q = nibblesLowHigh(cols(b, 8, 136).reshape({nb, 8, 16}));                   // [nb, 8, 32]
    auto v = lookup(iq4Table(b.device()), q).view({nb, 8, 32});
    return (dl * v).view({nb, 256});
}

// Sign patterns of 7-bit indices packed at bits 0, 7, 14, 21 of u32 words [nb, m]: [nb, m, 4, 8].
Tensor signsOf7(const Tensor& aux) {
    auto idx = aux.unsqueeze(-1).bitwise_right_shift(shifts(aux, 4, 7)).bitwise_and(127);  // [nb, m, 4]
    return lookup(signTable(aux.device()), idx);
}

// IQ2_XXS (66 B): f16 d | 8 x (u8 grid[4] | u32 signs and scale).
Tensor iq2xxs(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto g = cols(b, 2, 66).reshape({nb, 8, 8});
    auto idx = g.slice(2, 0, 4);                                                     // [nb, 8, 4]
    auto aux = u32(g.reshape({nb * 8, 8}), 4, 1).view({nb, 8});                      // [nb, 8]
    auto db = halfStepScale(f16(b, 0), aux.bitwise_right_shift(28), 0.25f).view({nb, 8, 1, 1});
    auto grid = lookup(gridTable(gguf::iq::kIq2xxsGrid, 256, 8, false, b.device()), idx);  // [nb, 8, 4, 8]
    return (db * grid * signsOf7(aux)).view({nb, 256});
}

// IQ2_XS (74 B): f16 d | u16 qs[32] (9-bit index | 7 sign bits) | u8 scales[8].
Tensor iq2xs(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto q = u16(b, 2, 32);                                                          // [nb, 32]
    auto db = halfStepScale(f16(b, 0), nibblesLowHigh(cols(b, 66, 74).reshape({nb, 8, 1})).reshape({nb, 16}), 0.25f);
    auto grid = lookup(gridTable(gguf::iq::kIq2xsGrid, 512, 8, false, b.device()), q.bitwise_and(511));  // [nb, 32, 8]
    auto sg = lookup(signTable(b.device()), q.bitwise_right_shift(9));               // [nb, 32, 8]
    return (db.view({nb, 16, 1, 1}) * grid.view({nb, 16, 2, 8}) * sg.view({nb, 16, 2, 8})).view({nb, 256});
}

// IQ2_S (82 B): f16 d | u8 qs[32] | u8 signs[32] | u8 qh[8] | u8 scales[8].
Tensor iq2s(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto qh = cols(b, 66, 74).unsqueeze(2).to(torch::kInt32);                        // [nb, 8, 1]
    auto high = qh.bitwise_right_shift(shifts(qh, 4, 2).view({1, 1, 4})).bitwise_and(3).reshape({nb, 32});
    auto idx = cols(b, 2, 34).to(torch::kInt32).bitwise_or(high.bitwise_left_shift(8));  // [nb, 32]
    auto db = halfStepScale(f16(b, 0), nibblesLowHigh(cols(b, 74, 82).reshape({nb, 8, 1})).reshape({nb, 16}), 0.25f);
    auto grid = lookup(gridTable(gguf::iq::kIq2sGrid, 1024, 8, false, b.device()), idx);  // [nb, 32, 8]
    auto sg = signOf(bitsOf(cols(b, 34, 66)));                                       // [nb, 32, 8]
    return (db.view({nb, 16, 1, 1}) * grid.view({nb, 16, 2, 8}) * sg.view({nb, 16, 2, 8})).view({nb, 256});
}

// IQ3_XXS (98 B): f16 d | u8 qs[64] | u32 signs and scale[8].
Tensor iq3xxs(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto aux = u32(b, 66, 8);                                                        // [nb, 8]
    auto db = halfStepScale(f16(b, 0), aux.bitwise_right_shift(28), 0.5f).view({nb, 8, 1, 1});
    auto grid = lookup(gridTable(gguf::iq::kIq3xxsGrid, 256, 4, false, b.device()), cols(b, 2, 66));  // [nb, 64, 4]
    return (db * grid.view({nb, 8, 4, 8}) * signsOf7(aux)).view({nb, 256});
}

// IQ3_S (110 B): f16 d | u8 qs[64] | u8 qh[8] | u8 signs[32] | u8 scales[4].
Tensor iq3s(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto high = bitsOf(cols(b, 66, 74)).reshape({nb, 64}).to(torch::kInt32);        // 9th index bits
    auto idx = cols(b, 2, 66).to(torch::kInt32).bitwise_or(high.bitwise_left_shift(8));
    auto s = nibblesLowHigh(cols(b, 106, 110).reshape({nb, 4, 1})).reshape({nb, 8}).to(torch::kInt32);
    auto db = (f16(b, 0) * (2 * s + 1).to(kF32)).view({nb, 8, 1});
    auto grid = lookup(gridTable(gguf::iq::kIq3sGrid, 512, 4, false, b.device()), idx).view({nb, 8, 32});
    auto sg = signOf(bitsOf(cols(b, 74, 106))).view({nb, 8, 32});
    return (db * grid * sg).view({nb, 256});
}

// dl * (grid + delta) of IQ1_S / IQ1_M: dl [nb, g, 1, 1], 11-bit idx [nb, g, r], delta [nb, g, r, 1].
Tensor iq1(const Tensor& dl, const Tensor& idx, const Tensor& delta) {
    auto grid = lookup(gridTable(gguf::iq::kIq1sGrid, 2048, 8, true, idx.device()), idx);  // [nb, g, r, 8]
    return (dl * (grid + delta)).reshape({idx.size(0), 256});
}

// IQ1_S (50 B): f16 d | u8 qs[32] | u16 qh[8].
Tensor iq1s(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto qh = u16(b, 34, 8);                                                         // [nb, 8]
    auto dl = (f16(b, 0) * (2 * qh.bitwise_right_shift(12).bitwise_and(7) + 1).to(kF32)).view({nb, 8, 1, 1});
    auto delta = (0.125f - 0.25f * qh.bitwise_right_shift(15).to(kF32)).view({nb, 8, 1, 1});
    auto high = qh.unsqueeze(2).bitwise_right_shift(shifts(qh, 4, 3).view({1, 1, 4})).bitwise_and(7);  // [nb, 8, 4]
    auto idx = cols(b, 2, 34).reshape({nb, 8, 4}).to(torch::kInt32).bitwise_or(high.bitwise_left_shift(8));
    return iq1(dl, idx, delta);
}

// IQ1_M (56 B): u8 qs[32] | u8 qh[16] | u8 scales[8] (4 u16; d = their top nibbles).
Tensor iq1m(const Tensor& b) {
    const int64_t nb = b.size(0);
    auto sc = u16(b, 48, 4);                                                         // [nb, 4]
    auto dbits = sc.select(1, 0).bitwise_right_shift(12)
                     .bitwise_or(sc.select(1, 1).bitwise_right_shift(8).bitwise_and(0x00F0))
                     .bitwise_or(sc.select(1, 2).bitwise_right_shift(4).bitwise_and(0x0F00))
                     .bitwise_or(sc.select(1, 3).bitwise_and(0xF000));               // [nb] 0..65535
    dbits = dbits - dbits.bitwise_right_shift(15) * 65536;                           // as int16 (two's complement)
    auto d = dbits.to(torch::kInt16).view(torch::kFloat16).to(kF32).view({nb, 1});
    auto s = sc.unsqueeze(2).bitwise_right_shift(shifts(sc, 4, 3).view({1, 1, 4})).bitwise_and(7).reshape({nb, 16});
    auto dl = (d * (2 * s + 1).to(kF32)).view({nb, 16, 1, 1});
    auto nib = nibblesLowHigh(cols(b, 32, 48).reshape({nb, 16, 1})).reshape({nb, 16, 2}).to(torch::kInt32);
    auto idx = cols(b, 0, 32).reshape({nb, 16, 2}).to(torch::kInt32).bitwise_or(nib.bitwise_and(7).bitwise_left_shift(8));
    auto delta = (0.125f - 0.25f * nib.bitwise_right_shift(3).to(kF32)).unsqueeze(3);  // [nb, 16, 2, 1]
    return iq1(dl, idx, delta);
}

} // namespace

bool handlesIq(gguf::GgmlType t) {
    using gguf::GgmlType;
    switch (t) {
    case GgmlType::IQ4_NL: case GgmlType::IQ4_XS: case GgmlType::IQ2_XXS: case GgmlType::IQ2_XS:
    case GgmlType::IQ2_S: case GgmlType::IQ3_XXS: case GgmlType::IQ3_S: case GgmlType::IQ1_S: case GgmlType::IQ1_M:
        return true;
    default:
        return false;
    }
}

Tensor dequantIq(gguf::GgmlType t, const Tensor& b) {
    using gguf::GgmlType;
    switch (t) {
    case GgmlType::IQ4_NL: return iq4nl(b);
    case GgmlType::IQ4_XS: return iq4xs(b);
    case GgmlType::IQ2_XXS: return iq2xxs(b);
    case GgmlType::IQ2_XS: return iq2xs(b);
    case GgmlType::IQ2_S: return iq2s(b);
    case GgmlType::IQ3_XXS: return iq3xxs(b);
    case GgmlType::IQ3_S: return iq3s(b);
    case GgmlType::IQ1_S: return iq1s(b);
    case GgmlType::IQ1_M: return iq1m(b);
    default: return {};
    }
}

} // namespace pb::devq
