#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/output_check.h"
#include "core/export/hf_export.h"
#include "core/graph/dependency_graph.h"
#include "core/plan/plan.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/atomic_write.h"

namespace pbcli {

namespace {
std::vector<OptionSpec> infoOptions() {
    auto opts = modelOptions();
    opts.push_back({"plan", true, "show the model as this plan (ratios or kept indices) would cut it"});
    opts.push_back({"save-shape", true,
                    "write that shape as a config.json without weights (bench --model shape:FILE times it)"});
    markRequired(opts, {"model"});
    return opts;
}
} // namespace

Command infoCommand() {
    return {"info", "architecture, per-layer dims and parameter count", infoOptions(), [](const Args& args) {
        checkOutputsEarly(args);
        pb::LoadedModel m = loadFromArgs(args);
        if (args.has("plan")) {
            const pb::PruningPlan plan = pb::PruningPlan::load(args.get("plan"));
            plan.validate(m.config);
            m.config = pb::prunedConfig(m.config, plan);
        }
        const pb::ModelConfig& c = m.config;
        if (args.has("save-shape")) {
            const std::string path =
                pb::checkOutputPath(args.get("save-shape"), "shape file", runSources(args)).string();
            pb::writeFileAtomic(path, pb::hfConfigJson(c, "bf16").dump(2) + "\n");
        }
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
            {"attention_rule", pb::attentionUnitRule(c, 0)},
        };
        if (c.hasSlidingLayers()) {
            nlohmann::json sliding = nlohmann::json::array();
            for (size_t i = 0; i < c.layers.size(); ++i)
                if (c.layers[i].sliding) sliding.push_back(i);
            j["sliding_window"] = c.sliding_window;
            j["sliding_layers"] = sliding;
            j["rope_local_theta"] = c.rope_local.theta;
        }
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
        if (c.hasSlidingLayers()) {
            int n = 0;
            for (const auto& d : c.layers) n += d.sliding;
            std::cout << "attention    " << n << " of " << c.numLayers() << " layers local (window " << c.sliding_window
                      << ", RoPE base " << c.rope_local.theta << "), the others global (RoPE base " << c.rope.theta
                      << ")\n";
        }
        if (const std::string rule = pb::attentionUnitRule(c, 0); !rule.empty())
            std::cout << "pruning      " << rule << "\n";
        if (!c.uniform())
            for (size_t i = 0; i < c.layers.size(); ++i)
                std::cout << "  layer " << i << ": heads " << c.layers[i].n_heads << ", kv " << c.layers[i].n_kv_heads
                          << ", ffn " << c.layers[i].ffn << "\n";
        return 0;
    }};
}

} // namespace pbcli
