#pragma once
#include "core/model/weight_source.h"

namespace pb {

namespace st { class Checkpoint; }

// Reads F32/F16/BF16 tensors from safetensors (copied: mapped data may be unaligned).
std::unique_ptr<WeightSource> makeSafetensorsWeightSource(const st::Checkpoint& checkpoint, const std::string& family);

} // namespace pb
