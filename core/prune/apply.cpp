#include "core/prune/apply.h"

#include <set>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/plan/block_presence.h"
#include "core/plan/layer_cut.h"
#include "core/util/error.h"

namespace pb {

namespace {

torch::Tensor pick(const torch::Tensor& t, int64_t dim, const torch::Tensor& idx) {
    return t.defined() ? t.index_select(dim, idx).contiguous() : t;
}

} // namespace

LayerWeights applyLayerPlan(const LayerWeights& src, const LayerDims& d, const LayerPlan* lp,
                            const std::string& attention_unit, int64_t hd) {
    torch::NoGradGuard no_grad;
    LayerWeights w = src;  // shares storage until replaced below
    if (!d.hasAttention() && !d.hasMlp()) return w;  // an identity block: nothing to cut
    const torch::Device dev = d.hasAttention() ? w.wq.device() : w.w_gate.device();
    auto index = [&](const std::vector<int64_t>& v) { return torch::tensor(v, torch::kInt64).to(dev); };
    const LayerCut cut = layerCut(d, lp, attention_unit, hd);
    if (!cut.q.empty()) {
        const auto q = index(cut.q);
        w.wq = pick(w.wq, 0, q), w.bq = pick(w.bq, 0, q);
        w.wo = pick(w.wo, 1, q);
    }
    if (!cut.kv.empty()) {
        const auto kv = index(cut.kv);
        w.wk = pick(w.wk, 0, kv), w.bk = pick(w.bk, 0, kv);
        w.wv = pick(w.wv, 0, kv), w.bv = pick(w.bv, 0, kv);
    }
    if (!cut.mlp.empty()) {
        const auto ch = index(cut.mlp);
        w.w_gate = pick(w.w_gate, 0, ch), w.b_gate = pick(w.b_gate, 0, ch);
        w.w_up = pick(w.w_up, 0, ch), w.b_up = pick(w.b_up, 0, ch);
        w.w_down = pick(w.w_down, 1, ch);
    }
    return w;
}

LlamaModel applyPlan(const LlamaModel& src, const PruningPlan& plan) {
    const ModelConfig& c = src.config;
    plan.validate(c);
    requirePlanKeepsBlocks(c, plan);
    if (!plan.resolved()) throw Error("the plan gives ratios but no unit indices: score the model to resolve it first");
    torch::NoGradGuard no_grad;
    const torch::Device dev = src.device();
    const int64_t hd = c.head_dim;

    LlamaModel out;
    out.config = prunedConfig(c, plan);
    std::set<int64_t> dropped(plan.dropped_blocks.begin(), plan.dropped_blocks.end());
    for (size_t i = 0; i < c.layers.size(); ++i) {
        if (dropped.count(static_cast<int64_t>(i))) continue;
        const LayerPlan* lp = i < plan.layers.size() ? &plan.layers[i] : nullptr;
        out.layers.push_back(applyLayerPlan(src.layers[i], c.layers[i], lp, plan.attention_unit, hd));
    }
    out.embed = src.embed;
    out.final_norm = src.final_norm;
    out.lm_head = src.lm_head;
    if (plan.hidden_keep) {  // the residual stream's channels in every tensor
        auto h = torch::tensor(*plan.hidden_keep, torch::kInt64).to(dev);  // kept hidden channels
        out.embed = pick(out.embed, 1, h);
        out.final_norm = pick(out.final_norm, 0, h);
        out.lm_head = c.tie_embeddings ? out.embed : pick(out.lm_head, 1, h);
        for (auto& w : out.layers) {
            for (torch::Tensor* t : {&w.attn_norm, &w.ffn_norm, &w.bo, &w.b_down}) *t = pick(*t, 0, h);
            for (torch::Tensor* t : {&w.wq, &w.wk, &w.wv, &w.w_gate, &w.w_up}) *t = pick(*t, 1, h);
            for (torch::Tensor* t : {&w.wo, &w.w_down}) *t = pick(*t, 0, h);
        }
    }
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
        for (torch::Tensor* t : {&w.attn_norm, &w.wq, &w.wk, &w.wv, &w.wo, &w.bq, &w.bk, &w.bv, &w.bo, &w.ffn_norm,
                                 &w.w_gate, &w.w_up, &w.w_down, &w.b_gate, &w.b_up, &w.b_down})
            own(*t);
    out.checkShapes();
    return out;
}

} // namespace pb
