#include "core/report/sizes_zeroshot_chart.h"

#include <algorithm>
#include <cstdio>

#include "core/evalzs/stats.h"
#include "core/report/sweep_best.h"  // modelLabel

namespace pb::report {

namespace {

const TaskMetrics* findTask(const std::vector<TaskMetrics>& tasks, const std::string& name) {
    for (const TaskMetrics& t : tasks)
        if (t.task == name) return &t;
    return nullptr;
}

svg::Point accPoint(double x, const TaskMetrics& t) {
    const zs::Interval ci = zs::accInterval(t);
    svg::Point p{x, 100.0 * t.acc};
    p.lo = 100.0 * ci.lo, p.hi = 100.0 * ci.hi;
    return p;
}

svg::ReferenceLine denseLine(const std::string& name, const char* color, const TaskMetrics& t) {
    char b[160];
    std::snprintf(b, sizeof b, "%s (%.1f%%, band: 95%% interval)", name.c_str(), 100.0 * t.acc);
    const zs::Interval ci = zs::accInterval(t);
    svg::ReferenceLine ref{b, color, 100.0 * t.acc};
    ref.lo = 100.0 * ci.lo, ref.hi = 100.0 * ci.hi;
    return ref;
}

NamedChart taskChart(const SizeSweepResult& r, const std::string& task) {
    bool recovered = false;
    for (const ModelSweep& m : r.models)
        for (const SizeRow& w : m.rows) recovered = recovered || findTask(w.tasks_recovered, task) != nullptr;
    svg::LineChart c = zeroShotAccuracyAxes(std::string("Zero-shot accuracy vs parameters removed") +
                                            (recovered ? ", before and after LoRA" : "") + ": " + task);
    // Per model: width, depth, width after LoRA, depth after LoRA (depth dashed).
    const std::vector<std::vector<const char*>> palette = {
        {svg::color::kWidth, svg::color::kDepth, svg::color::kGreen, svg::color::kPurple},
        {svg::color::kTeal, svg::color::kBrown, svg::color::kRed, svg::color::kDense}};
    int choices = 0;
    for (size_t i = 0; i < r.models.size(); ++i) {
        const ModelSweep& m = r.models[i];
        const std::vector<const char*>& colors = palette[i % palette.size()];
        const std::string who = r.models.size() > 1 ? modelLabel(m.name) + " · " : "";
        svg::Series series[4] = {{who + "width (best criterion)", colors[0], {}, false},
                                 {who + "depth (best criterion)", colors[1], {}, true},
                                 {who + "width after LoRA", colors[2], {}, false},
                                 {who + "depth after LoRA", colors[3], {}, true}};
        for (const SizeRow& w : m.rows) {
            if (!w.error.empty()) continue;
            const TaskMetrics* t = findTask(w.tasks, task);
            const TaskMetrics* after = findTask(w.tasks_recovered, task);
            if (t) choices = std::max(choices, t->choices);
            const double x = 100.0 * w.point.removed_fraction;
            if (w.point.kind() == "dense") {
                if (t) c.references.push_back(denseLine(who + "dense", svg::color::kDense, *t));
                if (after) c.references.push_back(denseLine(who + "dense after LoRA", colors[2], *after));
                continue;
            }
            const int k = w.point.depth ? 1 : 0;
            if (t) series[k].points.push_back(accPoint(x, *t));
            if (after) series[k + 2].points.push_back(accPoint(x, *after));
        }
        for (svg::Series& se : series) {
            if (se.points.empty()) continue;
            std::stable_sort(se.points.begin(), se.points.end(),
                             [](const svg::Point& a, const svg::Point& b) { return a.x < b.x; });
            c.series.push_back(std::move(se));
        }
    }
    if (choices > 0) {
        svg::ReferenceLine chance{"chance (" + std::to_string(100 / choices) + "%)", svg::color::kRed, 100.0 / choices};
        chance.dotted = true;
        c.references.push_back(chance);
    }
    return {"sizes-zeroshot-" + task, c.title, svg::renderLineChart(c)};
}

} // namespace

std::vector<std::string> sizesTasks(const SizeSweepResult& r) {
    std::vector<std::string> out;
    for (const ModelSweep& m : r.models)
        for (const SizeRow& w : m.rows)
            for (const TaskMetrics& t : w.tasks)
                if (std::find(out.begin(), out.end(), t.task) == out.end()) out.push_back(t.task);
    return out;
}

std::vector<NamedChart> sizesZeroShotCharts(const SizeSweepResult& r) {
    std::vector<NamedChart> out;
    for (const std::string& t : sizesTasks(r)) out.push_back(taskChart(r, t));
    return out;
}

} // namespace pb::report
