#include "core/model/tensor_check.h"

#include "core/util/error.h"

namespace pb {

namespace {

constexpr TensorRole kAttentionRoles[] = {TensorRole::AttnNorm, TensorRole::Q,     TensorRole::K,
                                          TensorRole::V,        TensorRole::O,     TensorRole::QNorm,
                                          TensorRole::KNorm,    TensorRole::PostAttnNorm};
constexpr TensorRole kMlpRoles[] = {TensorRole::FfnNorm, TensorRole::Gate, TensorRole::Up, TensorRole::Down,
                                    TensorRole::PostFfnNorm};

// Roles a block of this config can hold at all (a LLaMA file's post_attention_layernorm is its
// FFN norm, never a gemma3 post-attention norm).
bool roleOfConfig(const ModelConfig& c, TensorRole r) {
    if (r == TensorRole::QNorm || r == TensorRole::KNorm) return c.qk_norm;
    if (r == TensorRole::PostAttnNorm || r == TensorRole::PostFfnNorm) return c.sandwich_norms;
    return true;
}

int64_t times(int64_t a, int64_t b, const std::string& what) {
    int64_t r = 0;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r)) throw Error(what + " is out of range");
    return r;
}

std::string num(int64_t v) { return std::to_string(v); }

} // namespace

std::string shapeText(const std::vector<int64_t>& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
    return r + "]";
}

std::vector<ExpectedTensor> expectedLayerTensors(const ModelConfig& c, size_t i) {
    const int64_t H = c.hidden, hd = c.head_dim;
    const std::string hidden = "hidden size " + num(H);
    const LayerDims& d = c.layers.at(i);
    const int l = static_cast<int>(i);
    const std::string at = "layer " + num(l) + ": ";
    std::vector<ExpectedTensor> out;
    auto add = [&](TensorRole r, bool bias, bool required, std::vector<int64_t> shape, std::string why) {
        out.push_back({r, l, bias, required, std::move(shape), std::move(why)});
    };
    if (d.hasAttention()) {
        const std::string qs = at + num(d.n_heads) + " heads x head dim " + num(hd);
        const std::string ks = at + num(d.n_kv_heads) + " KV heads x head dim " + num(hd);
        const int64_t q = times(d.n_heads, hd, qs), kv = times(d.n_kv_heads, hd, ks);
        times(q, H, qs + " x " + hidden);
        add(TensorRole::AttnNorm, false, true, {H}, hidden);
        add(TensorRole::Q, false, true, {q, H}, qs + ", " + hidden);
        add(TensorRole::K, false, true, {kv, H}, ks + ", " + hidden);
        add(TensorRole::V, false, true, {kv, H}, ks + ", " + hidden);
        add(TensorRole::O, false, true, {H, q}, hidden + ", " + qs);
        add(TensorRole::Q, true, c.qkv_bias, {q}, qs);
        add(TensorRole::K, true, c.qkv_bias, {kv}, ks);
        add(TensorRole::V, true, c.qkv_bias, {kv}, ks);
        add(TensorRole::O, true, c.o_bias, {H}, hidden);
        if (c.qk_norm) {
            add(TensorRole::QNorm, false, true, {hd}, "head dim " + num(hd));
            add(TensorRole::KNorm, false, true, {hd}, "head dim " + num(hd));
        }
        if (c.sandwich_norms) add(TensorRole::PostAttnNorm, false, true, {H}, hidden);
    }
    if (d.hasMlp()) {
        const std::string fs = at + "intermediate size " + num(d.ffn);
        times(d.ffn, H, fs + " x " + hidden);
        add(TensorRole::FfnNorm, false, true, {H}, hidden);
        add(TensorRole::Gate, false, true, {d.ffn, H}, fs + ", " + hidden);
        add(TensorRole::Up, false, true, {d.ffn, H}, fs + ", " + hidden);
        add(TensorRole::Down, false, true, {H, d.ffn}, hidden + ", " + fs);
        add(TensorRole::Gate, true, c.mlp_bias, {d.ffn}, fs);
        add(TensorRole::Up, true, c.mlp_bias, {d.ffn}, fs);
        add(TensorRole::Down, true, c.hasDownBias(), {H}, hidden);
        if (c.sandwich_norms) add(TensorRole::PostFfnNorm, false, true, {H}, hidden);
    }
    return out;
}

std::vector<ExpectedTensor> expectedTensors(const ModelConfig& c) {
    const int64_t H = c.hidden;
    const std::string hidden = "hidden size " + num(H);
    const std::string vocab = "vocabulary " + num(c.vocab) + " x " + hidden;
    times(c.vocab, H, "the embedding (" + vocab + ")");
    std::vector<ExpectedTensor> out = {{TensorRole::Embed, 0, false, true, {c.vocab, H}, vocab},
                                       {TensorRole::FinalNorm, 0, false, true, {H}, hidden}};
    if (!c.tie_embeddings) out.push_back({TensorRole::LmHead, 0, false, true, {c.vocab, H}, vocab});
    for (size_t i = 0; i < c.layers.size(); ++i) {
        std::vector<ExpectedTensor> block = expectedLayerTensors(c, i);
        out.insert(out.end(), block.begin(), block.end());
    }
    return out;
}

void checkModelTensors(const ModelConfig& c, const TensorLookup& lookup, const TensorNamer& name,
                       const std::string& model, const std::string& config_name) {
    auto quoted = [](const std::string& f) { return "'" + f + "': "; };
    for (const ExpectedTensor& e : expectedTensors(c)) {
        const std::string n = name(e.role, e.layer, e.bias);
        const std::optional<FileTensor> t = lookup(n);
        if (!t) {
            if (e.required)
                throw Error(quoted(model) + "tensor '" + n + "' is missing from the model file (" + config_name +
                            " gives " + e.why + ")");
            continue;
        }
        if (t->shape != e.shape)
            throw Error(quoted(t->file) + "tensor '" + n + "' has shape " + shapeText(t->shape) + ", expected " +
                        shapeText(e.shape) + " (" + config_name + ": " + e.why + ")");
        if (!t->type_problem.empty()) throw Error(quoted(t->file) + "tensor '" + n + "' " + t->type_problem);
    }
    // Block tensors the config says are absent: the widths disagree with the file.
    auto refuseAny = [&](int layer, const auto& roles, const std::string& why) {
        for (TensorRole r : roles)
            for (bool bias : {false, true}) {
                if (!roleOfConfig(c, r)) continue;
                const std::string n = name(r, layer, bias);
                if (const std::optional<FileTensor> t = lookup(n))
                    throw Error(quoted(t->file) + "tensor '" + n + "' (shape " + shapeText(t->shape) +
                                ") is in the file but " + config_name + " " + why);
            }
    };
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const LayerDims& d = c.layers[i];
        const int l = static_cast<int>(i);
        if (!d.hasAttention()) refuseAny(l, kAttentionRoles, "gives layer " + num(l) + " no attention (0 heads)");
        if (!d.hasMlp()) refuseAny(l, kMlpRoles, "gives layer " + num(l) + " no MLP (0 channels)");
    }
    const int past = static_cast<int>(c.layers.size());
    refuseAny(past, kAttentionRoles, "has " + num(past) + " layers (0 to " + num(past - 1) + ")");
    refuseAny(past, kMlpRoles, "has " + num(past) + " layers (0 to " + num(past - 1) + ")");
}

} // namespace pb
