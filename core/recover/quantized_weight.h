#pragma once
// One projection weight kept in its GGUF quantization on the device: the ggml rows as they
// are in the file (one output row = whole ggml blocks along the input dim), dequantized on
// demand with torch ops (core/stream/device_dequant, bit-exact with the CPU dequantizer) and
// never stored dequantized. A pruning cut keeps output rows in ggml form (whole rows are
// copied); kept input columns cut through ggml blocks, so they are gathered after each
// dequantization (exact: the same values applyPlan keeps from the dequantized weight).
#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "core/io/gguf_types.h"

namespace pb {

struct QuantizedWeight {
    torch::Tensor raw;                          // [rows, row_bytes] uint8 on the device, in Hugging Face row order
    gguf::GgmlType type = gguf::GgmlType::F32;  // ggml type of every row
    int64_t row_elems = 0;                      // elements per row (the source tensor's input dim)
    torch::Tensor keep_cols;                    // [inputs] int64 on raw's device; undefined = every column

    bool defined() const { return raw.defined(); }
    int64_t rows() const { return raw.size(0); }
    int64_t inputs() const { return keep_cols.defined() ? keep_cols.size(0) : row_elems; }
    // Device bytes held: the ggml rows plus the column index.
    int64_t bytes() const;

    // A freshly dequantized [rows, inputs] weight in `dtype` on raw's device (the caller frees it).
    torch::Tensor dequantize(torch::ScalarType dtype) const;

    // Only output rows `rows` and input columns `cols` kept (ascending indices into this
    // weight's rows / inputs; empty = all). Rows are copied as ggml bytes; columns compose
    // with an earlier cut. Throws pb::Error on an index out of range.
    QuantizedWeight cut(const std::vector<int64_t>& rows, const std::vector<int64_t>& cols) const;
};

// rows: [rows, elems] weight bytes -> a QuantizedWeight of `type` on raw's device. raw must
// hold rows * elems / blockElems(type) * blockBytes(type) bytes. Throws pb::Error when the
// device dequantizer does not handle `type` or the sizes disagree.
QuantizedWeight makeQuantizedWeight(gguf::GgmlType type, torch::Tensor raw, int64_t rows, int64_t elems);

} // namespace pb
