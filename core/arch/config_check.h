#pragma once
// The one range check of a model configuration read from a file, called by both the
// Hugging Face (config.json) and the GGUF paths. Each field has the name the file uses,
// so a refusal reads "<file>: field '<name>' = <value> is outside <allowed range>".
#include <string>

#include "core/arch/model_config.h"

namespace pb {

// What each ModelConfig field is called in the file it came from.
struct ConfigFieldNames {
    std::string vocab, hidden, head_dim, layers, heads, kv_heads, ffn, rms_eps, max_position;
    std::string rope_theta, rope_factor, low_freq_factor, high_freq_factor, original_max_position;
    std::string bos, eos;
};
ConfigFieldNames hfConfigFields();                          // config.json keys
ConfigFieldNames ggufConfigFields(const std::string& arch);  // "{arch}.embedding_length", ...

// Range checks (limits.h) on every value, then ModelConfig::validate() (structure, GQA,
// parameter count without int64 overflow). Throws pb::Error naming source and field.
void validateModelConfig(const ModelConfig& c, const std::string& source, const ConfigFieldNames& names);

} // namespace pb
