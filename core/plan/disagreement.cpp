#include "core/plan/disagreement.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace pb {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx <= 0 || syy <= 0) return kNaN;
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

// Normalised ranks in [0, 1] (0: least important); a single unit is 1.
std::vector<double> unitRanks(const std::vector<double>& v) {
    std::vector<double> r = meanRanks(v);
    const double n = static_cast<double>(v.size());
    for (double& x : r) x = n > 1 ? (x - 1) / (n - 1) : 1.0;
    return r;
}

// The `count` lowest-scored indices (the earlier index first on ties).
std::set<int64_t> lowest(const std::vector<double>& s, int64_t count) {
    std::vector<int64_t> idx(s.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) { return s[a] < s[b]; });
    idx.resize(static_cast<size_t>(std::clamp<int64_t>(count, 0, static_cast<int64_t>(s.size()))));
    return {idx.begin(), idx.end()};
}

double jaccard(const std::set<int64_t>& a, const std::set<int64_t>& b) {
    if (a.empty() && b.empty()) return 1.0;
    size_t both = 0;
    for (int64_t x : a) both += b.count(x);
    return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

double meanDefined(const std::vector<double>& v) {
    double sum = 0;
    int n = 0;
    for (double x : v)
        if (!std::isnan(x)) sum += x, ++n;
    return n ? sum / n : kNaN;
}

nlohmann::json number(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

std::string name(const std::optional<Criterion>& c) { return c ? criterionName(*c) : std::string("(unnamed)"); }

// Keeps the `top` largest |gap| of `units` (ties: earlier layer, then index, first).
void keepTop(std::vector<RankedUnit>& units, size_t top) {
    std::stable_sort(units.begin(), units.end(),
                     [](const RankedUnit& x, const RankedUnit& y) { return std::abs(x.gap()) > std::abs(y.gap()); });
    if (units.size() > top) units.resize(top);
}

// One kind of width unit: a[layer] vs b[layer] for every layer, into `out` and `units`.
bool compareKind(UnitKind kind, const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b,
                 double ratio, Disagreement& out, std::vector<RankedUnit>& units) {
    if (a.empty() || b.empty()) return false;
    if (a.size() != b.size())
        throw Error(std::string("the two criteria score different models: ") + std::to_string(a.size()) + " vs " +
                    std::to_string(b.size()) + " layers of " + unitKindName(kind) + " scores");
    KindAgreement k;
    k.kind = kind;
    for (size_t layer = 0; layer < a.size(); ++layer) {
        const auto& sa = a[layer];
        const auto& sb = b[layer];
        if (sa.size() != sb.size())
            throw Error("the two criteria score different models: layer " + std::to_string(layer) + " has " +
                        std::to_string(sa.size()) + " vs " + std::to_string(sb.size()) + " " + unitKindName(kind) + " scores");
        k.rho.push_back(spearman(sa, sb));
        // As many as a plan of this ratio removes (rounded); none removed: nothing to compare.
        const auto removed = static_cast<int64_t>(std::lround(ratio * static_cast<double>(sa.size())));
        k.overlap.push_back(removed > 0 ? jaccard(lowest(sa, removed), lowest(sb, removed)) : kNaN);
        const auto ra = unitRanks(sa), rb = unitRanks(sb);
        for (size_t i = 0; i < sa.size(); ++i)
            units.push_back({static_cast<int64_t>(layer), kind, static_cast<int64_t>(i), ra[i], rb[i]});
    }
    k.mean_rho = meanDefined(k.rho);
    k.mean_overlap = meanDefined(k.overlap);
    out.kinds.push_back(std::move(k));
    return true;
}

} // namespace

std::vector<double> meanRanks(const std::vector<double>& v) {
    std::vector<size_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (size_t i = 0; i < idx.size();) {
        size_t j = i;
        while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
        const double mean = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (size_t t = i; t <= j; ++t) r[idx[t]] = mean;
        i = j + 1;
    }
    return r;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size())
        throw Error("rank correlation of " + std::to_string(x.size()) + " and " + std::to_string(y.size()) + " values");
    if (x.size() < 2) return kNaN;
    for (size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) throw Error("rank correlation of scores that are not finite");
    return pearson(meanRanks(x), meanRanks(y));
}

const char* unitKindName(UnitKind k) {
    switch (k) {
        case UnitKind::KvGroup: return "kv_group";
        case UnitKind::Head: return "head";
        case UnitKind::MlpChannel: return "mlp_channel";
        case UnitKind::Block: return "block";
    }
    return "?";
}

Disagreement compareWidthScores(const WidthScores& a, const WidthScores& b, double ratio, size_t top) {
    if (!(ratio > 0 && ratio < 1)) throw Error("the removal ratio for the overlap must be in (0, 1), got " + std::to_string(ratio));
    Disagreement d;
    d.criterion_a = name(a.criterion);
    d.criterion_b = name(b.criterion);
    d.ratio = ratio;
    std::vector<RankedUnit> units;
    compareKind(UnitKind::KvGroup, a.attention_groups, b.attention_groups, ratio, d, units);
    compareKind(UnitKind::Head, a.attention_heads, b.attention_heads, ratio, d, units);
    compareKind(UnitKind::MlpChannel, a.mlp, b.mlp, ratio, d, units);
    if (d.kinds.empty()) throw Error("the two criteria have no unit kind in common to compare");
    keepTop(units, top);
    d.top = std::move(units);
    return d;
}

Disagreement compareBlockScores(const BlockScores& a, const BlockScores& b, int64_t drop, size_t top) {
    if (a.scores.size() != b.scores.size())
        throw Error("the two criteria score different models: " + std::to_string(a.scores.size()) + " vs " +
                    std::to_string(b.scores.size()) + " blocks");
    if (drop < 0 || drop > static_cast<int64_t>(a.scores.size()))
        throw Error("cannot drop " + std::to_string(drop) + " of " + std::to_string(a.scores.size()) + " blocks");
    Disagreement d;
    d.criterion_a = name(a.criterion);
    d.criterion_b = name(b.criterion);
    d.ratio = a.scores.empty() ? 0.0 : static_cast<double>(drop) / static_cast<double>(a.scores.size());
    KindAgreement k;
    k.kind = UnitKind::Block;
    k.rho = {spearman(a.scores, b.scores)};
    const auto oa = blockRemovalOrder(a), ob = blockRemovalOrder(b);
    k.overlap = {jaccard({oa.begin(), oa.begin() + drop}, {ob.begin(), ob.begin() + drop})};
    k.mean_rho = k.rho[0];
    k.mean_overlap = k.overlap[0];
    d.kinds.push_back(std::move(k));
    // Ranks follow the removal order (SLEB's iterative order included): first removed = 0.
    const double n = static_cast<double>(a.scores.size());
    std::vector<double> ra(a.scores.size()), rb(a.scores.size());
    for (size_t i = 0; i < oa.size(); ++i) ra[static_cast<size_t>(oa[i])] = n > 1 ? static_cast<double>(i) / (n - 1) : 1.0;
    for (size_t i = 0; i < ob.size(); ++i) rb[static_cast<size_t>(ob[i])] = n > 1 ? static_cast<double>(i) / (n - 1) : 1.0;
    for (size_t i = 0; i < a.scores.size(); ++i) d.top.push_back({static_cast<int64_t>(i), UnitKind::Block, 0, ra[i], rb[i]});
    keepTop(d.top, top);
    return d;
}

nlohmann::json Disagreement::toJson() const {
    nlohmann::json kj = nlohmann::json::array();
    for (const auto& k : kinds) {
        nlohmann::json rho = nlohmann::json::array(), overlap = nlohmann::json::array();
        for (double v : k.rho) rho.push_back(number(v));
        for (double v : k.overlap) overlap.push_back(number(v));
        kj.push_back({{"kind", unitKindName(k.kind)}, {"rho", rho}, {"overlap", overlap}, {"mean_rho", number(k.mean_rho)},
                      {"mean_overlap", number(k.mean_overlap)}});
    }
    nlohmann::json tj = nlohmann::json::array();
    for (const auto& u : top)
        tj.push_back({{"layer", u.layer}, {"kind", unitKindName(u.kind)}, {"index", u.index}, {"rank_a", u.rank_a},
                      {"rank_b", u.rank_b}});
    return {{"criterion_a", criterion_a}, {"criterion_b", criterion_b}, {"ratio", ratio}, {"kinds", kj}, {"top", tj}};
}

} // namespace pb
