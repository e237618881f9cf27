#include "core/arch/model_config.h"

#include <cmath>
#include <string>

#include "core/util/error.h"

namespace pb {

namespace {
// Parameter arithmetic in int64 with overflow checks: dims read from a file can make the
// products overflow, and the message must name the dims, not a later symptom.
struct Checked {
    const ModelConfig& c;
    std::string where;  // "layer 3" or "the embedding"
    [[noreturn]] void overflow() const {
        throw Error("invalid model configuration: the parameter count of " + where + " overflows int64 (hidden " +
                    std::to_string(c.hidden) + ", head_dim " + std::to_string(c.head_dim) + ", vocab " +
                    std::to_string(c.vocab) + "): the dims are too large");
    }
    int64_t mul(int64_t a, int64_t b) const {
        int64_t r;
        if (__builtin_mul_overflow(a, b, &r)) overflow();
        return r;
    }
    int64_t add(int64_t a, int64_t b) const {
        int64_t r;
        if (__builtin_add_overflow(a, b, &r)) overflow();
        return r;
    }
};
std::string layerWhere(size_t i, const LayerDims& d) {
    return "layer " + std::to_string(i) + " (" + std::to_string(d.n_heads) + " heads, " + std::to_string(d.n_kv_heads) +
           " KV heads, ffn " + std::to_string(d.ffn) + ")";
}
} // namespace

int64_t ModelConfig::attentionParams(size_t i) const {
    const LayerDims& d = layers.at(i);
    if (!d.hasAttention()) return 0;
    const Checked k{*this, layerWhere(i, d)};
    const int64_t q = k.mul(d.n_heads, head_dim), kv = k.mul(d.n_kv_heads, head_dim);
    const int64_t qh = k.mul(q, hidden), kvh = k.mul(kv, hidden);
    int64_t p = k.add(hidden, k.add(qh, k.add(kvh, k.add(kvh, qh))));  // norm, q_proj [q, H], k/v [kv, H], o [H, q]
    if (qkv_bias) p = k.add(p, k.add(q, k.mul(2, kv)));
    if (o_bias) p = k.add(p, hidden);
    if (qk_norm) p = k.add(p, k.mul(2, head_dim));  // q_norm, k_norm [head_dim]
    if (sandwich_norms) p = k.add(p, hidden);       // post_attention_layernorm
    return p;
}

int64_t ModelConfig::mlpParams(size_t i) const {
    const LayerDims& d = layers.at(i);
    if (!d.hasMlp()) return 0;
    const Checked k{*this, layerWhere(i, d)};
    int64_t p = k.add(hidden, k.mul(3, k.mul(d.ffn, hidden)));  // post_attention_layernorm, gate/up [I, H], down [H, I]
    if (mlp_bias) p = k.add(p, k.mul(2, d.ffn));
    if (hasDownBias()) p = k.add(p, hidden);
    if (sandwich_norms) p = k.add(p, hidden);  // post_feedforward_layernorm
    return p;
}

int64_t ModelConfig::layerParams(size_t i) const {
    return Checked{*this, layerWhere(i, layers.at(i))}.add(attentionParams(i), mlpParams(i));
}

int64_t ModelConfig::embeddingParams() const {
    const Checked k{*this, "the embedding"};
    return k.add(k.mul(k.mul(vocab, hidden), tie_embeddings ? 1 : 2), hidden);  // embed (+ lm_head) + final norm
}

int64_t ModelConfig::totalParams() const {
    const Checked k{*this, "the model (" + std::to_string(layers.size()) + " layers)"};
    int64_t p = embeddingParams();
    for (size_t i = 0; i < layers.size(); ++i) p = k.add(p, layerParams(i));
    return p;
}

int64_t ModelConfig::macs(int64_t seq) const {
    // Projections: one MAC per weight per token. Attention: QK^T and PV, causal
    // (on average (seq+1)/2 keys per query), per query head.
    const Checked k{*this, "a forward pass of " + std::to_string(seq) + " tokens (multiply-accumulates)"};
    int64_t m = k.mul(seq, k.mul(vocab, hidden));  // lm_head
    for (const LayerDims& d : layers) {
        const int64_t q = k.mul(d.n_heads, head_dim), kv = k.mul(d.n_kv_heads, head_dim);
        const int64_t w = k.add(k.add(k.mul(q, hidden), k.mul(2, k.mul(kv, hidden))),
                                k.add(k.mul(hidden, q), k.mul(3, k.mul(d.ffn, hidden))));
        m = k.add(m, k.mul(seq, w));
        // 2 products x (query, key) pairs: seq*(seq+1)/2 causal; a sliding layer's window W caps
        // each query's keys at W: W*(W+1)/2 + (seq-W)*W.
        const int64_t W = d.sliding && sliding_window > 0 && sliding_window < seq ? sliding_window : seq;
        const int64_t twice_pairs = k.add(k.mul(W, W + 1), k.mul(2, k.mul(seq - W, W)));
        m = k.add(m, k.mul(q, twice_pairs));
    }
    return m;
}

bool ModelConfig::hasSlidingLayers() const {
    for (const LayerDims& d : layers)
        if (d.sliding) return true;
    return false;
}

double ModelConfig::attentionScale() const {
    return 1.0 / std::sqrt(query_scalar > 0 ? query_scalar : static_cast<double>(head_dim));
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
    if (!(rms_eps > 0) || !std::isfinite(rms_eps)) fail("rms_norm_eps must be a positive finite number");
    if (!(rope.theta > 0) || !std::isfinite(rope.theta)) fail("rope theta must be a positive finite number");
    if (!(query_scalar >= 0) || !std::isfinite(query_scalar)) fail("query_pre_attn_scalar must be a positive finite number");
    if (sliding_window < 0) fail("sliding_window must not be negative");
    if (hasSlidingLayers()) {
        if (sliding_window <= 0) fail("sliding layers need a positive sliding_window");
        if (!(rope_local.theta > 0) || !std::isfinite(rope_local.theta))
            fail("the local RoPE base (rope_local_base_freq) must be a positive finite number");
    }
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
    (void)totalParams();  // throws, naming the dims, when the parameter count overflows int64
}

} // namespace pb
