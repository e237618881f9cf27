#include "core/plan/budget_search.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/util/error.h"

namespace pb {

namespace {

std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100.0);
    return buf;
}

std::pair<int, int> layerRange(const ModelConfig& m, const Budget& b) {
    const int n = static_cast<int>(m.numLayers());
    const int first = std::max(b.first, 0), last = b.last < 0 ? n - 1 : std::min(b.last, n - 1);
    if (first > last)
        throw Error("the budget's layer range " + std::to_string(b.first) + "-" + std::to_string(b.last) +
                    " holds no layer of this " + std::to_string(n) + "-layer model");
    return {first, last};
}

// The cut a continuous ratio x makes of `units` (unitsRemoved's rounding), at most `most`.
int64_t cutAt(int64_t units, double x, int64_t round_to, int64_t most) {
    return std::min(most, unitsRemoved(units, std::clamp(x, 0.0, 0.9999), round_to));
}

// The next larger MLP cut of a layer (its kept width a multiple of round_to), or -1.
int64_t nextMlpCut(const LayerDims& d, int64_t cut, const Budget& b) {
    const int64_t most = maxCut(d, b).mlp;
    int64_t kept = d.ffn - cut - 1;
    if (b.round_to > 1 && d.ffn >= b.round_to) kept = (kept / b.round_to) * b.round_to;
    const int64_t next = d.ffn - kept;
    return next <= most ? next : -1;
}

} // namespace

std::string budgetSearchName(BudgetSearch method) {
    switch (method) {
        case BudgetSearch::Uniform: return "uniform";
        case BudgetSearch::Owl: return "owl";
        case BudgetSearch::Greedy: return "greedy";
    }
    return "uniform";
}

std::string budgetSearchList() { return "uniform, owl, greedy"; }

BudgetSearch parseBudgetSearch(const std::string& name) {
    for (BudgetSearch m : {BudgetSearch::Uniform, BudgetSearch::Owl, BudgetSearch::Greedy})
        if (budgetSearchName(m) == name) return m;
    throw Error("unknown budget search '" + name + "' (choose one of " + budgetSearchList() + ")");
}

void checkBudgetSearch(BudgetSearch method, Criterion criterion, const std::string& ranking, bool compensates_biases,
                       double hidden_ratio) {
    if (method == BudgetSearch::Uniform) return;
    const std::string what = "the " + budgetSearchName(method) + " budget search";
    if (criterionInfo(criterion).depth)
        throw Error(what + " spreads a width budget over the layers: criterion '" + criterionName(criterion) +
                    "' scores whole blocks, not heads and channels (use a width criterion: " + criterionList(false) +
                    ")");
    if (ranking != "local")
        throw Error(what + " sets each layer's ratio itself: it needs --ranking local, not '" + ranking +
                    "' (that ranking makes its own per-layer split)");
    if (method == BudgetSearch::Greedy && compensates_biases)
        throw Error(what + " measures the calibration loss with the removed units masked, which carries no bias "
                    "compensation: give --bias-compensation off, or use --budget-search owl");
    if (hidden_ratio > 0)
        throw Error(what + " spreads the budget over the layers' heads and MLP channels: it does not take a hidden "
                    "cut (--hidden-ratio) as well");
}

int64_t attentionUnits(const LayerDims& d, AttentionUnit unit) {
    if (!d.hasAttention()) return 0;
    return unit == AttentionUnit::Group ? d.n_kv_heads : d.n_heads / d.n_kv_heads;
}

LayerCut maxCut(const LayerDims& d, const Budget& b) {
    LayerCut c;
    const int64_t a = attentionUnits(d, b.unit);
    c.attention = a > 1 ? a - 1 : 0;
    if (d.hasMlp()) c.mlp = d.ffn - ((b.round_to > 1 && d.ffn >= b.round_to) ? b.round_to : 1);
    return c;
}

std::vector<LayerCut> cutsOf(const ModelConfig& m, const PruningPlan& p) {
    std::vector<LayerCut> cuts(m.layers.size());
    for (size_t i = 0; i < m.layers.size() && i < p.layers.size(); ++i) {
        const LayerDims& d = m.layers[i];
        const LayerPlan& l = p.layers[i];
        const int64_t units = attentionUnits(d, p.attention_unit);
        if (l.attention_keep)
            cuts[i].attention = p.attention_unit == AttentionUnit::Group
                                    ? units - int64_t(l.attention_keep->size())
                                    : units - int64_t(l.attention_keep->size()) / std::max<int64_t>(d.n_kv_heads, 1);
        else
            cuts[i].attention = unitsRemoved(units, l.attention_ratio, 1);
        if (d.hasMlp())
            cuts[i].mlp = l.mlp_keep ? d.ffn - int64_t(l.mlp_keep->size()) : unitsRemoved(d.ffn, l.mlp_ratio, p.round_to);
    }
    return cuts;
}

PruningPlan planOf(const ModelConfig& m, const std::vector<LayerCut>& cuts, const Budget& b) {
    if (cuts.size() != m.layers.size())
        throw Error("internal: " + std::to_string(cuts.size()) + " layer cuts for a " + std::to_string(m.numLayers()) +
                    "-layer model");
    PruningPlan p;
    p.attention_unit = b.unit;
    p.round_to = b.round_to;
    p.layers.resize(m.layers.size());
    for (size_t i = 0; i < m.layers.size(); ++i) {
        const LayerDims& d = m.layers[i];
        const int64_t units = attentionUnits(d, b.unit);
        if (units > 0) p.layers[i].attention_ratio = double(cuts[i].attention) / double(units);
        if (d.hasMlp()) p.layers[i].mlp_ratio = double(cuts[i].mlp) / double(d.ffn);
    }
    if (cutsOf(m, p) != cuts) throw Error("internal: the budget's ratios do not reproduce their unit counts");
    return p;
}

int64_t removedParams(const ModelConfig& m, const PruningPlan& p) {
    return m.totalParams() - prunedConfig(m, p).totalParams();
}

int64_t targetRemovedParams(const ModelConfig& m, double fraction) {
    return std::llround(fraction * double(m.totalParams()));
}

int64_t budgetUnitParams(const ModelConfig& m, const Budget& b) {
    const auto [first, last] = layerRange(m, b);
    int64_t most = 0;
    const std::vector<LayerCut> none(m.layers.size());
    for (int i = first; i <= last; ++i) {
        const LayerDims& d = m.layers[size_t(i)];
        const int64_t next = nextMlpCut(d, 0, b);
        if (next < 0) continue;
        std::vector<LayerCut> one = none;
        one[size_t(i)].mlp = next;
        most = std::max(most, removedParams(m, planOf(m, one, b)));
    }
    return most;
}

PruningPlan fitToBudget(const ModelConfig& m, const std::vector<double>& ratios, const Budget& b) {
    if (!(b.fraction > 0.0 && b.fraction < 1.0))
        throw Error("the parameter budget must be a fraction in (0, 1), not " + std::to_string(b.fraction));
    if (ratios.size() != m.layers.size())
        throw Error("internal: " + std::to_string(ratios.size()) + " layer ratios for a " +
                    std::to_string(m.numLayers()) + "-layer model");
    const std::pair<int, int> range = layerRange(m, b);  // not a structured binding: the lambda captures it (clang 14)
    const int first = range.first, last = range.second;
    const int64_t target = targetRemovedParams(m, b.fraction);
    auto cutsAt = [&](double shift) {
        std::vector<LayerCut> cuts(m.layers.size());
        for (int i = first; i <= last; ++i) {
            const LayerDims& d = m.layers[size_t(i)];
            const LayerCut most = maxCut(d, b);
            const double x = ratios[size_t(i)] + shift;
            cuts[size_t(i)].attention = cutAt(attentionUnits(d, b.unit), x, 1, most.attention);
            if (d.hasMlp()) cuts[size_t(i)].mlp = cutAt(d.ffn, x, b.round_to, most.mlp);
        }
        return cuts;
    };
    auto removedAt = [&](const std::vector<LayerCut>& cuts) { return removedParams(m, planOf(m, cuts, b)); };
    const int64_t most = removedAt(cutsAt(2.0));
    if (target > most)
        throw Error("removing " + percent(b.fraction) + " of the parameters by width in layers " +
                    std::to_string(first) + "-" + std::to_string(last) + " is not possible (at most " +
                    percent(double(most) / double(m.totalParams())) + ")");
    // The largest shift whose rounded cuts remove at most the target (removed grows with it).
    double lo = -2.0, hi = 2.0;
    for (int k = 0; k < 60; ++k) {
        const double mid = 0.5 * (lo + hi);
        (removedAt(cutsAt(mid)) <= target ? lo : hi) = mid;
    }
    std::vector<LayerCut> cuts = cutsAt(lo);
    int64_t rest = target - removedAt(cuts);  // >= 0
    // Then MLP rounding units, each to the layer furthest below its ratio at `hi`, while a unit
    // brings the count closer to the target.
    for (;;) {
        int best = -1;
        double best_want = 0;
        int64_t best_gain = 0, best_cut = 0;
        for (int i = first; i <= last; ++i) {
            const LayerDims& d = m.layers[size_t(i)];
            if (!d.hasMlp()) continue;
            const int64_t next = nextMlpCut(d, cuts[size_t(i)].mlp, b);
            if (next < 0) continue;
            std::vector<LayerCut> trial = cuts;
            trial[size_t(i)].mlp = next;
            const int64_t gain = removedAt(trial) - (target - rest);
            if (gain <= 0 || gain >= 2 * rest) continue;  // no closer
            const double want = double(d.ffn) * std::clamp(ratios[size_t(i)] + hi, 0.0, 1.0) - double(cuts[size_t(i)].mlp);
            if (best < 0 || want > best_want) best = i, best_want = want, best_gain = gain, best_cut = next;
        }
        if (best < 0) break;
        cuts[size_t(best)].mlp = best_cut;
        rest -= best_gain;
    }
    return planOf(m, cuts, b);
}

std::vector<double> owlLayerRatios(const std::vector<double>& d, double target, double lambda) {
    std::vector<double> out(d.size(), target);
    if (d.empty()) return out;
    const auto [lo_it, hi_it] = std::minmax_element(d.begin(), d.end());
    const double lo = *lo_it, span = *hi_it - lo;
    if (!(span > 0)) return out;
    std::vector<double> scaled(d.size());
    double mean = 0;
    for (size_t i = 0; i < d.size(); ++i) mean += (scaled[i] = (d[i] - lo) / span * 2.0 * lambda);
    mean /= double(d.size());
    for (size_t i = 0; i < d.size(); ++i) out[i] = target - (scaled[i] - mean);  // more outliers: kept more
    return out;
}

void checkOwlOptions(const OwlOptions& o) {
    if (!(o.m > 0) || !std::isfinite(o.m))
        throw Error("OWL's outlier threshold M must be a positive multiple of the layer mean, not " + std::to_string(o.m));
    if (!(o.lambda >= 0 && o.lambda <= 0.5))
        throw Error("OWL's spread λ must be in [0, 0.5] (ratios within target ± λ), not " + std::to_string(o.lambda));
}

} // namespace pb
