#pragma once
// Model families are data: one row per family. Adding a family = one table row
// (plus, if its tensors differ, rows in tensor_names).
#include <string>
#include <vector>

namespace pb {

struct FamilySpec {
    std::string name;                          // "llama", "mistral", "qwen2"
    std::vector<std::string> hf_architectures; // config.json "architectures"
    std::vector<std::string> hf_model_types;   // config.json "model_type"
    std::string gguf_arch;                     // general.architecture
    bool qkv_bias = false;                     // q/k/v projections carry a bias
    bool gguf_qk_interleaved = false;          // GGUF Q/K rows use interleaved RoPE pairs (undo on load)
};

const std::vector<FamilySpec>& families();
// nullptr when unknown.
const FamilySpec* familyByName(const std::string& name);
const FamilySpec* familyForHf(const std::vector<std::string>& architectures, const std::string& model_type);
const FamilySpec* familyForGguf(const std::string& arch);
// "llama, mistral, qwen2" for error messages.
std::string knownFamilies();

} // namespace pb
