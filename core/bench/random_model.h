#pragma once
// A LlamaModel with random weights, allocated directly on the target device and dtype
// (one tensor at a time; no host copy), for benchmarks whose speed does not depend on
// the values. Projections ~ N(0, 0.02²) as transformers initialises them, norms = 1.
#include <cstdint>
#include <memory>

#include <torch/types.h>

#include "core/arch/model_config.h"

namespace pb {

class LlamaModel;

std::shared_ptr<LlamaModel> randomModel(const ModelConfig& config, torch::Device device, torch::ScalarType dtype,
                                        uint64_t seed = 0);

} // namespace pb
