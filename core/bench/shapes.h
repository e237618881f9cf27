#pragma once
// Named model shapes for benchmarks ("shape:llama-7b" ...): the architecture of a
// well-known checkpoint without its weights. No torch here.
#include <string>
#include <vector>

#include "core/arch/model_config.h"

namespace pb {

// Names accepted by benchShape (without the "shape:" prefix).
std::vector<std::string> benchShapeNames();
// The config of a named shape, or of a config.json path / HF folder (its shape without weights);
// throws pb::Error listing the names on an unknown one.
ModelConfig benchShape(const std::string& name);
// "shape:NAME" -> NAME; anything else -> "".
std::string shapeNameOf(const std::string& model_arg);

} // namespace pb
