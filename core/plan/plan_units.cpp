#include "core/plan/plan_units.h"

#include <algorithm>
#include <set>
#include <string>

#include "core/util/error.h"

namespace pb {

namespace {

void checkSpan(const ModelConfig& m, int64_t layer, GroupKind kind, int64_t first, int64_t count) {
    if (layer < 0 || layer >= m.numLayers())
        throw Error("layer " + std::to_string(layer) + " is out of range (0.." + std::to_string(m.numLayers() - 1) + ")");
    const int64_t n = unitCount(m, layer, kind);
    if (n == 0) throw Error("layer " + std::to_string(layer) + " has no " + groupKindName(kind) + "s");
    if (count < 1 || first < 0 || first + count > n)
        throw Error(std::string(groupKindName(kind)) + "s " + std::to_string(first) + ".." +
                    std::to_string(first + count - 1) + " are out of range (0.." + std::to_string(n - 1) + ")");
}

// The layer's kept list for `kind`, and whether the kind is the plan's attention unit.
std::optional<std::vector<int64_t>>* keptList(PruningPlan& p, size_t layer, GroupKind kind) {
    LayerPlan& l = p.layers[layer];
    switch (kind) {
        case GroupKind::AttentionGroup:
            if (p.attention_unit != AttentionUnit::Group)
                throw Error("the plan prunes query heads (attention unit 'head'): toggle heads, not KV groups");
            return &l.attention_keep;
        case GroupKind::QueryHead:
            if (p.attention_unit != AttentionUnit::Head)
                throw Error("the plan prunes whole KV groups (attention unit 'group'): toggle KV groups, not heads");
            return &l.attention_keep;
        case GroupKind::MlpChannel: return &l.mlp_keep;
        default: break;
    }
    throw Error(std::string("a plan keeps KV groups, query heads and MLP channels per layer, not a ") + groupKindName(kind));
}

} // namespace

int64_t unitCount(const ModelConfig& m, int64_t layer, GroupKind kind) {
    if (layer < 0 || layer >= m.numLayers()) return 0;
    const LayerDims& d = m.layers[size_t(layer)];
    switch (kind) {
        case GroupKind::AttentionGroup: return d.hasAttention() ? d.n_kv_heads : 0;
        case GroupKind::QueryHead: return d.hasAttention() ? d.n_heads : 0;
        case GroupKind::MlpChannel: return d.hasMlp() ? d.ffn : 0;
        case GroupKind::Block: return 1;
        case GroupKind::AttentionSublayer: return d.hasAttention() ? 1 : 0;
        case GroupKind::MlpSublayer: return d.hasMlp() ? 1 : 0;
        default: return 0;
    }
}

PruningPlan withUnitsRemoved(const ModelConfig& m, const PruningPlan& plan, int64_t layer, GroupKind kind,
                             int64_t first, int64_t count, bool removed) {
    checkSpan(m, layer, kind, first, count);
    PruningPlan p = plan;
    if (kind == GroupKind::Block) {
        std::set<int64_t> dropped(p.dropped_blocks.begin(), p.dropped_blocks.end());
        if (removed) dropped.insert(layer);
        else dropped.erase(layer);
        p.dropped_blocks.assign(dropped.begin(), dropped.end());
        return p;
    }
    if (kind == GroupKind::AttentionSublayer || kind == GroupKind::MlpSublayer)  // a block's attention or its MLP alone
        return withSubBlocks(m, plan, {layer}, kind == GroupKind::AttentionSublayer ? SubBlockPart::Attention : SubBlockPart::Mlp,
                             removed);
    if (p.layers.empty()) p.layers.resize(m.layers.size());
    if (p.layers.size() != m.layers.size())
        throw Error("the plan has " + std::to_string(p.layers.size()) + " layers but the model has " +
                    std::to_string(m.layers.size()));
    std::optional<std::vector<int64_t>>* keep = keptList(p, size_t(layer), kind);
    const int64_t n = unitCount(m, layer, kind);
    std::set<int64_t> kept;
    if (*keep) kept.insert((*keep)->begin(), (*keep)->end());
    else
        for (int64_t u = 0; u < n; ++u) kept.insert(u);  // a ratio becomes explicit from all units
    for (int64_t u = first; u < first + count; ++u) {
        if (removed) kept.erase(u);
        else kept.insert(u);
    }
    *keep = std::vector<int64_t>(kept.begin(), kept.end());
    // The ratio shows what the indices remove (per KV group for heads, as the ratio means there).
    const double ratio = 1.0 - double(kept.size()) / double(n);
    LayerPlan& l = p.layers[size_t(layer)];
    if (kind == GroupKind::MlpChannel) l.mlp_ratio = ratio;
    else l.attention_ratio = ratio;
    return p;
}

PruningPlan withSubBlocks(const ModelConfig& m, const PruningPlan& plan, const std::vector<int64_t>& layers, SubBlockPart part,
                          bool removed, std::vector<int64_t>* changed) {
    std::vector<SubBlockRef> refs = removedSubBlocks(m, plan);
    std::vector<int64_t> moved;
    for (int64_t l : layers) {
        if (l < 0 || l >= m.numLayers()) continue;
        const LayerDims& d = m.layers[size_t(l)];
        if (part == SubBlockPart::Attention ? !d.hasAttention() : !d.hasMlp()) continue;
        const SubBlockRef s{l, part};
        const auto at = std::find(refs.begin(), refs.end(), s);
        if (removed && at == refs.end()) refs.push_back(s), moved.push_back(l);
        if (!removed && at != refs.end()) refs.erase(at), moved.push_back(l);  // a dropped block keeps its other part removed
    }
    if (changed) *changed = moved;
    if (moved.empty()) return plan;
    const PruningPlan sub = subBlockPlan(m, refs);  // THE rule (core/plan/sub_block.h)
    PruningPlan p = plan;
    p.dropped_blocks = sub.dropped_blocks;
    p.dropped_attention = sub.dropped_attention;
    p.dropped_mlp = sub.dropped_mlp;
    if (p.layers.size() == m.layers.size()) {  // a removed sublayer is not width-pruned too
        for (int64_t l : p.dropped_attention) {
            p.layers[size_t(l)].attention_ratio = 0.0;
            p.layers[size_t(l)].attention_keep.reset();
        }
        for (int64_t l : p.dropped_mlp) {
            p.layers[size_t(l)].mlp_ratio = 0.0;
            p.layers[size_t(l)].mlp_keep.reset();
        }
    }
    return p;
}

bool unitsRemoved(const ModelConfig& m, const PruningPlan& p, int64_t layer, GroupKind kind, int64_t first,
                  int64_t count) {
    const auto in = [layer](const std::vector<int64_t>& v) { return std::find(v.begin(), v.end(), layer) != v.end(); };
    if (kind == GroupKind::Block) return in(p.dropped_blocks);
    if (kind == GroupKind::AttentionSublayer) return unitCount(m, layer, kind) > 0 && (in(p.dropped_attention) || in(p.dropped_blocks));
    if (kind == GroupKind::MlpSublayer) return unitCount(m, layer, kind) > 0 && (in(p.dropped_mlp) || in(p.dropped_blocks));
    if (layer < 0 || size_t(layer) >= p.layers.size() || count < 1 || unitCount(m, layer, kind) == 0) return false;
    const LayerPlan& l = p.layers[size_t(layer)];
    const bool attention = kind == GroupKind::AttentionGroup || kind == GroupKind::QueryHead;
    if (attention && (kind == GroupKind::AttentionGroup) != (p.attention_unit == AttentionUnit::Group)) return false;
    const std::optional<std::vector<int64_t>>& keep = attention ? l.attention_keep : l.mlp_keep;
    if (!keep) return false;
    for (int64_t u = first; u < first + count; ++u)
        if (std::binary_search(keep->begin(), keep->end(), u)) return false;
    return true;
}

} // namespace pb
