#include "core/model/llama_model.h"

#include <cmath>
#include <tuple>

#include <torch/torch.h>

#include "core/arch/tensor_names.h"
#include "core/model/fused_ops.h"
#include "core/model/rope.h"
#include "core/model/tensor_check.h"
#include "core/util/error.h"

namespace pb {

namespace {

// RMSNorm as transformers does it: statistics in float32, scale in the input dtype.
torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 8)
    // One fused kernel (forward and backward) on the GPU for half types: statistics and the
    // scale in float32, one rounding at the end instead of two (within one bf16 ulp of the
    // two-step form). float32 keeps transformers' exact form below.
    if (x.is_cuda() && x.scalar_type() != torch::kFloat32)
        return at::rms_norm(x, {x.size(-1)}, weight, eps);
#endif
    auto xf = x.to(torch::kFloat32);
    auto normed = xf * torch::rsqrt(xf.pow(2).mean(-1, /*keepdim=*/true) + eps);
    return weight * normed.to(x.scalar_type());
}

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
    return b.defined() ? torch::nn::functional::linear(x, w, b) : torch::nn::functional::linear(x, w);
}

// linear plus the optional hook's additive term for (layer, proj).
torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, const LinearHook& hook,
                     const LinearOverride& over, size_t layer, Projection proj) {
    auto y = over ? over(layer, proj, x, w, b) : linear(x, w, b);
    if (hook) {
        auto extra = hook(layer, proj, x);
        if (extra.defined()) y = y + extra;
    }
    return y;
}

// [T, S] true where query t (position past + t) may attend key s: causal, and within the last
// `window` positions (itself included) when window > 0.
torch::Tensor allowedKeys(int64_t T, int64_t S, int64_t window, torch::Device device) {
    const int64_t past = S - T;
    auto ones = torch::ones({T, S}, torch::TensorOptions().dtype(torch::kBool).device(device));
    auto allowed = ones.tril(past);                                      // s <= past + t
    if (window > 0) allowed = allowed.logical_and(ones.triu(past - window + 1));  // s > past + t - window
    return allowed;
}

// q: [B, nh, T, hd]; k, v: [B, nh, S, hd] with S = past + T. Causal with the queries at
// positions past..S-1, scores scaled by `scale`; a query sees at most `window` keys when
// window > 0 (sliding layers). Returns [B, nh, T, hd].
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale,
                        int64_t window) {
    const int64_t T = q.size(2), S = k.size(2), past = S - T;
    const bool windowed = window > 0 && S > window;  // some query has a key outside its window
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)  // SDPA with a scale
    if (!windowed && past == 0) return at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/true, scale);
    if (!windowed && T == 1) return at::scaled_dot_product_attention(q, k, v, {}, 0.0, false, scale);
    return at::scaled_dot_product_attention(q, k, v, allowedKeys(T, S, windowed ? window : 0, q.device()), 0.0, false,
                                            scale);
#else
    // Manual attention (libtorch 1.13): scores in the model dtype, softmax in float32.
    auto scores = torch::matmul(q, k.transpose(-2, -1)) * scale;  // [B,nh,T,S]
    if (T > 1 || windowed)
        scores = scores.masked_fill(allowedKeys(T, S, windowed ? window : 0, q.device()).logical_not(),
                                    -std::numeric_limits<float>::infinity());
    auto probs = torch::softmax(scores.to(torch::kFloat32), -1).to(q.scalar_type());
    return torch::matmul(probs, v);
#endif
}

torch::Tensor gateActivation(const torch::Tensor& g, Activation act) {
    return act == Activation::GeluTanh ? torch::gelu(g, "tanh") : torch::silu(g);
}

} // namespace

namespace {
thread_local bool ids_trusted = false;
} // namespace

TrustedIds::TrustedIds() : previous_(ids_trusted) { ids_trusted = true; }
TrustedIds::~TrustedIds() { ids_trusted = previous_; }
bool TrustedIds::active() { return ids_trusted; }

torch::Tensor embedTokens(const ModelConfig& config, const torch::Tensor& embed, const torch::Tensor& ids) {
    auto x = torch::embedding(embed, ids);  // [B, T, H]
    if (config.embed_scale)
        x = x * torch::scalar_tensor(std::sqrt(static_cast<double>(config.hidden)), x.options());
    return x;
}

LlamaModel::RopeTables LlamaModel::ropeFor(int64_t past, int64_t T, torch::Device device) const {
    RopeTables r;
    std::tie(r.cos, r.sin) = rope_memo_.get(config.rope, config.head_dim, past, T, device, dtype());  // [T, hd]
    if (config.hasSlidingLayers())
        std::tie(r.cos_local, r.sin_local) = rope_memo_.get(config.rope_local, config.head_dim, past, T, device, dtype());
    return r;
}

torch::Tensor LlamaModel::block(size_t i, const torch::Tensor& x, const RopeTables& rope, KVCache* cache,
                                const ActivationProbe& probe) const {
    const LayerDims& d = config.layers[i];
    const LayerWeights& w = layers[i];
    const int64_t B = x.size(0), T = x.size(1), hd = config.head_dim;
    const std::string prefix = "layers." + std::to_string(i) + ".";
    if (probe) probe(prefix + "input", x);
    const double eps = config.rms_eps;

    torch::Tensor h = x;  // [B, T, H]
    if (d.hasAttention()) {
        auto y = rmsNorm(x, w.attn_norm, eps);
        if (probe) probe(prefix + "attn_in", y);  // input of q/k/v_proj (OWL's outlier ratio)
        auto q = linear(y, w.wq, w.bq, linear_hook, linear_override, i, Projection::Q).view({B, T, d.n_heads, hd});     // [B, T, nh, hd]
        auto k = linear(y, w.wk, w.bk, linear_hook, linear_override, i, Projection::K).view({B, T, d.n_kv_heads, hd});  // [B, T, nkv, hd]
        auto v = linear(y, w.wv, w.bv, linear_hook, linear_override, i, Projection::V).view({B, T, d.n_kv_heads, hd});  // [B, T, nkv, hd]
        if (config.qk_norm) {  // per head, over head_dim
            q = rmsNorm(q, w.q_norm, eps);
            k = rmsNorm(k, w.k_norm, eps);
        }
        // Rotated in the projections' contiguous layout (vectorised kernels), then transposed.
        const auto cos = (d.sliding ? rope.cos_local : rope.cos).unsqueeze(1);  // [T, 1, hd]
        const auto sin = (d.sliding ? rope.sin_local : rope.sin).unsqueeze(1);  // [T, 1, hd]
        q = applyRope(q, cos, sin).transpose(1, 2);  // [B, nh, T, hd]
        k = applyRope(k, cos, sin).transpose(1, 2);  // [B, nkv, T, hd]
        v = v.transpose(1, 2);                       // [B, nkv, T, hd]
        if (cache) {
            if (cache->k[i].defined()) {
                k = torch::cat({cache->k[i], k}, 2);  // [B, nkv, S, hd]
                v = torch::cat({cache->v[i], v}, 2);
            }
            cache->k[i] = k;
            cache->v[i] = v;
        }
        if (d.n_kv_heads != d.n_heads) {  // GQA: KV head j serves query heads j*g .. j*g+g-1
            const int64_t g = d.n_heads / d.n_kv_heads;
            k = k.repeat_interleave(g, 1);  // [B, nh, S, hd]
            v = v.repeat_interleave(g, 1);
        }
        auto a = attention(q, k, v, config.attentionScale(), d.sliding ? config.sliding_window : 0)
                     .transpose(1, 2)
                     .reshape({B, T, d.n_heads * hd});  // [B, T, nh*hd]
        if (probe) probe(prefix + "attn_out_in", a);
        auto o = linear(a, w.wo, w.bo, linear_hook, linear_override, i, Projection::O);  // [B, T, H]
        if (config.sandwich_norms) o = rmsNorm(o, w.post_attn_norm, eps);
        h = x + o;
    }
    if (probe) probe(prefix + "mid", h);  // between the sublayers (sub-block influence)
    if (d.hasMlp()) {
        auto y = rmsNorm(h, w.ffn_norm, eps);
        if (probe) probe(prefix + "ffn_in", y);  // input of gate/up_proj
        auto gate = linear(y, w.w_gate, w.b_gate, linear_hook, linear_override, i, Projection::Gate);  // [B, T, I]
        auto up = linear(y, w.w_up, w.b_up, linear_hook, linear_override, i, Projection::Up);          // [B, T, I]
        // Inference on the GPU: one fused pass (core/model/fused_ops); otherwise the torch ops.
        auto a = config.act == Activation::Silu ? fusedSwiglu(gate, up) : torch::Tensor();
        if (!a.defined()) a = gateActivation(gate, config.act) * up;  // [B, T, I]
        if (probe) probe(prefix + "down_in", a);
        auto o = linear(a, w.w_down, w.b_down, linear_hook, linear_override, i, Projection::Down);  // [B, T, H]
        if (config.sandwich_norms) o = rmsNorm(o, w.post_ffn_norm, eps);
        h = h + o;
    }
    if (probe) probe(prefix + "output", h);
    return h;
}

torch::Tensor LlamaModel::hidden(const torch::Tensor& ids, KVCache* cache, const ActivationProbe& probe,
                                 const std::vector<bool>* skip) const {
    if (ids.dim() != 2) throw Error("model input must be [batch, tokens]");
    if (ids.numel() > 0 && !TrustedIds::active()) {  // one sync for both ends (a bad id on the GPU would be a device assert)
        auto range = torch::stack({ids.min(), ids.max()}).to(torch::kCPU);
        if (range[0].item<int64_t>() < 0 || range[1].item<int64_t>() >= config.vocab)
            throw Error("token id out of range for vocabulary of " + std::to_string(config.vocab));
    }
    auto x = embedTokens(config, embed, ids);  // [B, T, H]
    const int64_t past = cache ? cache->length() : 0;
    if (cache && cache->k.size() != layers.size()) {
        cache->k.resize(layers.size());
        cache->v.resize(layers.size());
    }
    const RopeTables rope = ropeFor(past, ids.size(1), ids.device());  // [T, hd] each
    for (size_t i = 0; i < layers.size(); ++i)
        if (!skip || i >= skip->size() || !(*skip)[i]) {
            if (block_runner && !cache)
                // The runner may keep the block for a recomputation in backward: capture by value.
                x = block_runner(i, x, [this, i, rope](const torch::Tensor& in) { return block(i, in, rope, nullptr, {}); });
            else
                x = block(i, x, rope, cache, probe);
        }
    return rmsNorm(x, final_norm, config.rms_eps);
}

torch::Tensor LlamaModel::runBlock(size_t i, const torch::Tensor& x, const ActivationProbe& probe) const {
    if (x.dim() != 3) throw Error("block input must be [batch, tokens, hidden]");
    return block(i, x, ropeFor(0, x.size(1), x.device()), nullptr, probe);
}

torch::Tensor LlamaModel::logitsOf(const torch::Tensor& x) const {
    return torch::nn::functional::linear(rmsNorm(x, final_norm, config.rms_eps), lm_head).to(torch::kFloat32);
}

torch::Tensor LlamaModel::forward(const torch::Tensor& ids, KVCache* cache, const ActivationProbe& probe,
                                  const std::vector<bool>* skip) const {
    auto h = hidden(ids, cache, probe, skip);                                 // [B, T, H]
    return torch::nn::functional::linear(h, lm_head).to(torch::kFloat32);  // [B, T, V]
}

std::vector<std::pair<std::string, torch::Tensor>> LlamaModel::namedTensors() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    auto add = [&](TensorRole r, int layer, const torch::Tensor& t, bool bias = false) {
        if (t.defined()) out.emplace_back(hfTensorName(r, layer, bias, config.family), t);
    };
    add(TensorRole::Embed, 0, embed);
    for (size_t i = 0; i < layers.size(); ++i)
        for (const LayerSlotSpec& s : kLayerSlots) add(s.role, static_cast<int>(i), layers[i].*s.field, s.bias);
    add(TensorRole::FinalNorm, 0, final_norm);
    if (!config.tie_embeddings) add(TensorRole::LmHead, 0, lm_head);
    return out;
}

torch::Tensor* layerSlot(LayerWeights& w, TensorRole role, bool bias) {
    for (const LayerSlotSpec& s : kLayerSlots)
        if (s.role == role && s.bias == bias) return &(w.*s.field);
    return nullptr;
}

const torch::Tensor* layerSlot(const LayerWeights& w, TensorRole role, bool bias) {
    return layerSlot(const_cast<LayerWeights&>(w), role, bias);
}

torch::Tensor* LlamaModel::tensorByName(const std::string& name) {
    if (name == hfTensorName(TensorRole::Embed, 0)) return &embed;
    if (name == hfTensorName(TensorRole::FinalNorm, 0)) return &final_norm;
    if (name == hfTensorName(TensorRole::LmHead, 0)) return config.tie_embeddings ? &embed : &lm_head;
    const std::string prefix = "model.layers.";
    if (name.rfind(prefix, 0) != 0) return nullptr;
    const size_t dot = name.find('.', prefix.size());
    const size_t i = std::stoul(name.substr(prefix.size(), dot - prefix.size()));
    if (i >= layers.size()) return nullptr;
    LayerWeights& w = layers[i];
    const int l = static_cast<int>(i);
    for (const LayerSlotSpec& s : kLayerSlots)
        if (name == hfTensorName(s.role, l, s.bias, config.family)) return &(w.*s.field);
    return nullptr;
}

void LlamaModel::to(torch::Device device, torch::ScalarType dtype) {
    auto conv = [&](torch::Tensor& t) {
        if (t.defined()) t = t.to(device, dtype);
    };
    conv(embed);
    conv(final_norm);
    for (auto& w : layers)
        for (const LayerSlotSpec& s : kLayerSlots) conv(w.*s.field);
    if (config.tie_embeddings) lm_head = embed;
    else conv(lm_head);
}

void LlamaModel::checkShapes() const {
    if (layers.size() != config.layers.size()) throw Error("model has a different number of layers than its config");
    auto& self = const_cast<LlamaModel&>(*this);  // tensorByName only looks up
    for (const ExpectedTensor& e : expectedTensors(config)) {  // the file readers' expected shapes (core/model/tensor_check)
        const std::string name = hfTensorName(e.role, e.layer, e.bias, config.family);
        const torch::Tensor* t = self.tensorByName(name);
        if (!t || !t->defined()) {
            if (e.required) throw Error("tensor '" + name + "' is missing");
            continue;
        }
        if (t->sizes().vec() != e.shape)
            throw Error("tensor '" + name + "' has shape " + shapeText(t->sizes().vec()) + ", expected " +
                        shapeText(e.shape) + " (" + e.why + ")");
    }
}

} // namespace pb
