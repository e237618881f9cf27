#include "core/arch/model_config.h"

#include "core/util/error.h"

namespace pb {

int64_t ModelConfig::attentionParams(size_t i) const {
    const LayerDims& d = layers.at(i);
    if (!d.hasAttention()) return 0;
    const int64_t q = d.n_heads * head_dim, kv = d.n_kv_heads * head_dim;
    int64_t p = hidden                       // input_layernorm
              + q * hidden + 2 * kv * hidden // q_proj [q, H], k_proj/v_proj [kv, H]
              + hidden * q;                  // o_proj [H, q]
    if (qkv_bias) p += q + 2 * kv;
    if (o_bias) p += hidden;
    return p;
}

int64_t ModelConfig::mlpParams(size_t i) const {
    const LayerDims& d = layers.at(i);
    if (!d.hasMlp()) return 0;
    int64_t p = hidden + 3 * d.ffn * hidden;  // post_attention_layernorm, gate/up [I, H], down [H, I]
    if (mlp_bias) p += 2 * d.ffn + hidden;
    return p;
}

int64_t ModelConfig::layerParams(size_t i) const { return attentionParams(i) + mlpParams(i); }

int64_t ModelConfig::embeddingParams() const {
    return vocab * hidden * (tie_embeddings ? 1 : 2) + hidden;  // embed (+ lm_head) + final norm
}

int64_t ModelConfig::totalParams() const {
    int64_t p = embeddingParams();
    for (size_t i = 0; i < layers.size(); ++i) p += layerParams(i);
    return p;
}

int64_t ModelConfig::macs(int64_t seq) const {
    // Projections: one MAC per weight per token. Attention: QK^T and PV, causal
    // (on average (seq+1)/2 keys per query), per query head.
    int64_t m = seq * vocab * hidden;  // lm_head
    for (const LayerDims& d : layers) {
        const int64_t q = d.n_heads * head_dim, kv = d.n_kv_heads * head_dim;
        m += seq * (q * hidden + 2 * kv * hidden + hidden * q + 3 * d.ffn * hidden);
        m += d.n_heads * head_dim * seq * (seq + 1);  // 2 products x seq*(seq+1)/2 pairs
    }
    return m;
}

bool ModelConfig::uniform() const {
    for (const LayerDims& d : layers)
        if (!(d == layers.front())) return false;
    return true;
}

void ModelConfig::validate() const {
    auto fail = [](const std::string& m) { throw Error("invalid model configuration: " + m); };
    if (vocab <= 0) fail("vocab size must be positive");
    if (hidden <= 0) fail("hidden size must be positive");
    if (head_dim <= 0 || head_dim % 2 != 0) fail("head_dim must be a positive even number (RoPE pairs)");
    if (layers.empty()) fail("the model has no layers");
    if (rms_eps <= 0) fail("rms_norm_eps must be positive");
    if (rope.theta <= 0) fail("rope theta must be positive");
    for (size_t i = 0; i < layers.size(); ++i) {
        const LayerDims& d = layers[i];
        const std::string at = "layer " + std::to_string(i) + ": ";
        if (d.n_heads < 0 || d.n_kv_heads < 0 || d.ffn < 0) fail(at + "negative width");
        if (d.n_heads > 0 && d.n_kv_heads <= 0) fail(at + "attention has query heads but no KV heads");
        if (d.n_heads == 0 && d.n_kv_heads != 0) fail(at + "attention has KV heads but no query heads");
        if (d.n_kv_heads > 0 && d.n_heads % d.n_kv_heads != 0)
            fail(at + std::to_string(d.n_heads) + " query heads are not a multiple of " +
                 std::to_string(d.n_kv_heads) + " KV heads (GQA groups must be whole)");
    }
}

} // namespace pb
