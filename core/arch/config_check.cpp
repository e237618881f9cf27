#include "core/arch/config_check.h"

#include <cmath>
#include <sstream>

#include "core/io/limits.h"
#include "core/util/error.h"

namespace pb {

namespace {

std::string num(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

struct Check {
    const std::string& source;
    [[noreturn]] void fail(const std::string& field, const std::string& value, const std::string& allowed) const {
        throw Error(source + ": field '" + field + "' = " + value + " is outside the allowed range " + allowed);
    }
    void integer(const std::string& field, int64_t v, int64_t lo, int64_t hi) const {
        if (v < lo || v > hi) fail(field, std::to_string(v), "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    // lo < v <= hi, finite (NaN and infinities fail).
    void positive(const std::string& field, double v, double hi) const {
        if (!(v > 0.0 && v <= hi) || !std::isfinite(v)) fail(field, num(v), "(0, " + num(hi) + "]");
    }
};

} // namespace

ConfigFieldNames hfConfigFields() {
    ConfigFieldNames n;
    n.vocab = "vocab_size";
    n.hidden = "hidden_size";
    n.head_dim = "head_dim";
    n.layers = "num_hidden_layers";
    n.heads = "num_attention_heads";
    n.kv_heads = "num_key_value_heads";
    n.ffn = "intermediate_size";
    n.rms_eps = "rms_norm_eps";
    n.max_position = "max_position_embeddings";
    n.rope_theta = "rope_theta";
    n.rope_factor = "rope_scaling.factor";
    n.low_freq_factor = "rope_scaling.low_freq_factor";
    n.high_freq_factor = "rope_scaling.high_freq_factor";
    n.original_max_position = "rope_scaling.original_max_position_embeddings";
    n.bos = "bos_token_id";
    n.eos = "eos_token_id";
    return n;
}

ConfigFieldNames ggufConfigFields(const std::string& a) {
    ConfigFieldNames n;
    n.vocab = "token_embd.weight rows";
    n.hidden = a + ".embedding_length";
    n.head_dim = a + ".attention.key_length";
    n.layers = a + ".block_count";
    n.heads = a + ".attention.head_count";
    n.kv_heads = a + ".attention.head_count_kv";
    n.ffn = a + ".feed_forward_length";
    n.rms_eps = a + ".attention.layer_norm_rms_epsilon";
    n.max_position = a + ".context_length";
    n.rope_theta = a + ".rope.freq_base";
    n.rope_factor = a + ".rope.scaling.factor";
    n.low_freq_factor = "rope_freqs.weight (llama3 low_freq_factor)";
    n.high_freq_factor = "rope_freqs.weight (llama3 high_freq_factor)";
    n.original_max_position = a + ".rope.scaling.original_context_length";
    n.bos = "tokenizer.ggml.bos_token_id";
    n.eos = "tokenizer.ggml.eos_token_id";
    return n;
}

void validateModelConfig(const ModelConfig& c, const std::string& source, const ConfigFieldNames& n) {
    namespace L = limits;
    const Check k{source};
    k.integer(n.vocab, c.vocab, 1, L::kMaxVocab);
    k.integer(n.hidden, c.hidden, 1, L::kMaxHidden);
    k.integer(n.head_dim, c.head_dim, 2, L::kMaxHeadDim);
    if (c.head_dim % 2 != 0) k.fail(n.head_dim, std::to_string(c.head_dim), "of even numbers (RoPE rotates pairs)");
    k.integer(n.layers, static_cast<int64_t>(c.layers.size()), 1, L::kMaxLayers);
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const LayerDims& d = c.layers[i];
        const std::string at = " (layer " + std::to_string(i) + ")";
        k.integer(n.heads + at, d.n_heads, 0, L::kMaxHeads);
        k.integer(n.kv_heads + at, d.n_kv_heads, 0, L::kMaxHeads);
        k.integer(n.ffn + at, d.ffn, 0, L::kMaxFfn);
    }
    k.positive(n.rms_eps, c.rms_eps, 1.0);
    k.integer(n.max_position, c.max_position, 1, L::kMaxPositions);
    k.positive(n.rope_theta, c.rope.theta, L::kMaxRopeTheta);
    if (c.rope.type == RopeType::Linear || c.rope.type == RopeType::Llama3)
        k.positive(n.rope_factor, c.rope.factor, L::kMaxRopeFactor);
    if (c.rope.type == RopeType::Llama3 && c.rope.freq_divisors.empty()) {
        k.positive(n.low_freq_factor, c.rope.low_freq_factor, L::kMaxRopeFactor);
        k.positive(n.high_freq_factor, c.rope.high_freq_factor, L::kMaxRopeFactor);
        if (!(c.rope.high_freq_factor > c.rope.low_freq_factor))
            k.fail(n.high_freq_factor, num(c.rope.high_freq_factor),
                   "(" + n.low_freq_factor + " = " + num(c.rope.low_freq_factor) + ", " + num(L::kMaxRopeFactor) + "]");
        k.integer(n.original_max_position, c.rope.original_max_position, 1, L::kMaxPositions);
    }
    for (size_t i = 0; i < c.rope.freq_divisors.size(); ++i)
        k.positive("rope_freqs.weight[" + std::to_string(i) + "]", c.rope.freq_divisors[i], L::kMaxRopeFactor);
    // Special token ids: -1 (none) or a row of the embedding.
    k.integer(n.bos, c.bos_id, -1, c.vocab - 1);
    k.integer(n.eos, c.eos_id, -1, c.vocab - 1);
    try {
        c.validate();
    } catch (const Error& e) {
        throw Error(source + ": " + e.what());
    }
}

} // namespace pb
