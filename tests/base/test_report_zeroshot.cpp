// Zero-shot accuracy in reports (issue 19 items 2 and 6): the intervals drawn in the SVG line
// chart (whiskers, the dense band, the chance line), the recovery table with 95% intervals
// and the paired test, and a sweep's zero-shot table and one chart per task.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>

#include "core/evalzs/stats.h"
#include "core/report/report.h"
#include "core/report/svg_chart.h"
#include "svg_check.h"
#include "tests/base/temp_dir.h"

namespace fs = std::filesystem;

namespace {

bool has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

size_t occurrences(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

// A task result of n items, the first k answered right.
pb::TaskMetrics task(const std::string& name, int n, int k, int choices = 4) {
    pb::TaskMetrics t;
    t.task = name;
    t.n = n;
    t.acc = t.acc_norm = double(k) / n;
    t.choices = choices;
    for (int i = 0; i < n; ++i) t.correct.push_back(i < k ? 1 : 0);
    t.correct_norm = t.correct;
    return t;
}

} // namespace

TEST(ReportZeroShot, LineChartDrawsWhiskersBandAndChance) {
    pb::svg::LineChart c;
    c.title = "accuracy";
    c.y_suffix = "%";
    c.y_from_zero = true;
    c.y_max = 100;
    pb::svg::Point a{10, 40}, b{20, 30}, plain{30, 25};
    a.lo = 30, a.hi = 50;
    b.lo = 21, b.hi = 41;
    c.series = {{"l2 (width)", pb::svg::color::kWidth, {a, b, plain}}};
    pb::svg::ReferenceLine dense{"dense", pb::svg::color::kDense, 45};
    dense.lo = 38, dense.hi = 52;
    pb::svg::ReferenceLine chance{"chance (25%)", pb::svg::color::kRed, 25};
    chance.dotted = true;
    c.references = {dense, chance};
    const pb::svg::SvgChart out = pb::svg::renderLineChart(c);
    const pbtest::SvgParse p = pbtest::parseSvg(out.svg);
    ASSERT_TRUE(p.ok) << p.error;
    EXPECT_TRUE(pbtest::numbersFinite(p));
    // Each interval: one vertical line and two caps, drawn half-transparent.
    EXPECT_EQ(occurrences(out.svg, "stroke-opacity=\"0.75\""), 6u);
    EXPECT_EQ(occurrences(out.svg, "fill-opacity=\"0.14\""), 1u);    // the dense band
    EXPECT_EQ(occurrences(out.svg, "stroke-dasharray=\"2 4\""), 1u);  // chance, dotted
    EXPECT_TRUE(has(out.svg, ">100%<"));                              // the axis reaches 100 %
    EXPECT_TRUE(has(out.svg, ">0%<"));
    EXPECT_TRUE(out.notes.empty());
}

TEST(ReportZeroShot, RecoveryTableHasIntervalsAndThePairedTest) {
    pbtest::TempDir tmp("report_zeroshot");
    pb::report::ReportData d;
    d.model.source = "/nonexistent/model.gguf";
    pb::report::RecoverySummary r;
    r.steps = 10;
    r.rank = 8;
    // capitals: 5 -> 16 of 20 (the same 5 kept, 11 gained): McNemar 0/11, p = 2/2048
    r.before = {task("capitals", 20, 5), task("cloze", 40, 18)};
    r.after = {task("capitals", 20, 16), task("cloze", 40, 19)};
    d.recovery = r;
    pb::report::writeReport((tmp.path() / "r.md").string(), d);
    const std::string text = readFile(tmp.path() / "r.md");
    EXPECT_TRUE(has(text, "95% Wilson interval")) << text;
    EXPECT_TRUE(has(text, "| capitals | 20 | 25.0% [11.2–46.9] | 80.0% [58.4–91.9] | +55.0 pts, p 0.00098 (significant) |"))
        << text;
    EXPECT_TRUE(has(text, "| cloze | 40 | 45.0% [30.7–60.2] | 47.5% [32.9–62.5] | +2.5 pts, p 1 |")) << text;
}

TEST(ReportZeroShot, SweepGetsATableAndAChartPerTask) {
    pbtest::TempDir tmp("report_zeroshot");
    pb::report::ReportData d;
    d.model.source = "/nonexistent/model.gguf";
    pb::report::SweepSummary s;
    s.text = "demo:moby-dick";
    s.windows = 4;
    s.seq_len = 128;
    auto point = [](const std::string& criterion, bool depth, double removed, std::vector<pb::TaskMetrics> tasks) {
        pb::SweepPoint p;
        p.criterion = criterion;
        p.depth = depth;
        p.target = removed;
        p.removed_fraction = removed;
        p.params = 1000;
        p.ppl = 20;
        p.tasks = std::move(tasks);
        return p;
    };
    s.rows = {point("dense", false, 0, {task("capitals", 100, 80), task("sentiment", 100, 60, 2)}),
              point("l2", false, 0.2, {task("capitals", 100, 50), task("sentiment", 100, 58, 2)}),
              point("block_bi", true, 0.2, {task("capitals", 100, 70), task("sentiment", 100, 61, 2)})};
    d.sweep = s;
    const auto files = pb::report::writeReport((tmp.path() / "s.md").string(), d);
    const std::string text = readFile(tmp.path() / "s.md");
    EXPECT_TRUE(has(text, "### Zero-shot accuracy")) << text;
    EXPECT_TRUE(has(text, "| criterion | kind | removed | capitals (n 100) | sentiment (n 100) |")) << text;
    // l2 loses 30 items of the dense 80 and gains none: p = 2^-29 (significant)
    EXPECT_TRUE(has(text, "| l2 | width | 20.00% | 50.0% [40.4–59.6]; −30.0 pts, p 1.9e-09 (significant) |")) << text;
    EXPECT_TRUE(has(text, "](s-zeroshot-capitals.svg)")) << text;
    EXPECT_TRUE(has(text, "](s-zeroshot-sentiment.svg)")) << text;
    const std::string svg = readFile(tmp.path() / "s-zeroshot-capitals.svg");
    const pbtest::SvgParse p = pbtest::parseSvg(svg);
    ASSERT_TRUE(p.ok) << p.error;
    EXPECT_EQ(p.count("polyline"), 2u);  // l2 (width), block_bi (depth); dense is the band's line
    EXPECT_EQ(occurrences(svg, "stroke-opacity=\"0.75\""), 6u);  // a whisker (3 lines) per point
    EXPECT_TRUE(has(svg, "dense (80.0%, band: 95% interval)"));
    EXPECT_TRUE(has(svg, "chance (25%)"));
    EXPECT_TRUE(has(readFile(tmp.path() / "s-zeroshot-sentiment.svg"), "chance (50%)"));

    // After 3 LoRA steps (sweep --recover-steps, one model): a table paired with each point before
    // LoRA, and the chart's dashed twin curves with the dense model after LoRA.
    auto after = [](const pb::SweepPoint& p, int capitals, double ppl) {
        pb::SizeRow r;
        r.point = p;
        r.tasks = p.tasks;
        r.tasks_recovered = {task("capitals", 100, capitals), p.tasks[1]};
        r.ppl_recovered = ppl;
        return r;
    };
    s.recovered = {after(s.rows[0], 81, 19), after(s.rows[1], 60, 15), after(s.rows[2], 70, 18)};
    s.recover_steps = 3;
    d.sweep = s;
    pb::report::writeReport((tmp.path() / "r.md").string(), d);
    const std::string md = readFile(tmp.path() / "r.md");
    EXPECT_TRUE(has(md, "### After 3 LoRA steps")) << md;
    EXPECT_TRUE(has(md, "| criterion | kind | removed | ppl → after LoRA | capitals after LoRA | sentiment after LoRA |")) << md;
    // l2 gains 10 items on its own 50 and loses none: p = 2^-9 (significant)
    EXPECT_TRUE(has(md, "| l2 | width | 20.00% | 20.000 → 15.000 | 60.0% [50.2–69.1]; +10.0 pts, p 0.002 (significant) |")) << md;
    const std::string svg2 = readFile(tmp.path() / "r-zeroshot-capitals.svg");
    const pbtest::SvgParse p2 = pbtest::parseSvg(svg2);
    ASSERT_TRUE(p2.ok) << p2.error;
    EXPECT_EQ(p2.count("polyline"), 4u);  // l2 and block_bi, before and after
    EXPECT_TRUE(has(svg2, "l2 (width) after LoRA"));
    EXPECT_TRUE(has(svg2, "dense after 3 LoRA steps (81.0%)"));
    EXPECT_TRUE(has(svg2, "before and after 3 LoRA steps (dashed)"));
}

// The cross-size report (sweep --models --tasks, with --recover-steps): per task, accuracy vs
// removed for the best width and depth rows and, when recovered, the same after LoRA.
TEST(ReportZeroShot, SizesGetCurvesBeforeAndAfterLoRA) {
    auto row = [](const std::string& criterion, bool depth, double removed, pb::TaskMetrics before,
                  std::optional<pb::TaskMetrics> after) {
        pb::SizeRow r;
        r.point.criterion = criterion;
        r.point.depth = depth;
        r.point.target = r.point.removed_fraction = removed;
        r.point.params = 1000;
        r.point.ppl = 20;
        r.tasks = {before};
        if (after) r.tasks_recovered = {*after};
        return r;
    };
    for (const bool recovered : {true, false}) {
        SCOPED_TRACE(recovered ? "recovered" : "not recovered");
        pbtest::TempDir tmp("report_sizes_zeroshot");
        auto opt = [&](pb::TaskMetrics t) { return recovered ? std::optional<pb::TaskMetrics>(t) : std::nullopt; };
        pb::ModelSweep m;
        m.name = "demo";
        m.rows = {row("dense", false, 0, task("capitals", 100, 80), opt(task("capitals", 100, 82))),
                  row("l2", false, 0.1, task("capitals", 100, 70), opt(task("capitals", 100, 75))),
                  row("l2", false, 0.2, task("capitals", 100, 50), opt(task("capitals", 100, 65))),
                  row("block_bi", true, 0.2, task("capitals", 100, 60), opt(task("capitals", 100, 62)))};
        pb::SizeSweepResult r;
        r.text = "demo:moby-dick";
        r.tasks = {"capitals"};
        r.recover_steps = recovered ? 10 : 0;
        r.models = {m};
        pb::report::ReportData d;
        d.sizes = r;
        pb::report::writeReport((tmp.path() / "s.md").string(), d);
        const std::string md = readFile(tmp.path() / "s.md");
        EXPECT_TRUE(has(md, "](s-sizes-zeroshot-capitals.svg)")) << md;
        const std::string svg = readFile(tmp.path() / "s-sizes-zeroshot-capitals.svg");
        const pbtest::SvgParse p = pbtest::parseSvg(svg);
        ASSERT_TRUE(p.ok) << p.error;
        // width (2 points), depth (1) and, recovered, the same two after LoRA
        EXPECT_EQ(p.count("polyline"), recovered ? 4u : 2u);
        EXPECT_EQ(occurrences(svg, "stroke-opacity=\"0.75\""), (recovered ? 6u : 3u) * 3u);  // a whisker per point
        EXPECT_TRUE(has(svg, "dense (80.0%, band: 95% interval)"));
        EXPECT_TRUE(has(svg, "chance (25%)"));
        EXPECT_TRUE(has(svg, "width (best criterion)"));
        EXPECT_TRUE(has(svg, "depth (best criterion)"));
        EXPECT_EQ(has(svg, "width after LoRA"), recovered);
        EXPECT_EQ(has(svg, "depth after LoRA"), recovered);
        EXPECT_EQ(has(svg, "dense after LoRA (82.0%, band: 95% interval)"), recovered);
        EXPECT_EQ(has(svg, "before and after LoRA"), recovered);
    }
}
