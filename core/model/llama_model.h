#pragma once
// A LLaMA-family decoder in libtorch in which every layer carries its own dims.
// Weights are plain tensors in Hugging Face layout ([out, in]); the model is data,
// so pruning replaces tensors and config together (no hidden module state).
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "core/model/rope.h"

#include "core/arch/model_config.h"
#include "core/arch/tensor_names.h"

namespace pb {

// One decoder block. Undefined tensors mean "absent" (no bias, or a removed sublayer).
struct LayerWeights {
    // attention (absent when config.layers[i].n_heads == 0)
    torch::Tensor attn_norm;  // [H]
    torch::Tensor wq;         // [nh*hd, H]
    torch::Tensor wk;         // [nkv*hd, H]
    torch::Tensor wv;         // [nkv*hd, H]
    torch::Tensor wo;         // [H, nh*hd]
    torch::Tensor bq, bk, bv; // [nh*hd], [nkv*hd], [nkv*hd]   (Qwen2 / attention_bias)
    torch::Tensor bo;         // [H]                            (attention_bias)
    torch::Tensor q_norm, k_norm;   // [hd] each, shared by the heads       (gemma3)
    torch::Tensor post_attn_norm;   // [H] on the attention output          (gemma3)
    // MLP (absent when config.layers[i].ffn == 0)
    torch::Tensor ffn_norm;   // [H]
    torch::Tensor w_gate;     // [I, H]
    torch::Tensor w_up;       // [I, H]
    torch::Tensor w_down;     // [H, I]
    torch::Tensor b_gate, b_up; // [I]                          (mlp_bias)
    torch::Tensor b_down;       // [H]                          (mlp_bias)
    torch::Tensor post_ffn_norm;  // [H] on the MLP output                (gemma3)
};

// The one table from a block tensor's role to its LayerWeights field, in the order of the
// model's tensor list (namedTensors). The loader (layerSlot), the cutter (core/prune/apply),
// the criteria and every "each tensor of a block" loop read it instead of naming the fields.
struct LayerSlotSpec {
    TensorRole role;
    bool bias;
    torch::Tensor LayerWeights::*field;
};
inline constexpr LayerSlotSpec kLayerSlots[] = {
    {TensorRole::AttnNorm, false, &LayerWeights::attn_norm},
    {TensorRole::Q, false, &LayerWeights::wq},     {TensorRole::Q, true, &LayerWeights::bq},
    {TensorRole::K, false, &LayerWeights::wk},     {TensorRole::K, true, &LayerWeights::bk},
    {TensorRole::V, false, &LayerWeights::wv},     {TensorRole::V, true, &LayerWeights::bv},
    {TensorRole::O, false, &LayerWeights::wo},     {TensorRole::O, true, &LayerWeights::bo},
    {TensorRole::QNorm, false, &LayerWeights::q_norm}, {TensorRole::KNorm, false, &LayerWeights::k_norm},
    {TensorRole::PostAttnNorm, false, &LayerWeights::post_attn_norm},
    {TensorRole::FfnNorm, false, &LayerWeights::ffn_norm},
    {TensorRole::Gate, false, &LayerWeights::w_gate}, {TensorRole::Gate, true, &LayerWeights::b_gate},
    {TensorRole::Up, false, &LayerWeights::w_up},     {TensorRole::Up, true, &LayerWeights::b_up},
    {TensorRole::Down, false, &LayerWeights::w_down}, {TensorRole::Down, true, &LayerWeights::b_down},
    {TensorRole::PostFfnNorm, false, &LayerWeights::post_ffn_norm},
};

// Block weight `role` (bias or weight) of `w`; nullptr for roles without a slot (global
// tensors, norm biases).
torch::Tensor* layerSlot(LayerWeights& w, TensorRole role, bool bias);
const torch::Tensor* layerSlot(const LayerWeights& w, TensorRole role, bool bias);

// Keys and values of past positions for incremental decoding.
struct KVCache {
    std::vector<torch::Tensor> k;  // per layer [B, nkv, T_past, hd]
    std::vector<torch::Tensor> v;  // per layer [B, nkv, T_past, hd]
    int64_t length() const { return k.empty() || !k[0].defined() ? 0 : k[0].size(2); }
    void clear() { k.clear(); v.clear(); }
};

// Optional probe on named intermediate activations ("layers.3.input", "layers.3.output",
// "layers.3.attn_out_in" (input of o_proj), "layers.3.down_in" (input of down_proj), "layers.3.mid" (the
// residual stream after the attention sublayer, before the MLP; = input without attention),
// "layers.3.attn_in" / "layers.3.ffn_in" (the normed inputs of q/k/v_proj and of gate/up_proj)).
using ActivationProbe = std::function<void(const std::string& name, const torch::Tensor& value)>;

// Optional hooks for recovery training (core/recover). Both empty by default, and then the
// forward pass is exactly the plain one.
enum class Projection { Q = 0, K, V, O, Gate, Up, Down };
// Each projection's tensor role, indexed by Projection (its weight: layerSlot(w, role, false)).
inline constexpr TensorRole kProjectionRole[] = {TensorRole::Q,    TensorRole::K,  TensorRole::V,   TensorRole::O,
                                                 TensorRole::Gate, TensorRole::Up, TensorRole::Down};
// An additive term for one projection of one layer: linear(x, W, b) + hook(layer, proj, x).
// Returns an undefined tensor when that projection is not adapted (LoRA: s·B(A(dropout(x)))).
using LinearHook = std::function<torch::Tensor(size_t layer, Projection proj, const torch::Tensor& x)>;
// Replaces linear(x, W, b) of one projection (importance scoring that reduces each weight
// gradient as it is formed, core/prune/streamed_taylor). Must return linear(x, W, b)'s value.
using LinearOverride = std::function<torch::Tensor(size_t layer, Projection proj, const torch::Tensor& x,
                                                   const torch::Tensor& w, const torch::Tensor& b)>;
// Runs block `layer` on x through `block` (e.g. with gradient checkpointing). Called only without a cache.
using BlockRunner = std::function<torch::Tensor(size_t layer, const torch::Tensor& x,
                                                const std::function<torch::Tensor(const torch::Tensor&)>& block)>;

// Token embeddings of ids [B, T] -> [B, T, H] in embed's dtype, scaled by sqrt(hidden) where
// the family does (gemma3; the scale rounded to the dtype first, as transformers does).
torch::Tensor embedTokens(const ModelConfig& config, const torch::Tensor& embed, const torch::Tensor& ids);

// While one is alive on this thread, forward() and hidden() skip their token-id range check (a
// device-to-host sync), for callers that checked the ids on the host: a CUDA graph capture
// cannot sync.
class TrustedIds {
public:
    TrustedIds();
    ~TrustedIds();
    TrustedIds(const TrustedIds&) = delete;
    TrustedIds& operator=(const TrustedIds&) = delete;
    static bool active();

private:
    bool previous_;
};

class LlamaModel {
public:
    ModelConfig config;
    torch::Tensor embed;       // [V, H]
    std::vector<LayerWeights> layers;
    torch::Tensor final_norm;  // [H]
    torch::Tensor lm_head;     // [V, H]; shares storage with embed when tied
    LinearHook linear_hook;    // optional (LoRA adapters); see core/recover/lora.h
    BlockRunner block_runner;  // optional (gradient checkpointing)
    LinearOverride linear_override;  // optional (streamed gradient scoring)

    // ids: [B, T] int64 on the model's device. Returns logits [B, T, V] in float32.
    // With a cache, positions continue after cache->length() and the cache grows.
    // skip (optional, one flag per layer): blocks to bypass, as if removed (depth criteria).
    torch::Tensor forward(const torch::Tensor& ids, KVCache* cache = nullptr,
                          const ActivationProbe& probe = {}, const std::vector<bool>* skip = nullptr) const;
    // Hidden states after the final norm: [B, T, H] (model dtype).
    torch::Tensor hidden(const torch::Tensor& ids, KVCache* cache = nullptr,
                         const ActivationProbe& probe = {}, const std::vector<bool>* skip = nullptr) const;
    // Block i alone on hidden states x [B, T, H] at positions 0..T-1, no cache (layer-by-layer
    // streaming, core/stream: only layers[i] need be loaded). Returns [B, T, H].
    torch::Tensor runBlock(size_t i, const torch::Tensor& x, const ActivationProbe& probe = {}) const;
    // The last block's output [B, T, H] -> final norm and lm_head -> logits [B, T, V] float32.
    torch::Tensor logitsOf(const torch::Tensor& x) const;
    // Mutable access to a tensor by its Hugging Face name (nullptr when absent).
    torch::Tensor* tensorByName(const std::string& name);

    // Every tensor with its Hugging Face name (for saving, gradients, reports).
    std::vector<std::pair<std::string, torch::Tensor>> namedTensors() const;
    void to(torch::Device device, torch::ScalarType dtype);
    torch::Device device() const { return embed.device(); }
    torch::ScalarType dtype() const { return embed.scalar_type(); }
    // Checks every tensor's shape against config; throws pb::Error naming the tensor.
    void checkShapes() const;

    // rope: [T, hd] cos and sin of the global layers (first pair) and of sliding layers (second
    // pair, undefined when the model has none), in the model's dtype, memoised: a CUDA graph
    // that captured a forward keeps the tables it read alive by holding this value.
    struct RopeTables {
        torch::Tensor cos, sin, cos_local, sin_local;
    };
    RopeTables ropeFor(int64_t past, int64_t T, torch::Device device) const;

private:
    mutable RopeMemo rope_memo_;
    torch::Tensor block(size_t i, const torch::Tensor& x, const RopeTables& rope, KVCache* cache,
                        const ActivationProbe& probe) const;
};

} // namespace pb
