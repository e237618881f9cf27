#include "core/plan/sub_block.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace pb {

namespace {

bool has(const ModelConfig& m, const SubBlockRef& s) {
    const LayerDims& d = m.layers[size_t(s.layer)];
    return s.part == SubBlockPart::Attention ? d.hasAttention() : d.hasMlp();
}

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

} // namespace

const char* depthUnitName(DepthUnit u) { return u == DepthUnit::Block ? "block" : "sub-block"; }

DepthUnit parseDepthUnit(const std::string& name, const std::string& what) {
    if (name == "block") return DepthUnit::Block;
    if (name == "sub-block" || name == "subblock" || name == "sub_block") return DepthUnit::SubBlock;
    throw Error("unknown " + what + " '" + name + "' (use one of: block, sub-block)");
}

const char* subBlockPartName(SubBlockPart p) { return p == SubBlockPart::Attention ? "attn" : "mlp"; }

std::string subBlockText(const SubBlockRef& s) { return std::to_string(s.layer) + ":" + subBlockPartName(s.part); }

std::string subBlockListText(const std::vector<SubBlockRef>& v) {
    std::string out;
    for (const SubBlockRef& s : v) out += (out.empty() ? "" : ",") + subBlockText(s);
    return out;
}

std::vector<SubBlockRef> parseSubBlockList(const std::string& text, const ModelConfig& m) {
    std::vector<SubBlockRef> out;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = text.find(',', start);
        const std::string entry = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        start = comma == std::string::npos ? text.size() + 1 : comma + 1;
        const size_t colon = entry.find(':');
        const std::string layer = colon == std::string::npos ? entry : entry.substr(0, colon);
        const std::string part = colon == std::string::npos ? std::string() : entry.substr(colon + 1);
        if (entry.empty() || layer.empty() || layer.find_first_not_of("0123456789") != std::string::npos ||
            layer.size() > 9 || (part != "attn" && part != "attention" && part != "mlp"))
            throw Error("sub-block '" + entry + "' is not LAYER:attn or LAYER:mlp (e.g. 5:attn,7:mlp)");
        SubBlockRef s{std::stoll(layer), part == "mlp" ? SubBlockPart::Mlp : SubBlockPart::Attention};
        if (s.layer >= m.numLayers())
            throw Error("sub-block '" + entry + "': layer " + layer + " does not exist (the model has " +
                        std::to_string(m.numLayers()) + " layers, 0.." + std::to_string(m.numLayers() - 1) + ")");
        if (!has(m, s))
            throw Error("sub-block '" + entry + "': layer " + layer + " has no " +
                        (s.part == SubBlockPart::Attention ? "attention" : "MLP"));
        if (std::find(out.begin(), out.end(), s) != out.end()) throw Error("sub-block '" + entry + "' is given twice");
        out.push_back(s);
    }
    return out;
}

std::vector<SubBlockRef> subBlocksOf(const ModelConfig& m) {
    std::vector<SubBlockRef> out;
    for (int64_t i = 0; i < m.numLayers(); ++i)
        for (SubBlockPart p : {SubBlockPart::Attention, SubBlockPart::Mlp})
            if (has(m, {i, p})) out.push_back({i, p});
    return out;
}

int64_t subBlockParams(const ModelConfig& m, const SubBlockRef& s) {
    return s.part == SubBlockPart::Attention ? m.attentionParams(size_t(s.layer)) : m.mlpParams(size_t(s.layer));
}

PruningPlan subBlockPlan(const ModelConfig& m, const std::vector<SubBlockRef>& removed) {
    std::vector<std::set<SubBlockPart>> per_layer(size_t(m.numLayers()));
    for (const SubBlockRef& s : removed) {
        if (s.layer < 0 || s.layer >= m.numLayers())
            throw Error("sub-block " + subBlockText(s) + ": the model has " + std::to_string(m.numLayers()) + " layers");
        if (!has(m, s)) throw Error("sub-block " + subBlockText(s) + ": the layer has no such sublayer");
        if (!per_layer[size_t(s.layer)].insert(s.part).second)
            throw Error("sub-block " + subBlockText(s) + " is removed twice");
    }
    PruningPlan p;
    p.layers.resize(m.layers.size());
    for (int64_t i = 0; i < m.numLayers(); ++i) {
        const auto& parts = per_layer[size_t(i)];
        if (parts.empty()) continue;
        const LayerDims& d = m.layers[size_t(i)];
        const bool attn = parts.count(SubBlockPart::Attention) || !d.hasAttention();
        const bool mlp = parts.count(SubBlockPart::Mlp) || !d.hasMlp();
        if (attn && mlp) p.dropped_blocks.push_back(i);  // nothing of the block computes: drop it whole
        else if (parts.count(SubBlockPart::Attention)) p.dropped_attention.push_back(i);
        else p.dropped_mlp.push_back(i);
    }
    return p;
}

std::vector<SubBlockRef> removedSubBlocks(const ModelConfig& m, const PruningPlan& plan) {
    std::vector<SubBlockRef> out;
    for (const SubBlockRef& s : subBlocksOf(m))
        if (removesSubBlock(plan, s)) out.push_back(s);
    return out;
}

bool removesSubBlock(const PruningPlan& plan, const SubBlockRef& s) {
    auto in = [&](const std::vector<int64_t>& v) { return std::find(v.begin(), v.end(), s.layer) != v.end(); };
    return in(plan.dropped_blocks) || in(s.part == SubBlockPart::Attention ? plan.dropped_attention : plan.dropped_mlp);
}

SubBlockBudget subBlockBudget(const ModelConfig& m, double fraction, const std::vector<SubBlockRef>& order) {
    SubBlockBudget best;
    double best_gap = std::abs(fraction);
    std::vector<SubBlockRef> removed;
    for (size_t n = 1; n <= order.size(); ++n) {
        removed.push_back(order[n - 1]);
        const double f = removedParamFraction(m, subBlockPlan(m, removed));  // throws for a unit given twice
        if (std::abs(f - fraction) < best_gap) {
            best_gap = std::abs(f - fraction);
            best.units = int64_t(n);
            best.removed = removed;
            best.removed_fraction = f;
        }
        if (f > fraction) break;  // more units only remove more
    }
    return best;
}

int64_t maxSubBlocksForParamFraction(const ModelConfig& m, double fraction) {
    std::vector<SubBlockRef> order = subBlocksOf(m);
    std::stable_sort(order.begin(), order.end(),
                     [&](const SubBlockRef& a, const SubBlockRef& b) { return subBlockParams(m, a) < subBlockParams(m, b); });
    std::vector<SubBlockRef> removed;
    for (const SubBlockRef& s : order) {  // as maxBlocksForParamFraction: the smallest first reach it soonest
        removed.push_back(s);
        if (removedParamFraction(m, subBlockPlan(m, removed)) >= fraction) break;
    }
    return int64_t(removed.size());
}

double SubBlockScores::scoreOf(const SubBlockRef& s) const {
    for (size_t k = 0; k < units.size() && k < scores.size(); ++k)
        if (units[k] == s) return scores[k];
    throw Error("sub-block " + subBlockText(s) + " has no score");
}

nlohmann::json SubBlockScores::toJson() const {
    nlohmann::json u = nlohmann::json::array();
    for (size_t k = 0; k < units.size() && k < scores.size(); ++k)
        u.push_back({{"layer", units[k].layer}, {"part", subBlockPartName(units[k].part)}, {"score", scores[k]}});
    nlohmann::json ord = nlohmann::json::array();
    for (const SubBlockRef& s : order) ord.push_back(subBlockText(s));
    return {{"criterion", criterion ? nlohmann::json(criterionName(*criterion)) : nlohmann::json(nullptr)},
            {"depth_unit", "sub-block"}, {"sub_blocks", u}, {"order", ord}, {"seconds", seconds}};
}

std::vector<SubBlockRef> subBlockRemovalOrder(const SubBlockScores& s) {
    std::vector<SubBlockRef> out = s.order;
    std::vector<size_t> rest;
    for (size_t k = 0; k < s.units.size() && k < s.scores.size(); ++k)
        if (std::find(out.begin(), out.end(), s.units[k]) == out.end()) rest.push_back(k);
    std::stable_sort(rest.begin(), rest.end(), [&](size_t a, size_t b) { return s.scores[a] < s.scores[b]; });
    for (size_t k : rest) out.push_back(s.units[k]);
    return out;
}

} // namespace pb
