#include "core/prune/apply.h"

#include <set>

#include <torch/torch.h>

#include "core/graph/plan_cut.h"
#include "core/model/llama_model.h"
#include "core/plan/block_presence.h"
#include "core/prune/bias_compensation.h"
#include "core/util/error.h"

namespace pb {

namespace {

// `t` with only the kept indices of each dim the cut names (t itself when it keeps all).
torch::Tensor cutTensor(const torch::Tensor& t, const TensorCut& cut) {
    torch::Tensor out = t;
    for (size_t d = 0; d < cut.keep.size(); ++d) {
        if (cut.keep[d].empty()) continue;
        const auto idx = torch::tensor(cut.keep[d], torch::kInt64).to(t.device());  // [kept]
        out = out.index_select(int64_t(d), idx).contiguous();
    }
    return out;
}

bool layerIsCut(const DependencyGraph& graph, const PlanCut& cut, int layer) {
    for (const TensorCut& t : cut.tensors)
        if (graph.nodes[size_t(t.node)].layer == layer && t.cuts()) return true;
    return false;
}

} // namespace

LayerWeights cutLayer(const LayerWeights& src, const DependencyGraph& graph, const PlanCut& cut, int layer) {
    torch::NoGradGuard no_grad;
    LayerWeights w = src;  // shares storage until replaced below
    const bool cut_here = layerIsCut(graph, cut, layer);
    if (!cut_here) return w;
    for (const LayerSlotSpec& s : kLayerSlots) {
        torch::Tensor& t = w.*s.field;
        if (!t.defined()) continue;
        const TensorCut* tc = cut.find(graph, s.role, layer, s.bias);
        if (!tc)
            throw Error("tensor '" + hfTensorName(s.role, layer, s.bias, graph.family) + "' is in the model but not in its config "
                        "(a bias the config does not announce): a plan that cuts its block cannot cut it");
        t = tc->dropped ? torch::Tensor() : cutTensor(t, *tc);  // dropped: its sub-block is removed
    }
    return w;
}

LlamaModel applyPlan(const LlamaModel& src, const PruningPlan& plan) {
    const ModelConfig& c = src.config;
    plan.validate(c);
    requirePlanKeepsBlocks(c, plan);
    if (!plan.resolved()) throw Error("the plan gives ratios but no unit indices: score the model to resolve it first");
    torch::NoGradGuard no_grad;
    const DependencyGraph graph = buildDependencyGraph(c);
    const PlanCut cut = planCut(graph, plan);

    LlamaModel out;
    out.config = prunedConfig(c, plan);
    for (size_t i = 0; i < c.layers.size(); ++i) {
        if (cut.dropsBlock(int(i))) continue;
        out.layers.push_back(cutLayer(src.layers[i], graph, cut, int(i)));
        compensateLayer(out.layers.back(), src.layers[i], graph, cut, int(i), plan);  // FLAP's bias compensation
    }
    auto global = [&](const torch::Tensor& t, TensorRole role) {
        const TensorCut* tc = cut.find(graph, role, -1);
        return tc ? cutTensor(t, *tc) : t;
    };
    out.embed = global(src.embed, TensorRole::Embed);
    out.final_norm = global(src.final_norm, TensorRole::FinalNorm);
    out.lm_head = c.tie_embeddings ? out.embed : global(src.lm_head, TensorRole::LmHead);
    // Tensors not cut above still share storage with the source: copy those (and only
    // those; index_select already made new ones) so that later edits (LoRA merges,
    // further pruning) never reach the original model.
    std::set<const void*> source_data;
    for (const auto& [name, t] : src.namedTensors()) source_data.insert(t.data_ptr());
    auto own = [&](torch::Tensor& t) {
        if (t.defined() && source_data.count(t.data_ptr())) t = t.clone();
    };
    own(out.embed);
    own(out.final_norm);
    if (c.tie_embeddings) out.lm_head = out.embed;
    else own(out.lm_head);
    for (auto& w : out.layers)
        for (const LayerSlotSpec& s : kLayerSlots) own(w.*s.field);
    fillAnnouncedBiases(out);  // zero o_proj/down_proj biases in the blocks the compensation left alone
    out.checkShapes();
    return out;
}

} // namespace pb
