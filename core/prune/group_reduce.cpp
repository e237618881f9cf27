#include "core/prune/group_reduce.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "core/plan/scores.h"
#include "core/util/error.h"

namespace pb {

namespace {

bool hostVector(const torch::Tensor& t) {
    return t.device().is_cpu() && t.scalar_type() == torch::kFloat64 && t.dim() == 1 && t.is_contiguous();
}

} // namespace

SignedReduce signedReduceOf(Criterion c) {
    if (c == Criterion::TaylorVector) return SignedReduce::AbsPerVector;
    if (c == Criterion::TaylorVectorSlice) return SignedReduce::AbsPerUnit;
    return SignedReduce::Plain;
}

torch::Tensor memberUnitScores(const torch::Tensor& s, const GroupMember& m, int64_t units, SignedReduce reduce) {
    const bool per_vector = reduce == SignedReduce::AbsPerVector, per_unit = reduce == SignedReduce::AbsPerUnit;
    if (hostVector(s) && s.numel() == units * m.width) {  // plain loops: no per-op dispatch for small vectors
        auto out = torch::empty({units}, torch::kFloat64);  // [units]
        const double* in = s.data_ptr<double>();
        double* o = out.data_ptr<double>();
        for (int64_t u = 0; u < units; ++u) {
            double acc = 0.0;
            for (int64_t j = 0; j < m.width; ++j) acc += per_vector ? std::abs(in[u * m.width + j]) : in[u * m.width + j];
            o[u] = per_unit ? std::abs(acc) : acc;
        }
        return out;
    }
    auto e = s.to(torch::kFloat64);
    torch::Tensor along;  // [n] along the member's dimension
    if (e.dim() == 1) along = e;
    else along = m.dim == 0 ? e.sum(1) : e.sum(0);
    if (per_vector) along = along.abs();  // |Σ g·W| of each row (column), as LLM-Pruner
    auto per_unit_sum = along.view({units, m.width}).sum(1);  // [units]
    return per_unit ? per_unit_sum.abs() : per_unit_sum;
}

torch::Tensor aggregateMembers(const std::vector<torch::Tensor>& ms, const std::vector<bool>& is_last,
                               Aggregation agg) {
    if (ms.empty()) throw Error("a group has no scored members");
    if (agg == Aggregation::Last) {
        for (size_t i = 0; i < ms.size(); ++i)
            if (is_last[i]) return ms[i];
        return ms.back();
    }
    bool host = true;
    for (const auto& t : ms) host = host && hostVector(t) && t.numel() == ms.front().numel();
    if (host) {  // plain loops over M members of `units` values
        const int64_t n = ms.front().numel();
        auto out = ms.front().clone();  // [units]
        double* o = out.data_ptr<double>();
        for (size_t k = 1; k < ms.size(); ++k) {
            const double* v = ms[k].data_ptr<double>();
            for (int64_t u = 0; u < n; ++u) {
                switch (agg) {
                    case Aggregation::Sum:
                    case Aggregation::Mean: o[u] += v[u]; break;
                    case Aggregation::Max: o[u] = (std::isnan(v[u]) || v[u] > o[u]) ? v[u] : o[u]; break;  // NaN wins, as in torch
                    case Aggregation::Prod: o[u] *= v[u]; break;
                    case Aggregation::Last: break;
                }
            }
        }
        if (agg == Aggregation::Mean)
            for (int64_t u = 0; u < n; ++u) o[u] /= double(ms.size());
        return out;
    }
    auto stacked = torch::stack(ms);  // [M, units]
    switch (agg) {
        case Aggregation::Sum: return stacked.sum(0);
        case Aggregation::Mean: return stacked.mean(0);
        case Aggregation::Max: return std::get<0>(stacked.max(0));
        case Aggregation::Prod: return stacked.prod(0);
        case Aggregation::Last: break;
    }
    throw Error("internal: aggregation '" + aggregationName(agg) + "' has no reduction");
}

void MemberScores::add(const MemberScores& o) {
    if (per_group.empty()) {
        per_group = o.per_group;
        return;
    }
    // A member may be scored in one part only (the streamed backward scores one block at a
    // time, the others' members undefined): undefined terms add nothing.
    for (size_t g = 0; g < per_group.size(); ++g)
        for (size_t m = 0; m < per_group[g].size(); ++m) {
            const torch::Tensor& term = o.per_group[g][m];
            if (!term.defined()) continue;
            torch::Tensor& sum = per_group[g][m];
            sum = sum.defined() ? sum + term : term;
        }
}

MemberScores memberScores(const DependencyGraph& graph, const std::function<torch::Tensor(const TensorNode&)>& element,
                          SignedReduce reduce, bool include_hidden, const std::function<bool(const GroupSpec&)>& keep) {
    MemberScores out;
    out.per_group.resize(graph.groups.size());
    std::map<int, torch::Tensor> cache;  // node -> element scores (a node is in several groups)
    for (size_t gi = 0; gi < graph.groups.size(); ++gi) {
        const GroupSpec& g = graph.groups[gi];
        if (g.kind == GroupKind::Block || g.kind == GroupKind::AttentionSublayer || g.kind == GroupKind::MlpSublayer ||
            (g.kind == GroupKind::HiddenChannel && !include_hidden) || (keep && !keep(g)))
            continue;
        for (const GroupMember& m : g.members) {
            auto it = cache.find(m.node);
            if (it == cache.end()) it = cache.emplace(m.node, element(graph.nodes[static_cast<size_t>(m.node)])).first;
            out.per_group[gi].push_back(it->second.defined() ? memberUnitScores(it->second, m, g.units, reduce)
                                                             : torch::Tensor());
        }
    }
    return out;
}

GroupScores aggregateGroups(const DependencyGraph& graph, const MemberScores& members, Aggregation aggregation) {
    GroupScores out;
    for (size_t gi = 0; gi < graph.groups.size(); ++gi) {
        const GroupSpec& g = graph.groups[gi];
        if (gi >= members.per_group.size() || members.per_group[gi].empty()) continue;
        std::vector<torch::Tensor> ms;
        std::vector<bool> last;
        for (size_t m = 0; m < members.per_group[gi].size(); ++m) {
            if (!members.per_group[gi][m].defined()) continue;
            ms.push_back(members.per_group[gi][m]);
            last.push_back(g.members[m].last);
        }
        auto agg = aggregateMembers(ms, last, aggregation).cpu().contiguous();
        out.by_kind_layer[{static_cast<int>(g.kind), g.layer}] =
            std::vector<double>(agg.data_ptr<double>(), agg.data_ptr<double>() + agg.numel());
    }
    return out;
}

GroupScores reduceGroups(const DependencyGraph& graph, const std::function<torch::Tensor(const TensorNode&)>& element,
                         Aggregation aggregation, SignedReduce reduce, bool include_hidden) {
    return aggregateGroups(graph, memberScores(graph, element, reduce, include_hidden), aggregation);
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
