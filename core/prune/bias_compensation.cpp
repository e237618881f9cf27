#include "core/prune/bias_compensation.h"

#include <torch/torch.h>

#include "core/graph/plan_cut.h"
#include "core/model/llama_model.h"
#include "core/plan/scores.h"
#include "core/prune/activation_scores.h"
#include "core/util/error.h"

namespace pb {

namespace {

std::vector<double> toVector(const torch::Tensor& t) {
    auto c = t.to(torch::kFloat64).cpu().contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

// The kept indices of dim `dim` of block tensor `role` (empty = all kept).
const std::vector<int64_t>& keptOf(const DependencyGraph& graph, const PlanCut& cut, TensorRole role, int layer,
                                   size_t dim) {
    static const std::vector<int64_t> all;
    const TensorCut* tc = cut.find(graph, role, layer);
    return tc && dim < tc->keep.size() ? tc->keep[dim] : all;
}

// b (undefined = none) + extra [H] float64, cut to the kept hidden channels `rows`, in like's dtype.
torch::Tensor addCut(const torch::Tensor& b, const torch::Tensor& extra, const std::vector<int64_t>& rows,
                     const torch::Tensor& like) {
    torch::Tensor sum = extra;
    if (b.defined()) {
        // b may already be cut to the kept hidden channels (a bias the source had): lift extra's rows to it.
        torch::Tensor e = extra;
        if (!rows.empty() && b.size(0) == int64_t(rows.size()))
            e = extra.index_select(0, torch::tensor(rows, torch::kInt64).to(extra.device()));
        return (b.to(torch::kFloat64) + e).to(like.scalar_type());
    }
    if (!rows.empty()) sum = sum.index_select(0, torch::tensor(rows, torch::kInt64).to(sum.device()));
    return sum.to(like.scalar_type());
}

} // namespace

torch::Tensor compensationBias(const torch::Tensor& w, const std::vector<int64_t>& kept, const std::vector<double>& mean) {
    torch::NoGradGuard ng;
    if (kept.empty()) return {};
    if (int64_t(mean.size()) != w.size(1))
        throw Error("bias compensation: " + std::to_string(mean.size()) + " input means for a projection with " +
                    std::to_string(w.size(1)) + " inputs");
    auto removed = torch::ones({w.size(1)}, torch::TensorOptions().dtype(torch::kFloat64).device(w.device()));  // [in]
    removed.index_fill_(0, torch::tensor(kept, torch::kInt64).to(w.device()), 0.0);
    auto m = torch::tensor(mean, torch::kFloat64).to(w.device()) * removed;  // mean of the removed channels, else 0
    return torch::mv(w.detach().to(torch::kFloat64), m);                    // [out]
}

void compensateLayer(LayerWeights& out, const LayerWeights& src, const DependencyGraph& graph, const PlanCut& cut,
                     int layer, const PruningPlan& plan) {
    if (!plan.compensatesBiases() || layer < 0 || size_t(layer) >= plan.layers.size()) return;
    const LayerPlan& lp = plan.layers[size_t(layer)];
    struct Site {
        TensorRole role;
        const std::vector<double>& mean;
        const torch::Tensor& w_src;  // [H, C] before the cut (its dtype is the bias's)
        torch::Tensor& bias;         // the cut block's bias (undefined when none)
    };
    const Site sites[] = {{TensorRole::O, lp.o_proj_input_mean, src.wo, out.bo},
                          {TensorRole::Down, lp.down_proj_input_mean, src.w_down, out.b_down}};
    for (const Site& s : sites) {
        if (s.mean.empty() || !s.w_src.defined()) continue;
        const torch::Tensor extra = compensationBias(s.w_src, keptOf(graph, cut, s.role, layer, 1), s.mean);  // [H]
        if (!extra.defined()) continue;  // no input channel removed
        s.bias = addCut(s.bias, extra, keptOf(graph, cut, s.role, layer, 0), s.w_src);
    }
}

void fillAnnouncedBiases(LlamaModel& m) {
    const ModelConfig& c = m.config;
    for (size_t i = 0; i < m.layers.size(); ++i) {
        LayerWeights& w = m.layers[i];
        const auto opts = torch::TensorOptions().dtype(m.dtype()).device(m.device());
        if (c.o_bias && c.layers[i].hasAttention() && !w.bo.defined()) w.bo = torch::zeros({c.hidden}, opts);
        if (c.hasDownBias() && c.layers[i].hasMlp() && !w.b_down.defined()) w.b_down = torch::zeros({c.hidden}, opts);
    }
}

void measureInputMeans(LlamaModel& model, const torch::Tensor& ids, int64_t batch, WidthScores& scores) {
    torch::NoGradGuard ng;
    std::vector<BlockMoments> moments(model.layers.size());
    auto probe = [&](const std::string& name, const torch::Tensor& x) {  // name "layers.i.*", x: [B, T, C]
        const size_t dot = name.find('.', 7);
        moments[std::stoul(name.substr(7, dot - 7))].observe(name, x);
    };
    const int64_t N = ids.size(0), step = std::max<int64_t>(batch, 1);
    double tokens = 0;
    for (int64_t s = 0; s < N; s += step) {
        auto x = ids.narrow(0, s, std::min(step, N - s)).to(model.device());
        model.forward(x, nullptr, probe);
        tokens += double(x.numel());
    }
    scores.attn_input_mean.assign(model.layers.size(), {});
    scores.mlp_input_mean.assign(model.layers.size(), {});
    for (size_t i = 0; i < moments.size(); ++i) {
        if (moments[i].attn.sum.defined()) scores.attn_input_mean[i] = toVector(moments[i].attn.sum / tokens);
        if (moments[i].mlp.sum.defined()) scores.mlp_input_mean[i] = toVector(moments[i].mlp.sum / tokens);
    }
}

} // namespace pb
