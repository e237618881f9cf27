#include "core/graph/plan_cut.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "core/util/error.h"

namespace pb {

namespace {

const LayerPlan* layerPlan(const PruningPlan& plan, int layer) {
    return layer >= 0 && size_t(layer) < plan.layers.size() ? &plan.layers[size_t(layer)] : nullptr;
}

bool byKvGroup(const PruningPlan& plan) { return plan.attention_unit == AttentionUnit::Group; }

// The plan's kept units for a group it cuts; nullptr when it keeps the group whole.
const std::vector<int64_t>* keptOf(const GroupSpec& g, const PruningPlan& plan) {
    const LayerPlan* lp = layerPlan(plan, g.layer);
    switch (g.kind) {
        case GroupKind::AttentionGroup:
            return lp && lp->attention_keep && byKvGroup(plan) ? &*lp->attention_keep : nullptr;
        case GroupKind::QueryHead:
            return lp && lp->attention_keep && !byKvGroup(plan) ? &*lp->attention_keep : nullptr;
        case GroupKind::MlpChannel: return lp && lp->mlp_keep ? &*lp->mlp_keep : nullptr;
        case GroupKind::HiddenChannel: return plan.hidden_keep ? &*plan.hidden_keep : nullptr;
        case GroupKind::Block:
        case GroupKind::AttentionSublayer:
        case GroupKind::MlpSublayer: return nullptr;
    }
    return nullptr;
}

bool listed(const std::vector<int64_t>& v, int layer) { return std::find(v.begin(), v.end(), int64_t(layer)) != v.end(); }

bool dropsBlock(const GroupSpec& g, const PruningPlan& plan) {
    return g.kind == GroupKind::Block && listed(plan.dropped_blocks, g.layer);
}

// A whole-tensor group (a block or a sub-block) the plan removes.
bool dropsWhole(const GroupSpec& g, const PruningPlan& plan) {
    switch (g.kind) {
        case GroupKind::Block: return dropsBlock(g, plan);
        case GroupKind::AttentionSublayer: return listed(plan.dropped_attention, g.layer);
        case GroupKind::MlpSublayer: return listed(plan.dropped_mlp, g.layer);
        default: return false;
    }
}

bool wholeGroup(const GroupSpec& g) {
    return g.kind == GroupKind::Block || g.kind == GroupKind::AttentionSublayer || g.kind == GroupKind::MlpSublayer;
}

// "layer 3's MLP channels", "the hidden channels"
std::string groupText(const GroupSpec& g) {
    return (g.layer >= 0 ? "layer " + std::to_string(g.layer) + "'s " : std::string("the ")) + groupKindName(g.kind) + "s";
}

} // namespace

bool TensorCut::cuts() const {
    if (dropped) return true;
    for (const auto& k : keep)
        if (!k.empty()) return true;
    return false;
}

bool PlanCut::dropsBlock(int layer) const {
    return std::binary_search(dropped_blocks.begin(), dropped_blocks.end(), layer);
}

const TensorCut* PlanCut::find(const DependencyGraph& graph, TensorRole role, int layer, bool bias) const {
    const bool layered = isLayerRole(role);
    for (const TensorCut& t : tensors) {
        const TensorNode& n = graph.nodes[size_t(t.node)];
        if (n.role == role && n.bias == bias && (!layered || n.layer == layer)) return &t;
    }
    return nullptr;
}

std::vector<const GroupSpec*> cutGroups(const DependencyGraph& graph, const PruningPlan& plan) {
    std::vector<const GroupSpec*> out;
    for (const GroupSpec& g : graph.groups)
        if (keptOf(g, plan) || dropsWhole(g, plan)) out.push_back(&g);
    return out;
}

std::vector<int64_t> keptUnits(const GroupSpec& g, const PruningPlan& plan) {
    if (wholeGroup(g)) return dropsWhole(g, plan) ? std::vector<int64_t>{} : std::vector<int64_t>{0};
    if (const std::vector<int64_t>* kept = keptOf(g, plan)) return *kept;
    std::vector<int64_t> all(size_t(g.units));
    for (int64_t u = 0; u < g.units; ++u) all[size_t(u)] = u;
    return all;
}

PlanCut planCut(const DependencyGraph& graph, const PruningPlan& plan) {
    if (!plan.resolved()) throw Error("the plan gives ratios but no unit indices: score the model to resolve it first");
    PlanCut cut;
    cut.tensors.reserve(graph.nodes.size());
    for (size_t i = 0; i < graph.nodes.size(); ++i)
        cut.tensors.push_back({int(i), false, std::vector<std::vector<int64_t>>(graph.nodes[i].shape.size())});

    for (const GroupSpec* g : cutGroups(graph, plan)) {
        if (wholeGroup(*g)) {  // the whole block or sub-block goes: every member tensor
            for (const GroupMember& m : g->members) cut.tensors[size_t(m.node)].dropped = true;
            if (g->kind == GroupKind::Block) cut.dropped_blocks.push_back(g->layer);
            continue;
        }
        const std::vector<int64_t> units = keptUnits(*g, plan);
        for (int64_t u : units)
            if (u < 0 || u >= g->units)
                throw Error("the plan keeps unit " + std::to_string(u) + " of " + groupText(*g) + ", which number " +
                            std::to_string(g->units) + " (0.." + std::to_string(g->units - 1) + ")");
        for (const GroupMember& m : g->members) {
            const TensorNode& node = graph.nodes[size_t(m.node)];
            std::vector<int64_t> idx;  // the kept units' indices along m.dim, ascending
            for (int64_t u : units) {
                const std::vector<int64_t> span = memberIndices(m, u);
                idx.insert(idx.end(), span.begin(), span.end());
            }
            std::sort(idx.begin(), idx.end());
            idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
            std::vector<int64_t>& keep = cut.tensors[size_t(m.node)].keep[size_t(m.dim)];
            if (!keep.empty()) {  // a second group along the same dim: both must keep an index
                std::vector<int64_t> both;
                std::set_intersection(keep.begin(), keep.end(), idx.begin(), idx.end(), std::back_inserter(both));
                idx = std::move(both);
            }
            if (idx.empty()) throw Error("the plan removes every index of dim " + std::to_string(m.dim) + " of '" +
                                         node.name + "' (" + groupText(*g) + ")");
            if (int64_t(idx.size()) == node.shape[size_t(m.dim)]) idx.clear();  // all kept
            keep = std::move(idx);
        }
    }
    std::sort(cut.dropped_blocks.begin(), cut.dropped_blocks.end());
    return cut;
}

} // namespace pb
