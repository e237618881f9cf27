#pragma once
// Building blocks of the device dequantizers (device_dequant*.cpp): fields of a tensor of
// ggml blocks [nb, block bytes] uint8, read with torch ops on the tensor's own device. No
// host syncs, no data-dependent shapes: every op is an elementwise kernel, a view or an
// index_select into a small table copied to the device. Internal to core/stream.
#include <cstdint>

#include <torch/torch.h>

#include "core/io/gguf_types.h"

namespace pb::devq {

// Columns [from, to) of blocks [nb, bytes]: [nb, to - from] uint8 (a view).
inline torch::Tensor cols(const torch::Tensor& blocks, int64_t from, int64_t to) { return blocks.slice(1, from, to); }

// The f16 at byte `off` of every block: [nb, 1] float32.
inline torch::Tensor f16(const torch::Tensor& blocks, int64_t off) {
    return cols(blocks, off, off + 2).contiguous().view(torch::kFloat16).to(torch::kFloat32);
}
// The f32 at byte `off` of every block: [nb, 1] float32.
inline torch::Tensor f32(const torch::Tensor& blocks, int64_t off) {
    return cols(blocks, off, off + 4).contiguous().view(torch::kFloat32);
}
// `count` little-endian u16 from byte `off`: [nb, count] int32 (values 0..65535).
inline torch::Tensor u16(const torch::Tensor& blocks, int64_t off, int64_t count) {
    auto b = cols(blocks, off, off + 2 * count).reshape({blocks.size(0), count, 2}).to(torch::kInt32);
    return b.select(2, 0).bitwise_or(b.select(2, 1).bitwise_left_shift(8));
}
// `count` little-endian u32 from byte `off`: [nb, count] int64 (values 0..2^32-1).
inline torch::Tensor u32(const torch::Tensor& blocks, int64_t off, int64_t count) {
    auto b = cols(blocks, off, off + 4 * count).reshape({blocks.size(0), count, 4}).to(torch::kInt64);
    return b.select(2, 0)
        .bitwise_or(b.select(2, 1).bitwise_left_shift(8))
        .bitwise_or(b.select(2, 2).bitwise_left_shift(16))
        .bitwise_or(b.select(2, 3).bitwise_left_shift(24));
}

// Shift amounts start, start + step, ... (count of them) of x's dtype on x's device: [count].
inline torch::Tensor shifts(const torch::Tensor& x, int64_t count, int64_t step, int64_t start = 0) {
    return torch::arange(start, start + count * step, step, x.options());
}

// Every bit of bytes [..., k] (uint8): [..., k, 8] uint8, bit j of byte i at [i, j].
inline torch::Tensor bitsOf(const torch::Tensor& bytes) {
    return bytes.unsqueeze(-1).bitwise_right_shift(shifts(bytes, 8, 1)).bitwise_and(1);
}
// +1 for a clear bit, -1 for a set bit (float32, exact).
inline torch::Tensor signOf(const torch::Tensor& bit) { return 1.0f - 2.0f * bit.to(torch::kFloat32); }

// Rows of a small float32 table [rows, width] picked by idx (any shape, integer): [idx..., width].
inline torch::Tensor lookup(const torch::Tensor& table, const torch::Tensor& idx) {
    auto sizes = idx.sizes().vec();
    sizes.push_back(table.size(1));
    return table.index_select(0, idx.reshape({-1}).to(torch::kInt64)).view(sizes);
}

// [nb, elems] float32 of the types of device_dequant_k.cpp / device_dequant_iq.cpp;
// undefined tensor for a type they do not handle.
torch::Tensor dequantK(gguf::GgmlType t, const torch::Tensor& blocks);
torch::Tensor dequantIq(gguf::GgmlType t, const torch::Tensor& blocks);
bool handlesK(gguf::GgmlType t);
bool handlesIq(gguf::GgmlType t);

} // namespace pb::devq
