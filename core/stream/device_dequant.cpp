#include "core/stream/device_dequant.h"

#include <algorithm>

#include <torch/torch.h>

#include "core/stream/device_dequant_ops.h"
#include "core/util/error.h"

namespace pb {

namespace {

using devq::cols;
using devq::f16;

// Packed nibbles [nb, 16] uint8 -> [nb, 32] float32: low nibbles are elements 0..15, high 16..31.
torch::Tensor nibbles(const torch::Tensor& qs) {
    return torch::cat({qs.bitwise_and(0x0F), qs.bitwise_right_shift(4)}, 1).to(torch::kFloat32);
}

// Q5_0 / Q5_1 5-bit values: nibbles | bit e of the u32 qh at `qh_off` << 4: [nb, 32] float32.
torch::Tensor fiveBits(const torch::Tensor& blocks, int64_t qh_off) {
    auto high = devq::bitsOf(cols(blocks, qh_off, qh_off + 4)).reshape({blocks.size(0), 32});  // [nb, 32]
    auto qs = cols(blocks, qh_off + 4, qh_off + 20);
    auto low = torch::cat({qs.bitwise_and(0x0F), qs.bitwise_right_shift(4)}, 1);
    return low.bitwise_or(high.bitwise_left_shift(4)).to(torch::kFloat32);
}

// The 32-element block types: [nb, 32] float32.
torch::Tensor dequant32(gguf::GgmlType t, const torch::Tensor& blocks) {
    using gguf::GgmlType;
    auto d = f16(blocks, 0);  // [nb, 1] scale
    switch (t) {
    case GgmlType::Q8_0: return cols(blocks, 2, 34).contiguous().view(torch::kInt8).to(torch::kFloat32) * d;
    case GgmlType::Q4_0: return (nibbles(cols(blocks, 2, 18)) - 8.0f) * d;     // f16 d | u8 qs[16]
    case GgmlType::Q4_1: return nibbles(cols(blocks, 4, 20)) * d + f16(blocks, 2);  // f16 d | f16 m | u8 qs[16]
    case GgmlType::Q5_0: return (fiveBits(blocks, 2) - 16.0f) * d;             // f16 d | u32 qh | u8 qs[16]
    case GgmlType::Q5_1: return fiveBits(blocks, 4) * d + f16(blocks, 2);      // f16 d | f16 m | u32 qh | u8 qs[16]
    default: return devq::dequantIq(t, blocks);                                // IQ4_NL
    }
}

} // namespace

bool deviceDequantizes(gguf::GgmlType t) {
    using gguf::GgmlType;
    switch (t) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::BF16: case GgmlType::Q8_0: case GgmlType::Q4_0:
    case GgmlType::Q4_1: case GgmlType::Q5_0: case GgmlType::Q5_1:
        return true;
    default:
        return devq::handlesK(t) || devq::handlesIq(t);
    }
}

torch::Tensor dequantizeOnDevice(gguf::GgmlType t, const torch::Tensor& raw, int64_t n, torch::ScalarType dtype) {
    using gguf::GgmlType;
    if (!deviceDequantizes(t)) throw Error(std::string("cannot dequantize ") + gguf::typeName(t) + " on the device");
    const int64_t per = static_cast<int64_t>(gguf::blockElems(t)), bytes = static_cast<int64_t>(gguf::blockBytes(t));
    if (n < 0 || n % per != 0 || raw.numel() != n / per * bytes)
        throw Error(std::string("a ") + gguf::typeName(t) + " tensor of " + std::to_string(n) + " elements needs " +
                    std::to_string(n / per * bytes) + " bytes, got " + std::to_string(raw.numel()));
    if (raw.scalar_type() != torch::kUInt8) throw Error("device dequantization takes the raw bytes as uint8");
    auto flat = raw.contiguous();
    switch (t) {
    case GgmlType::F32: return flat.view(torch::kFloat32).to(dtype);
    case GgmlType::F16: return flat.view(torch::kFloat16).to(dtype);
    case GgmlType::BF16: return flat.view(torch::kBFloat16).to(dtype);
    default: break;
    }
    const int64_t nb = n / per;
    auto blocks = flat.view({nb, bytes});                                 // [nb, bytes]
    auto out = torch::empty({nb, per}, raw.options().dtype(dtype));       // [nb, per]
    // Chunks of ~16M values bound the float32 temporaries (a few per value) on the device.
    const int64_t chunk = std::max<int64_t>(1, (int64_t(1) << 24) / per);
    for (int64_t from = 0; from < nb; from += chunk) {
        const auto b = blocks.slice(0, from, std::min(nb, from + chunk));
        const torch::Tensor y = per == 32 ? dequant32(t, b) : devq::handlesK(t) ? devq::dequantK(t, b)
                                                                                : devq::dequantIq(t, b);
        out.slice(0, from, from + b.size(0)).copy_(y);  // [chunk, per] float32 -> dtype
    }
    return out.view({n});
}

} // namespace pb
