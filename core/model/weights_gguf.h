#pragma once
#include "core/arch/model_config.h"
#include "core/model/weight_source.h"

namespace pb {

namespace gguf { class File; }

// Dequantizes GGUF tensors and undoes llama.cpp's interleaved Q/K row order.
std::unique_ptr<WeightSource> makeGgufWeightSource(const gguf::File& file, const ModelConfig& config);

// GGUF (Meta) pairs rotary elements (2i, 2i+1) inside a head; HF pairs (i, i+hd/2).
// rows: [heads*hd, ...] in GGUF order -> the same in HF order.
torch::Tensor unpermuteGgufRows(const torch::Tensor& t, int64_t heads, int64_t head_dim);

} // namespace pb
