#pragma once
// Model families are data: one row per family. Adding a family = one table row
// (plus, if its tensors differ, rows in tensor_names).
#include <string>
#include <vector>

#include "core/arch/model_config.h"

namespace pb {

struct FamilySpec {
    std::string name;                          // "llama", "mistral", "qwen2", "gemma3"
    std::vector<std::string> hf_architectures; // config.json "architectures"
    std::vector<std::string> hf_model_types;   // config.json "model_type"
    std::string gguf_arch;                     // general.architecture
    bool qkv_bias = false;                     // q/k/v projections carry a bias
    bool gguf_qk_interleaved = false;          // GGUF Q/K rows use interleaved RoPE pairs (undo on load)
    // Gemma-style blocks (copied into ModelConfig by the config readers):
    Activation act = Activation::Silu;         // gate activation of the MLP
    bool qk_norm = false;                      // q_norm / k_norm per head
    bool sandwich_norms = false;               // post-attention and post-feed-forward norms
    bool embed_scale = false;                  // embeddings x sqrt(hidden)
    bool hf_norm_plus_one = false;             // HF RMSNorm scales by (1 + w): +1 on read, -1 on write
    // Sliding-window layers as llama.cpp reads the GGUF (no per-layer key there): every
    // swa_period-th layer (il % period == period - 1) is global, the others local with RoPE
    // base gguf_local_theta. 0 = no sliding layers.
    int swa_period = 0;
    double gguf_local_theta = 10000.0;
};

// Copies the family's block style into c (act, qk_norm, sandwich_norms, embed_scale).
void applyFamilyStyle(const FamilySpec& f, ModelConfig& c);

const std::vector<FamilySpec>& families();
// nullptr when unknown.
const FamilySpec* familyByName(const std::string& name);
const FamilySpec* familyForHf(const std::vector<std::string>& architectures, const std::string& model_type);
const FamilySpec* familyForGguf(const std::string& arch);
// "llama, mistral, qwen2" for error messages.
std::string knownFamilies();

} // namespace pb
