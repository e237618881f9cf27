#include "core/recover/quantized_weight.h"

#include <string>

#include <torch/torch.h>

#include "core/stream/device_dequant.h"
#include "core/util/error.h"

namespace pb {

namespace {

// Ascending indices below `limit` as an int64 tensor on `device`: [n].
torch::Tensor indexTensor(const std::vector<int64_t>& keep, int64_t limit, torch::Device device, const char* what) {
    for (size_t k = 0; k < keep.size(); ++k)
        if (keep[k] < 0 || keep[k] >= limit || (k > 0 && keep[k] <= keep[k - 1]))
            throw Error(std::string("quantized weight cut: kept ") + what + " index " + std::to_string(keep[k]) +
                        " is not ascending in [0, " + std::to_string(limit) + ")");
    return torch::tensor(keep, torch::kInt64).to(device);
}

} // namespace

QuantizedWeight makeQuantizedWeight(gguf::GgmlType type, torch::Tensor raw, int64_t rows, int64_t elems) {
    if (!deviceDequantizes(type))
        throw Error(std::string("a quantized base cannot keep ggml type ") + gguf::typeName(type) +
                    ": the device dequantizer does not handle it");
    const int64_t per = int64_t(gguf::blockElems(type)), bytes = int64_t(gguf::blockBytes(type));
    if (rows < 1 || elems < 1 || elems % per != 0)
        throw Error(std::string("a ") + gguf::typeName(type) + " weight needs rows of whole blocks of " +
                    std::to_string(per) + " elements, got [" + std::to_string(rows) + ", " + std::to_string(elems) + "]");
    if (raw.scalar_type() != torch::kUInt8 || raw.numel() != rows * (elems / per) * bytes)
        throw Error(std::string("a ") + gguf::typeName(type) + " weight [" + std::to_string(rows) + ", " +
                    std::to_string(elems) + "] needs " + std::to_string(rows * (elems / per) * bytes) +
                    " uint8 bytes, got " + std::to_string(raw.numel()));
    QuantizedWeight w;
    w.raw = raw.reshape({rows, elems / per * bytes});  // [rows, row_bytes]
    w.type = type;
    w.row_elems = elems;
    return w;
}

int64_t QuantizedWeight::bytes() const {
    if (!defined()) return 0;
    return raw.numel() + (keep_cols.defined() ? keep_cols.numel() * 8 : 0);
}

torch::Tensor QuantizedWeight::dequantize(torch::ScalarType dtype) const {
    torch::NoGradGuard ng;
    const int64_t r = rows();
    auto w = dequantizeOnDevice(type, raw.reshape({-1}), r * row_elems, dtype).view({r, row_elems});  // [rows, row_elems]
    return keep_cols.defined() ? w.index_select(1, keep_cols) : w;                                  // [rows, inputs]
}

QuantizedWeight QuantizedWeight::cut(const std::vector<int64_t>& keep_rows, const std::vector<int64_t>& cols) const {
    torch::NoGradGuard ng;
    QuantizedWeight out = *this;
    if (!keep_rows.empty())
        out.raw = raw.index_select(0, indexTensor(keep_rows, rows(), raw.device(), "row")).contiguous();  // [kept, row_bytes]
    if (!cols.empty()) {
        auto idx = indexTensor(cols, inputs(), raw.device(), "column");                 // [kept]
        out.keep_cols = keep_cols.defined() ? keep_cols.index_select(0, idx) : idx;  // into the ggml row
    }
    return out;
}

} // namespace pb
