#pragma once
#include "core/arch/model_config.h"
#include "core/model/weight_source.h"

namespace pb {

namespace gguf { class File; }

// Dequantizes GGUF tensors and undoes llama.cpp's interleaved Q/K row order.
std::unique_ptr<WeightSource> makeGgufWeightSource(const gguf::File& file, const ModelConfig& config);

} // namespace pb
