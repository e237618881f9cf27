#include "core/bench/random_model.h"

#include <torch/torch.h>

#include "core/model/llama_model.h"

namespace pb {

std::shared_ptr<LlamaModel> randomModel(const ModelConfig& c, torch::Device device, torch::ScalarType dtype,
                                        uint64_t seed) {
    torch::NoGradGuard no_grad;
    torch::manual_seed(seed);
    const auto opts = torch::TensorOptions().device(device).dtype(dtype);
    auto normal = [&](int64_t out, int64_t in) { return torch::empty({out, in}, opts).normal_(0.0, 0.02); };  // [out, in]
    auto ones = [&](int64_t n) { return torch::ones({n}, opts); };                                          // [n]
    auto zeros = [&](int64_t n) { return torch::zeros({n}, opts); };                                        // [n]

    auto m = std::make_shared<LlamaModel>();
    m->config = c;
    const int64_t H = c.hidden, hd = c.head_dim;
    m->embed = normal(c.vocab, H);  // [V, H]
    m->layers.resize(c.layers.size());
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const LayerDims& d = c.layers[i];
        LayerWeights& w = m->layers[i];
        if (d.hasAttention()) {
            const int64_t q = d.n_heads * hd, kv = d.n_kv_heads * hd;
            w.attn_norm = ones(H);
            w.wq = normal(q, H);   // [nh*hd, H]
            w.wk = normal(kv, H);  // [nkv*hd, H]
            w.wv = normal(kv, H);  // [nkv*hd, H]
            w.wo = normal(H, q);   // [H, nh*hd]
            if (c.qkv_bias) w.bq = zeros(q), w.bk = zeros(kv), w.bv = zeros(kv);
            if (c.o_bias) w.bo = zeros(H);
        }
        if (d.hasMlp()) {
            w.ffn_norm = ones(H);
            w.w_gate = normal(d.ffn, H);  // [I, H]
            w.w_up = normal(d.ffn, H);    // [I, H]
            w.w_down = normal(H, d.ffn);  // [H, I]
            if (c.mlp_bias) w.b_gate = zeros(d.ffn), w.b_up = zeros(d.ffn), w.b_down = zeros(H);
        }
    }
    m->final_norm = ones(H);
    m->lm_head = c.tie_embeddings ? m->embed : normal(c.vocab, H);  // [V, H]
    m->checkShapes();
    return m;
}

} // namespace pb
