#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/tokenizer/tokenizer.h"

namespace pbcli {

Command infoCommand() {
    return {"info", "architecture, per-layer dims and parameter count", modelOptions(), [](const Args& args) {
        pb::LoadedModel m = loadFromArgs(args);
        const pb::ModelConfig& c = m.config;
        const pb::LayerDims& d0 = c.layers.front();
        nlohmann::json layers = nlohmann::json::array();
        for (size_t i = 0; i < c.layers.size(); ++i)
            layers.push_back({{"heads", c.layers[i].n_heads}, {"kv_heads", c.layers[i].n_kv_heads},
                              {"ffn", c.layers[i].ffn}, {"params", c.layerParams(i)}});
        nlohmann::json j = {
            {"architecture", c.architecture}, {"family", c.family}, {"format", m.format},
            {"layers", c.numLayers()}, {"hidden", c.hidden}, {"heads", d0.n_heads},
            {"kv_heads", d0.n_kv_heads}, {"head_dim", c.head_dim}, {"ffn", d0.ffn},
            {"vocab", c.vocab}, {"params", c.totalParams()}, {"tied_embeddings", c.tie_embeddings},
            {"rope_theta", c.rope.theta}, {"rms_eps", c.rms_eps}, {"source_dtype", c.source_dtype},
            {"tokenizer", m.tokenizer->kind()}, {"uniform", c.uniform()}, {"per_layer", layers},
        };
        if (args.has("json")) {
            printJson(j.dump());
            return 0;
        }
        std::cout << "model        " << m.source.string() << " (" << m.format << ")\n"
                  << "architecture " << c.architecture << " (family " << c.family << ")\n"
                  << "layers       " << c.numLayers() << "\n"
                  << "hidden       " << c.hidden << "\n"
                  << "heads        " << d0.n_heads << " query, " << d0.n_kv_heads << " KV, head_dim " << c.head_dim << "\n"
                  << "ffn          " << d0.ffn << "\n"
                  << "vocab        " << c.vocab << (c.tie_embeddings ? " (tied lm_head)" : "") << "\n"
                  << "parameters   " << c.totalParams() << "\n"
                  << "weights      " << c.source_dtype << "\n"
                  << "tokenizer    " << m.tokenizer->kind() << "\n";
        if (!c.uniform())
            for (size_t i = 0; i < c.layers.size(); ++i)
                std::cout << "  layer " << i << ": heads " << c.layers[i].n_heads << ", kv " << c.layers[i].n_kv_heads
                          << ", ffn " << c.layers[i].ffn << "\n";
        return 0;
    }};
}

} // namespace pbcli
