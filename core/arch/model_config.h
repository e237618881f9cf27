#pragma once
// Architecture of a LLaMA-family decoder in which every layer carries its own dims,
// because pruning makes layers differ. No torch here: the GUI and the planner read it.
#include <cstdint>
#include <string>
#include <vector>

namespace pb {

enum class RopeType { Default, Linear, Llama3 };
// The MLP's gate activation: SwiGLU (LLaMA, Mistral, Qwen2) or GeGLU with tanh GELU (Gemma).
enum class Activation { Silu, GeluTanh };

struct RopeConfig {
    double theta = 10000.0;
    RopeType type = RopeType::Default;
    double factor = 1.0;              // linear and llama3
    double low_freq_factor = 1.0;     // llama3
    double high_freq_factor = 4.0;    // llama3
    int64_t original_max_position = 8192;  // llama3 L0
    // GGUF's rope_freqs.weight: per-frequency divisors (head_dim/2 of them) that
    // encode llama3 scaling; when set they replace the type/factor rules.
    std::vector<double> freq_divisors;
};

// One decoder block. A sublayer with 0 heads (or 0 FFN width) is absent; a layer
// with both absent is an identity block (removed by depth pruning).
struct LayerDims {
    int64_t n_heads = 0;      // query heads
    int64_t n_kv_heads = 0;   // key/value heads; n_heads % n_kv_heads == 0
    int64_t ffn = 0;          // gated MLP intermediate width
    // Local attention: each query sees the last ModelConfig::sliding_window positions and the
    // layer uses ModelConfig::rope_local (gemma3). A property of the block, not a width: it
    // travels with the block when blocks are dropped, and == compares widths only.
    bool sliding = false;
    bool hasAttention() const { return n_heads > 0; }
    bool hasMlp() const { return ffn > 0; }
    bool operator==(const LayerDims& o) const {
        return n_heads == o.n_heads && n_kv_heads == o.n_kv_heads && ffn == o.ffn;
    }
};

struct ModelConfig {
    std::string family = "llama";       // row in the family table: llama, mistral, qwen2, gemma3
    std::string architecture;           // as the source names it (LlamaForCausalLM, gguf "llama")
    int64_t vocab = 0;
    int64_t hidden = 0;
    int64_t head_dim = 0;
    std::vector<LayerDims> layers;
    double rms_eps = 1e-5;
    RopeConfig rope;
    int64_t max_position = 2048;
    bool tie_embeddings = false;
    bool qkv_bias = false;   // Qwen2 and attention_bias
    bool o_bias = false;     // attention_bias
    bool mlp_bias = false;   // gate, up and down (mlp_bias)
    // down_proj alone (FLAP's bias compensation, core/prune/bias_compensation.h): implied by mlp_bias.
    bool down_bias = false;
    bool hasDownBias() const { return mlp_bias || down_bias; }
    // Gemma-style blocks (set from the family row, core/arch/family.h; all off for LLaMA):
    Activation act = Activation::Silu;
    bool qk_norm = false;         // RMSNorm of each q and k head over head_dim before RoPE
    bool sandwich_norms = false;  // RMSNorm of the attention and MLP outputs before each residual add
    bool embed_scale = false;     // embeddings multiplied by sqrt(hidden)
    double query_scalar = 0.0;    // scores scaled by 1/sqrt(query_scalar) (query_pre_attn_scalar); 0 = head_dim
    int64_t sliding_window = 0;   // keys a query of a sliding layer sees (itself included); 0 = none
    RopeConfig rope_local;        // RoPE of sliding layers (gemma3: base 10000, no scaling)
    int32_t bos_id = -1;
    int32_t eos_id = -1;
    std::string source_dtype;  // "f32", "bf16", "f16", "Q4_1 (mostly)", ...

    int64_t numLayers() const { return static_cast<int64_t>(layers.size()); }
    // Parameters of block i (norms, projections, biases) with its own dims.
    int64_t layerParams(size_t i) const;
    int64_t attentionParams(size_t i) const;
    int64_t mlpParams(size_t i) const;
    int64_t embeddingParams() const;    // embed_tokens (+ lm_head when not tied) + final norm
    int64_t totalParams() const;
    // Multiply-accumulates of one forward pass over seq tokens (projections + attention scores).
    int64_t macs(int64_t seq) const;
    bool uniform() const;  // every layer has the dims of layer 0
    bool hasSlidingLayers() const;
    double attentionScale() const;  // 1/sqrt(query_scalar or head_dim)

    // Throws pb::Error describing the first inconsistency (zero sizes, GQA misalignment...).
    void validate() const;
};

} // namespace pb
