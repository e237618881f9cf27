#include "core/plan/layer_cut.h"

namespace pb {

namespace {

// Indices of `units` blocks of `width` consecutive indices each.
std::vector<int64_t> spans(const std::vector<int64_t>& units, int64_t width) {
    std::vector<int64_t> idx;
    idx.reserve(units.size() * static_cast<size_t>(width));
    for (int64_t u : units)
        for (int64_t k = 0; k < width; ++k) idx.push_back(u * width + k);
    return idx;
}

} // namespace

LayerCut layerCut(const LayerDims& d, const LayerPlan* lp, const std::string& attention_unit, int64_t hd) {
    LayerCut cut;
    if (!lp) return cut;
    if (lp->attention_keep && d.hasAttention()) {
        if (attention_unit == "group") {
            cut.q = spans(*lp->attention_keep, d.n_heads / d.n_kv_heads * hd);  // the query heads of each kept group
            cut.kv = spans(*lp->attention_keep, hd);
        } else {
            cut.q = spans(*lp->attention_keep, hd);  // kept query heads
        }
    }
    if (lp->mlp_keep && d.hasMlp()) cut.mlp = *lp->mlp_keep;
    return cut;
}

} // namespace pb
