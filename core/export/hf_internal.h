#pragma once
// Helpers shared by the Hugging Face export sources (not part of the public interface).
#include <string>

#include "core/arch/model_config.h"

namespace pb {

// `rope` without GGUF rope_freqs divisors: the same frequencies as a default, linear or
// llama3 rope_scaling that config.json can hold. Throws pb::Error when none reproduces
// them. *note (optional) says what was done.
RopeConfig hfExpressibleRope(const RopeConfig& rope, int64_t head_dim, std::string* note);

// "f32" -> "float32", "bf16" -> "bfloat16", "f16" -> "float16"; pb::Error otherwise.
std::string hfDtypeName(const std::string& dtype);

} // namespace pb
