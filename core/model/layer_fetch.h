#pragma once
// Which tensors make up decoder block i, as its config says (attention and MLP present or
// not, biases by family): the shape check's list (core/model/tensor_check) for every reader
// (core/model/loader, core/stream).
#include <cstddef>
#include <functional>

#include <torch/types.h>

#include "core/arch/model_config.h"
#include "core/arch/tensor_names.h"
#include "core/model/llama_model.h"

namespace pb {

// Returns one tensor; may return an undefined tensor only when `required` is false.
using TensorFetch = std::function<torch::Tensor(TensorRole role, int layer, bool bias, bool required)>;

LayerWeights fetchLayer(const ModelConfig& config, size_t i, const TensorFetch& fetch);

} // namespace pb
