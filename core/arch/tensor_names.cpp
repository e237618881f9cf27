#include "core/arch/tensor_names.h"

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
};

const Names& lookup(TensorRole r) {
    for (const auto& n : kNames)
        if (n.role == r) return n;
    return kNames[0];
}
} // namespace

bool isLayerRole(TensorRole r) {
    return r != TensorRole::Embed && r != TensorRole::FinalNorm && r != TensorRole::LmHead;
}

std::string hfTensorName(TensorRole r, int layer, bool bias) {
    std::string base = lookup(r).hf;
    if (isLayerRole(r)) base = "model.layers." + std::to_string(layer) + "." + base;
    return base + (bias ? ".bias" : ".weight");
}

std::string ggufTensorName(TensorRole r, int layer, bool bias) {
    std::string base = lookup(r).gguf;
    if (isLayerRole(r)) base = "blk." + std::to_string(layer) + "." + base;
    return base + (bias ? ".bias" : ".weight");
}

} // namespace pb
