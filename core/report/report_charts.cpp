#include "core/report/report_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "core/evalzs/stats.h"
#include "core/report/latency_report.h"
#include "core/report/sizes_zeroshot_chart.h"
#include "core/report/sweep_best.h"

namespace pb::report {

namespace {

constexpr double kNoBar = std::numeric_limits<double>::quiet_NaN();

std::string percentText(double fraction) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f%%", fraction * 100.0);
    return b;
}

double share(int64_t after, int64_t before) {
    return before > 0 ? 100.0 * double(after) / double(before) : kNoBar;
}

NamedChart widthsChart(const PlanSummary& p) {
    svg::BarChart c;
    c.title = "Widths kept per layer";
    c.x_title = "layer";
    c.y_title = "kept (% of the original)";
    c.y_suffix = "%";
    c.y_max = 100;
    svg::BarSeries heads{"attention heads", svg::color::kWidth, {}};
    svg::BarSeries ffn{"FFN channels", "#7fa7d9", {}};
    svg::BarSeries whole{"heads and FFN kept whole", "#8fa6bf", {}};
    svg::BarSeries dropped{"block dropped", "#f2c49b", {}, true};
    bool any_dropped = false, any_narrowed = false;
    for (size_t i = 0; i < p.layers.size(); ++i) {
        const LayerWidths& l = p.layers[i];
        c.categories.push_back(std::to_string(i));
        heads.values.push_back(l.dropped ? kNoBar : share(l.heads_after, l.heads_before));
        ffn.values.push_back(l.dropped ? kNoBar : share(l.ffn_after, l.ffn_before));
        whole.values.push_back(l.dropped ? kNoBar : 100.0);
        dropped.values.push_back(l.dropped ? 100.0 : kNoBar);
        any_dropped |= l.dropped;
        any_narrowed |= !l.dropped && (l.heads_after != l.heads_before || l.ffn_after != l.ffn_before);
    }
    // Depth pruning only: one calm bar per block instead of two identical ones.
    if (any_narrowed)
        c.series = {heads, ffn};
    else
        c.series = {whole}, c.title += " (depth pruning only)";
    if (any_dropped) c.series.push_back(dropped);
    return {"widths", c.title, svg::renderBarChart(c)};
}

NamedChart blocksChart(const BlockScoresSummary& b, const std::vector<int64_t>& dropped_blocks) {
    const std::set<int64_t> dropped(dropped_blocks.begin(), dropped_blocks.end());
    svg::BarChart c;
    c.title = "Block importance (" + b.criterion + ")";
    c.x_title = "block";
    c.y_title = "score (higher = more important)";
    c.overlap = true;
    svg::BarSeries kept{"block kept", "#8fa6bf", {}};
    svg::BarSeries gone{"block dropped", svg::color::kDepth, {}};
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (size_t i = 0; i < b.scores.size(); ++i) {
        const double v = b.scores[i];
        c.categories.push_back(std::to_string(i));
        const bool d = dropped.count(static_cast<int64_t>(i)) > 0;
        kept.values.push_back(d ? kNoBar : v);
        gone.values.push_back(d ? v : kNoBar);
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    // Perplexity-like scores span decades (the first block is often 100x the rest).
    c.log_y = lo > 0 && hi / lo > 30;
    if (c.log_y) c.y_title += ", log scale";
    c.series = {kept};
    if (!dropped.empty()) c.series.push_back(gone);
    return {"blocks", c.title, svg::renderBarChart(c)};
}

NamedChart pplChart(const PerplexitySummary& p, bool depth) {
    svg::BarChart c;
    c.title = "Perplexity on " + p.text;
    c.y_title = "perplexity (lower is better)";
    c.categories = {"original", "pruned"};
    c.overlap = true;
    c.value_labels = true;
    c.series = {{"original", svg::color::kDense, {p.before, kNoBar}},
                {depth ? "pruned (depth)" : "pruned (width)",
                 depth ? svg::color::kDepth : svg::color::kWidth,
                 {kNoBar, p.after}}};
    NamedChart out{"ppl", c.title, svg::renderBarChart(c)};
    return out;
}

NamedChart sweepChart(const SweepSummary& s, std::vector<std::string>& notes) {
    svg::LineChart c;
    c.title = "Perplexity vs parameters removed";
    c.x_title = "parameters removed (%)";
    c.y_title = "perplexity on " + s.text + " (log scale)";
    c.x_suffix = "%";
    c.log_y = true;
    const std::vector<std::string> width_colors = {svg::color::kWidth, svg::color::kGreen,
                                                   svg::color::kPurple, svg::color::kTeal};
    const std::vector<std::string> depth_colors = {svg::color::kDepth, svg::color::kRed, svg::color::kBrown};
    size_t nw = 0, nd = 0;
    std::map<std::string, size_t> index; // criterion -> series
    for (const SweepPoint& r : s.rows) {
        if (r.kind() == "dense") {
            if (r.error.empty()) {
                char b[64];
                std::snprintf(b, sizeof b, "dense (%.2f)", r.ppl);
                c.references.push_back({b, svg::color::kDense, r.ppl});
            }
            continue;
        }
        auto [it, added] = index.emplace(r.criterion, c.series.size());
        if (added) {
            const bool depth = r.depth;
            const std::string color =
                depth ? depth_colors[nd++ % depth_colors.size()] : width_colors[nw++ % width_colors.size()];
            c.series.push_back({r.criterion + " (" + r.kind() + ")", color, {}, false});
        }
        if (!r.error.empty()) {
            notes.push_back(r.criterion + " at " + percentText(r.target) + ": not drawn, " + r.error + ".");
            continue;
        }
        c.series[it->second].points.push_back({r.removed_fraction * 100.0, r.ppl});
    }
    for (svg::Series& se : c.series)
        std::stable_sort(se.points.begin(), se.points.end(),
                         [](const svg::Point& a, const svg::Point& b) { return a.x < b.x; });
    return {"sweep", c.title, svg::renderLineChart(c)};
}

// The tasks the sweep's points were scored on, in the order of their first appearance.
std::vector<std::string> sweepTasks(const SweepSummary& s) {
    std::vector<std::string> out;
    for (const SweepPoint& r : s.rows)
        for (const TaskMetrics& t : r.tasks)
            if (std::find(out.begin(), out.end(), t.task) == out.end()) out.push_back(t.task);
    return out;
}

} // namespace

svg::LineChart zeroShotAccuracyAxes(const std::string& title) {
    svg::LineChart c;
    c.title = title;
    c.x_title = "parameters removed (%)";
    c.y_title = "accuracy (%), whiskers: 95% Wilson interval";
    c.x_suffix = "%";
    c.y_suffix = "%";
    c.y_from_zero = true;
    c.y_max = 100;
    return c;
}

namespace {

// Zero-shot accuracy of one task against the fraction removed: a line per criterion with its
// 95% Wilson interval as whiskers, the dense model's accuracy as a dashed line inside its
// interval's band, and the chance level dotted.
NamedChart zeroShotSweepChart(const SweepSummary& s, const std::string& task) {
    svg::LineChart c = zeroShotAccuracyAxes("Zero-shot accuracy vs parameters removed: " + task);
    const std::vector<std::string> width_colors = {svg::color::kWidth, svg::color::kGreen,
                                                   svg::color::kPurple, svg::color::kTeal};
    const std::vector<std::string> depth_colors = {svg::color::kDepth, svg::color::kRed, svg::color::kBrown};
    size_t nw = 0, nd = 0;
    std::map<std::string, size_t> index;
    int choices = 0;
    for (const SweepPoint& r : s.rows) {
        const TaskMetrics* t = nullptr;
        for (const TaskMetrics& m : r.tasks)
            if (m.task == task) t = &m;
        if (!t || !r.error.empty()) continue;
        choices = std::max(choices, t->choices);
        const zs::Interval ci = zs::accInterval(*t);
        if (r.kind() == "dense") {
            char b[96];
            std::snprintf(b, sizeof b, "dense (%.1f%%, band: 95%% interval)", 100.0 * t->acc);
            svg::ReferenceLine ref{b, svg::color::kDense, 100.0 * t->acc};
            ref.lo = 100.0 * ci.lo, ref.hi = 100.0 * ci.hi;
            c.references.push_back(ref);
            continue;
        }
        auto [it, added] = index.emplace(r.criterion, c.series.size());
        if (added)
            c.series.push_back({r.criterion + " (" + r.kind() + ")",
                                r.depth ? depth_colors[nd++ % depth_colors.size()] : width_colors[nw++ % width_colors.size()],
                                {},
                                false});
        svg::Point p{r.removed_fraction * 100.0, 100.0 * t->acc};
        p.lo = 100.0 * ci.lo, p.hi = 100.0 * ci.hi;
        c.series[it->second].points.push_back(p);
    }
    // After LoRA (sweep --recover-steps): each criterion's curve again, dashed, in its colour, and
    // the dense model after LoRA as a second reference.
    const size_t before_series = c.series.size();
    for (const SizeRow& r : s.recovered) {
        const TaskMetrics* t = nullptr;
        for (const TaskMetrics& m : r.tasks_recovered)
            if (m.task == task) t = &m;
        if (!t || !r.error.empty()) continue;
        const zs::Interval ci = zs::accInterval(*t);
        if (r.point.kind() == "dense") {
            char b[96];
            std::snprintf(b, sizeof b, "dense after %lld LoRA steps (%.1f%%)", (long long)s.recover_steps, 100.0 * t->acc);
            c.references.push_back({b, svg::color::kGreen, 100.0 * t->acc});
            continue;
        }
        const auto it = index.find(r.point.criterion);
        if (it == index.end()) continue;
        const std::string name = r.point.criterion + " (" + r.point.kind() + ") after LoRA";
        size_t k = before_series;
        while (k < c.series.size() && c.series[k].name != name) ++k;
        if (k == c.series.size()) c.series.push_back({name, c.series[it->second].color, {}, true});
        svg::Point p{r.point.removed_fraction * 100.0, 100.0 * t->acc};
        p.lo = 100.0 * ci.lo, p.hi = 100.0 * ci.hi;
        c.series[k].points.push_back(p);
    }
    if (s.recover_steps > 0) c.title += ", before and after " + std::to_string(s.recover_steps) + " LoRA steps (dashed)";
    if (choices > 0) {
        svg::ReferenceLine chance{"chance (" + std::to_string(100 / choices) + "%)", svg::color::kRed, 100.0 / choices};
        chance.dotted = true;
        c.references.push_back(chance);
    }
    for (svg::Series& se : c.series)
        std::stable_sort(se.points.begin(), se.points.end(),
                         [](const svg::Point& a, const svg::Point& b) { return a.x < b.x; });
    return {"zeroshot-" + task, c.title, svg::renderLineChart(c)};
}

// One curve per model and kind: the best criterion's perplexity relative to the model's
// dense perplexity (core/report/sweep_best.h). A colour per model; depth dashed.
NamedChart sizesChart(const SizeSweepResult& r) {
    svg::LineChart c;
    c.title = "Relative perplexity vs parameters removed, by model";
    c.x_title = "parameters removed (%)";
    c.y_title = "perplexity / dense perplexity (log scale)";
    c.x_suffix = "%";
    c.log_y = true;
    const std::vector<std::string> colors = {svg::color::kWidth, svg::color::kDepth, svg::color::kGreen,
                                             svg::color::kPurple, svg::color::kRed, svg::color::kTeal,
                                             svg::color::kBrown};
    c.references.push_back({"dense (= 1)", svg::color::kDense, 1.0});
    std::vector<std::string> notes;
    for (size_t i = 0; i < r.models.size(); ++i) {
        const ModelSweep& m = r.models[i];
        const std::vector<RelativeCurve> curves = relativeCurves(m);
        if (curves.empty()) notes.push_back(m.name + ": not drawn, no measured dense and pruned points.");
        for (const RelativeCurve& curve : curves) {
            svg::Series se{modelLabel(m.name) + " · " + curve.kind, colors[i % colors.size()], {}, curve.kind == "depth"};
            for (const CurvePoint& p : curve.points) se.points.push_back({p.removed * 100.0, p.relative_ppl});
            c.series.push_back(std::move(se));
        }
    }
    NamedChart out{"sizes", c.title, svg::renderLineChart(c)};
    out.chart.notes.insert(out.chart.notes.begin(), notes.begin(), notes.end());
    return out;
}

} // namespace

std::vector<NamedChart> reportCharts(const ReportData& d) {
    std::vector<NamedChart> out;
    if (d.plan && !d.plan->layers.empty()) out.push_back(widthsChart(*d.plan));
    if (d.blocks && !d.blocks->scores.empty())
        out.push_back(blocksChart(*d.blocks, d.plan ? d.plan->dropped_blocks : std::vector<int64_t>{}));
    if (d.ppl) out.push_back(pplChart(*d.ppl, d.plan && !d.plan->dropped_blocks.empty()));
    if (d.sweep) {
        std::vector<std::string> notes;
        NamedChart c = sweepChart(*d.sweep, notes);
        c.chart.notes.insert(c.chart.notes.begin(), notes.begin(), notes.end());
        out.push_back(std::move(c));
        for (const std::string& task : sweepTasks(*d.sweep)) out.push_back(zeroShotSweepChart(*d.sweep, task));
    }
    if (d.sizes) {
        out.push_back(sizesChart(*d.sizes));
        for (NamedChart& c : sizesZeroShotCharts(*d.sizes)) out.push_back(std::move(c));  // sizes_zeroshot_chart.h
    }
    if (d.latency)
        for (NamedChart& c : latencyCharts(*d.latency)) out.push_back(std::move(c));  // core/report/latency_report.h
    return out;
}

} // namespace pb::report
