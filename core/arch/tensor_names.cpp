#include "core/arch/tensor_names.h"

#include "core/arch/family.h"

namespace pb {

namespace {
struct Names {
    TensorRole role;
    const char* hf;    // after "model.layers.N." for layer roles
    const char* gguf;  // after "blk.N." for layer roles
};
constexpr Names kNames[] = {
    {TensorRole::Embed, "model.embed_tokens", "token_embd"},
    {TensorRole::FinalNorm, "model.norm", "output_norm"},
    {TensorRole::LmHead, "lm_head", "output"},
    {TensorRole::AttnNorm, "input_layernorm", "attn_norm"},
    {TensorRole::Q, "self_attn.q_proj", "attn_q"},
    {TensorRole::K, "self_attn.k_proj", "attn_k"},
    {TensorRole::V, "self_attn.v_proj", "attn_v"},
    {TensorRole::O, "self_attn.o_proj", "attn_output"},
    {TensorRole::FfnNorm, "post_attention_layernorm", "ffn_norm"},
    {TensorRole::Gate, "mlp.gate_proj", "ffn_gate"},
    {TensorRole::Up, "mlp.up_proj", "ffn_up"},
    {TensorRole::Down, "mlp.down_proj", "ffn_down"},
    {TensorRole::QNorm, "self_attn.q_norm", "attn_q_norm"},
    {TensorRole::KNorm, "self_attn.k_norm", "attn_k_norm"},
    // Gemma's HF name is post_attention_layernorm (hfBase): LLaMA's FFN norm has that name.
    {TensorRole::PostAttnNorm, "post_attention_norm", "post_attention_norm"},
    {TensorRole::PostFfnNorm, "post_feedforward_layernorm", "post_ffw_norm"},
};

const Names& lookup(TensorRole r) {
    for (const auto& n : kNames)
        if (n.role == r) return n;
    return kNames[0];
}

// The Hugging Face name after "model.layers.N." in this family.
std::string hfBase(TensorRole r, std::string_view family) {
    if ((r == TensorRole::FfnNorm || r == TensorRole::PostAttnNorm) && !family.empty()) {
        const FamilySpec* f = familyByName(std::string(family));
        if (f && f->sandwich_norms) return r == TensorRole::FfnNorm ? "pre_feedforward_layernorm" : "post_attention_layernorm";
    }
    return lookup(r).hf;
}
} // namespace

bool isLayerRole(TensorRole r) {
    return r != TensorRole::Embed && r != TensorRole::FinalNorm && r != TensorRole::LmHead;
}

bool isAttentionRole(TensorRole r) {
    switch (r) {
        case TensorRole::AttnNorm: case TensorRole::Q: case TensorRole::K: case TensorRole::V: case TensorRole::O:
        case TensorRole::QNorm: case TensorRole::KNorm: case TensorRole::PostAttnNorm: return true;
        default: return false;
    }
}

bool isMlpRole(TensorRole r) {
    switch (r) {
        case TensorRole::FfnNorm: case TensorRole::Gate: case TensorRole::Up: case TensorRole::Down:
        case TensorRole::PostFfnNorm: return true;
        default: return false;
    }
}

bool isNormRole(TensorRole r) {
    switch (r) {
        case TensorRole::FinalNorm: case TensorRole::AttnNorm: case TensorRole::FfnNorm: case TensorRole::QNorm:
        case TensorRole::KNorm: case TensorRole::PostAttnNorm: case TensorRole::PostFfnNorm: return true;
        default: return false;
    }
}

std::string hfTensorName(TensorRole r, int layer, bool bias, std::string_view family) {
    std::string base = hfBase(r, family);
    if (isLayerRole(r)) base = "model.layers." + std::to_string(layer) + "." + base;
    return base + (bias ? ".bias" : ".weight");
}

std::string ggufTensorName(TensorRole r, int layer, bool bias) {
    std::string base = lookup(r).gguf;
    if (isLayerRole(r)) base = "blk." + std::to_string(layer) + "." + base;
    return base + (bias ? ".bias" : ".weight");
}

} // namespace pb
