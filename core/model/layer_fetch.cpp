#include "core/model/layer_fetch.h"

namespace pb {

LayerWeights fetchLayer(const ModelConfig& c, size_t i, const TensorFetch& fetch) {
    const LayerDims& d = c.layers.at(i);
    const int l = static_cast<int>(i);
    LayerWeights w;
    if (d.hasAttention()) {
        w.attn_norm = fetch(TensorRole::AttnNorm, l, false, true);
        w.wq = fetch(TensorRole::Q, l, false, true);
        w.wk = fetch(TensorRole::K, l, false, true);
        w.wv = fetch(TensorRole::V, l, false, true);
        w.wo = fetch(TensorRole::O, l, false, true);
        w.bq = fetch(TensorRole::Q, l, true, c.qkv_bias);
        w.bk = fetch(TensorRole::K, l, true, c.qkv_bias);
        w.bv = fetch(TensorRole::V, l, true, c.qkv_bias);
        w.bo = fetch(TensorRole::O, l, true, c.o_bias);
    }
    if (d.hasMlp()) {
        w.ffn_norm = fetch(TensorRole::FfnNorm, l, false, true);
        w.w_gate = fetch(TensorRole::Gate, l, false, true);
        w.w_up = fetch(TensorRole::Up, l, false, true);
        w.w_down = fetch(TensorRole::Down, l, false, true);
        w.b_gate = fetch(TensorRole::Gate, l, true, c.mlp_bias);
        w.b_up = fetch(TensorRole::Up, l, true, c.mlp_bias);
        w.b_down = fetch(TensorRole::Down, l, true, c.mlp_bias);
    }
    return w;
}

} // namespace pb
