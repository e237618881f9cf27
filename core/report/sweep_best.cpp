#include "core/report/sweep_best.h"

#include <algorithm>
#include <cmath>

namespace pb {

namespace {
bool positiveFinite(double v) { return std::isfinite(v) && v > 0.0; }
constexpr const char* kKinds[] = {"width", "depth"};
} // namespace

bool measuredPoint(const SweepPoint& p) { return p.error.empty() && positiveFinite(p.ppl); }

const SweepPoint* densePoint(const std::vector<SweepPoint>& points) {
    for (const SweepPoint& p : points)
        if (p.kind() == "dense" && measuredPoint(p)) return &p;
    return nullptr;
}

double relativePpl(double ppl, double dense_ppl) {
    if (!positiveFinite(ppl) || !positiveFinite(dense_ppl)) return NAN;
    return ppl / dense_ppl;
}

std::vector<BestPoint> bestPerKind(const std::vector<SweepPoint>& points) {
    std::vector<double> targets;
    for (const SweepPoint& p : points)
        if (p.kind() != "dense" && std::find(targets.begin(), targets.end(), p.target) == targets.end())
            targets.push_back(p.target);
    std::sort(targets.begin(), targets.end());
    std::vector<BestPoint> out;
    for (double t : targets)
        for (const char* kind : kKinds) {
            const SweepPoint* best = nullptr;
            size_t best_index = 0;
            for (size_t i = 0; i < points.size(); ++i) {
                const SweepPoint& p = points[i];
                if (p.target != t || p.kind() != kind || !measuredPoint(p)) continue;
                if (!best || p.ppl < best->ppl) best = &p, best_index = i;
            }
            if (best) out.push_back({t, kind, best_index});
        }
    return out;
}

std::vector<RelativeCurve> relativeCurves(const std::string& model, const std::vector<SweepPoint>& points) {
    const SweepPoint* dense = densePoint(points);
    if (!dense) return {};
    std::vector<RelativeCurve> out;
    const std::vector<BestPoint> best = bestPerKind(points);
    for (const char* kind : kKinds) {
        RelativeCurve c{model, kind, {{0.0, 1.0, "dense"}}};
        for (const BestPoint& b : best)
            if (b.kind == kind) {
                const SweepPoint& p = points[b.index];
                c.points.push_back({p.removed_fraction, relativePpl(p.ppl, dense->ppl), p.criterion});
            }
        if (c.points.size() < 2) continue;
        std::stable_sort(c.points.begin(), c.points.end(),
                         [](const CurvePoint& a, const CurvePoint& b) { return a.removed < b.removed; });
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<RelativeCurve> relativeCurves(const ModelSweep& m) { return relativeCurves(m.name, m.points); }

std::string modelLabel(const std::string& name) {
    if (name.rfind("demo", 0) == 0 && name.find('/') == std::string::npos) return name;
    std::string s = name;
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    const size_t slash = s.find_last_of('/');
    return slash == std::string::npos || slash + 1 == s.size() ? s : s.substr(slash + 1);
}

} // namespace pb
