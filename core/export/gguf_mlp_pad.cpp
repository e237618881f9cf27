#include "core/export/gguf_mlp_pad.h"

#include <torch/torch.h>

#include "core/model/llama_model.h"

namespace pb {

bool hasMlpFreeAttentionLayer(const LlamaModel& m) {
    for (const LayerDims& d : m.config.layers)
        if (d.hasAttention() && !d.hasMlp()) return true;
    return false;
}

LlamaModel padMlpFreeLayers(const LlamaModel& m, std::vector<std::string>& notes) {
    LlamaModel out = m;
    ModelConfig& c = out.config;
    const auto opts = torch::TensorOptions().dtype(m.dtype()).device(m.device());
    std::string padded;
    for (size_t i = 0; i < c.layers.size(); ++i) {
        LayerDims& d = c.layers[i];
        if (!d.hasAttention() || d.hasMlp()) continue;
        LayerWeights& w = out.layers[i];
        d.ffn = 1;
        w.ffn_norm = torch::ones({c.hidden}, opts);     // [H]
        w.w_gate = torch::zeros({1, c.hidden}, opts);   // [1, H]
        w.w_up = torch::zeros({1, c.hidden}, opts);     // [1, H]
        w.w_down = torch::zeros({c.hidden, 1}, opts);   // [H, 1]
        if (c.mlp_bias) w.b_gate = torch::zeros({1}, opts), w.b_up = torch::zeros({1}, opts);
        if (c.hasDownBias()) w.b_down = torch::zeros({c.hidden}, opts);
        if (c.sandwich_norms) w.post_ffn_norm = torch::ones({c.hidden}, opts);
        padded += (padded.empty() ? "" : ", ") + std::to_string(i);
    }
    if (!padded.empty())
        notes.push_back("layer(s) " + padded + " (numbered as in the exported model) keep attention but have no MLP: "
                        "written with a one-channel MLP of "
                        "zeros (output exactly 0), since llama.cpp's deci graph skips the residual add of a layer whose "
                        "n_ff is 0 and would drop its attention output (models/deci.cpp: `if (n_ff == 0) continue;`)");
    return out;
}

} // namespace pb
