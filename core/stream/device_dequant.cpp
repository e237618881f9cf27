#include "core/stream/device_dequant.h"

#include <torch/torch.h>

#include "core/util/error.h"

namespace pb {

namespace {

// Column range [from, to) of the byte blocks [nb, bytes], reinterpreted as `t`: [nb, (to-from)/size(t)].
torch::Tensor field(const torch::Tensor& blocks, int64_t from, int64_t to, torch::ScalarType t) {
    return blocks.slice(1, from, to).contiguous().view(t);
}

// Packed nibbles [nb, 16] uint8 -> [nb, 32] float32: low nibbles are elements 0..15, high 16..31.
torch::Tensor nibbles(const torch::Tensor& qs) {
    return torch::cat({qs.bitwise_and(0x0F), qs.bitwise_right_shift(4)}, 1).to(torch::kFloat32);
}

} // namespace

bool deviceDequantizes(gguf::GgmlType t) {
    using gguf::GgmlType;
    return t == GgmlType::F32 || t == GgmlType::F16 || t == GgmlType::BF16 || t == GgmlType::Q8_0 ||
           t == GgmlType::Q4_0 || t == GgmlType::Q4_1;
}

torch::Tensor dequantizeOnDevice(gguf::GgmlType t, const torch::Tensor& raw, int64_t n, torch::ScalarType dtype) {
    using gguf::GgmlType;
    if (!deviceDequantizes(t)) throw Error(std::string("cannot dequantize ") + gguf::typeName(t) + " on the device");
    const int64_t per = static_cast<int64_t>(gguf::blockElems(t)), bytes = static_cast<int64_t>(gguf::blockBytes(t));
    if (n % per != 0 || raw.numel() != n / per * bytes)
        throw Error(std::string("a ") + gguf::typeName(t) + " tensor of " + std::to_string(n) + " elements needs " +
                    std::to_string(n / per * bytes) + " bytes, got " + std::to_string(raw.numel()));
    switch (t) {
    case GgmlType::F32: return raw.view(torch::kFloat32).to(dtype);
    case GgmlType::F16: return raw.view(torch::kFloat16).to(dtype);
    case GgmlType::BF16: return raw.view(torch::kBFloat16).to(dtype);
    default: break;
    }
    auto blocks = raw.view({n / per, bytes});  // [nb, bytes]
    auto d = field(blocks, 0, 2, torch::kFloat16).to(torch::kFloat32);  // [nb, 1] scale
    torch::Tensor y;                                                     // [nb, 32] float32
    if (t == GgmlType::Q8_0) {
        y = field(blocks, 2, 34, torch::kInt8).to(torch::kFloat32) * d;   // f16 d | i8 qs[32]
    } else if (t == GgmlType::Q4_0) {
        y = (nibbles(blocks.slice(1, 2, 18)) - 8.0f) * d;                 // f16 d | u8 qs[16]
    } else {  // Q4_1: f16 d | f16 m | u8 qs[16]
        auto m = field(blocks, 2, 4, torch::kFloat16).to(torch::kFloat32);  // [nb, 1] minimum
        y = nibbles(blocks.slice(1, 4, 20)) * d + m;
    }
    return y.reshape({n}).to(dtype);
}

} // namespace pb
