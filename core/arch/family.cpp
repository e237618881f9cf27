#include "core/arch/family.h"

#include <algorithm>

namespace pb {

const std::vector<FamilySpec>& families() {
    static const std::vector<FamilySpec> table = {
        // name      HF architectures          HF model_type  GGUF arch  qkv_bias  interleaved Q/K
        {"llama",   {"LlamaForCausalLM"},     {"llama"},     "llama",   false,    true},
        {"mistral", {"MistralForCausalLM"},   {"mistral"},   "llama",   false,    true},
        {"qwen2",   {"Qwen2ForCausalLM"},     {"qwen2"},     "qwen2",   true,     false},
        {.name = "gemma3", .hf_architectures = {"Gemma3ForCausalLM"}, .hf_model_types = {"gemma3_text"},
         .gguf_arch = "gemma3", .qkv_bias = false, .gguf_qk_interleaved = false, .act = Activation::GeluTanh,
         .qk_norm = true, .sandwich_norms = true, .embed_scale = true, .hf_norm_plus_one = true,
         .swa_period = 6, .gguf_local_theta = 10000.0},
    };
    return table;
}

void applyFamilyStyle(const FamilySpec& f, ModelConfig& c) {
    c.act = f.act;
    c.qk_norm = f.qk_norm;
    c.sandwich_norms = f.sandwich_norms;
    c.embed_scale = f.embed_scale;
}

const FamilySpec* familyByName(const std::string& name) {
    for (const auto& f : families())
        if (f.name == name) return &f;
    return nullptr;
}

const FamilySpec* familyForHf(const std::vector<std::string>& architectures, const std::string& model_type) {
    for (const auto& f : families()) {
        for (const auto& a : architectures)
            if (std::find(f.hf_architectures.begin(), f.hf_architectures.end(), a) != f.hf_architectures.end())
                return &f;
    }
    for (const auto& f : families())
        if (std::find(f.hf_model_types.begin(), f.hf_model_types.end(), model_type) != f.hf_model_types.end())
            return &f;
    return nullptr;
}

const FamilySpec* familyForGguf(const std::string& arch) {
    // llama.cpp's "deci" (Nemotron-NAS): llama tensors and RoPE with per-layer widths, 0 heads
    // = no attention. PruneBench's GGUF export writes per-layer-pruned llama models as it.
    if (arch == "deci") return familyByName("llama");
    for (const auto& f : families())
        if (f.gguf_arch == arch) return &f;  // first row wins: "llama" arch -> llama family
    return nullptr;
}

std::string knownFamilies() {
    std::string s;
    for (const auto& f : families()) s += (s.empty() ? "" : ", ") + f.name;
    return s;
}

} // namespace pb
