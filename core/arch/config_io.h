#pragma once
// ModelConfig from a Hugging Face config.json or GGUF metadata.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/arch/model_config.h"

namespace pb {

namespace gguf { class File; }

// Accepts rope_theta/rope_scaling and the newer rope_parameters, torch_dtype and dtype,
// and PruneBench's per-layer extension "prunebench_layers": [{"heads","kv_heads","ffn"}...].
// Throws pb::Error naming the file and field.
ModelConfig configFromHfJson(const nlohmann::json& j, const std::string& source = "config.json");
ModelConfig readHfConfig(const std::filesystem::path& config_json);

// From GGUF metadata ({arch}.block_count, head counts as scalar or per-layer arrays, ...).
ModelConfig configFromGguf(const gguf::File& file);

} // namespace pb
