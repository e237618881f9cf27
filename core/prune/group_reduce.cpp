#include "core/prune/group_reduce.h"

#include <torch/torch.h>

#include "core/plan/scores.h"
#include "core/util/error.h"

namespace pb {

torch::Tensor memberUnitScores(const torch::Tensor& s, const GroupMember& m, int64_t units, bool abs_after_sum) {
    auto e = s.to(torch::kFloat64);
    torch::Tensor along;  // [n] along the member's dimension
    if (e.dim() == 1) along = e;
    else along = m.dim == 0 ? e.sum(1) : e.sum(0);
    auto per_unit = along.view({units, m.width}).sum(1);  // [units]
    return abs_after_sum ? per_unit.abs() : per_unit;
}

torch::Tensor aggregateMembers(const std::vector<torch::Tensor>& ms, const std::vector<bool>& is_last,
                               const std::string& agg) {
    if (ms.empty()) throw Error("a group has no scored members");
    if (agg == "last") {
        for (size_t i = 0; i < ms.size(); ++i)
            if (is_last[i]) return ms[i];
        return ms.back();
    }
    auto stacked = torch::stack(ms);  // [M, units]
    if (agg == "sum") return stacked.sum(0);
    if (agg == "mean") return stacked.mean(0);
    if (agg == "max") return std::get<0>(stacked.max(0));
    if (agg == "prod") return stacked.prod(0);
    throw Error("unknown aggregation '" + agg + "' (use sum, mean, max, prod or last)");
}

GroupScores reduceGroups(const DependencyGraph& graph, const std::function<torch::Tensor(const TensorNode&)>& element,
                         const std::string& aggregation, bool abs_after_sum, bool include_hidden) {
    GroupScores out;
    std::map<int, torch::Tensor> cache;  // node -> element scores (a node is in several groups)
    for (const GroupSpec& g : graph.groups) {
        if (g.kind == GroupKind::Block || (g.kind == GroupKind::HiddenChannel && !include_hidden)) continue;
        std::vector<torch::Tensor> ms;
        std::vector<bool> last;
        for (const GroupMember& m : g.members) {
            auto it = cache.find(m.node);
            if (it == cache.end()) it = cache.emplace(m.node, element(graph.nodes[static_cast<size_t>(m.node)])).first;
            if (!it->second.defined()) continue;
            ms.push_back(memberUnitScores(it->second, m, g.units, abs_after_sum));
            last.push_back(m.last);
        }
        auto agg = aggregateMembers(ms, last, aggregation).cpu().contiguous();
        out.by_kind_layer[{static_cast<int>(g.kind), g.layer}] =
            std::vector<double>(agg.data_ptr<double>(), agg.data_ptr<double>() + agg.numel());
    }
    return out;
}

void fillWidthScores(WidthScores& out, const ModelConfig& c, const GroupScores& gs) {
    const size_t L = c.layers.size();
    out.attention_groups.assign(L, {});
    out.attention_heads.assign(L, {});
    out.mlp.assign(L, {});
    auto get = [&](GroupKind k, int layer) -> std::vector<double> {
        auto it = gs.by_kind_layer.find({static_cast<int>(k), layer});
        return it == gs.by_kind_layer.end() ? std::vector<double>{} : it->second;
    };
    for (size_t i = 0; i < L; ++i) {
        const int l = static_cast<int>(i);
        out.attention_groups[i] = get(GroupKind::AttentionGroup, l);
        out.attention_heads[i] = get(GroupKind::QueryHead, l);
        out.mlp[i] = get(GroupKind::MlpChannel, l);
    }
    out.hidden = get(GroupKind::HiddenChannel, -1);
}

} // namespace pb
