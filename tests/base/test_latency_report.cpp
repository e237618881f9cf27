// The measured latency in reports (core/report/latency_report.h): the plan table's rows
// replace the estimate when both shapes are measured, the latency section's tables, and its
// two charts (prefill ms vs context, decode tokens/s vs batch).
#include <gtest/gtest.h>

#include <filesystem>

#include "core/report/latency_report.h"
#include "core/report/report.h"
#include "tests/base/temp_dir.h"

namespace {

pb::LatencyProfile profile(const std::string& label, double prefill_at_128, double decode_tps) {
    pb::LatencyProfile p;
    p.label = label;
    p.params = 1000;
    p.blocks = 30;
    p.device = "cpu";
    p.device_name = "Test CPU";
    p.dtype = "f32";
    p.threads = 2;
    p.context = 128;
    p.new_tokens = 8;
    for (int64_t c : {128, 256, 512, 1024}) {
        const double ms = prefill_at_128 * double(c) / 128.0;
        p.prefill.push_back({1, c, ms, 1e3 * double(c) / ms, false});
    }
    for (int64_t b : {1, 2, 4, 8}) {
        const double tps = decode_tps * double(b) * 0.9;
        p.decode.push_back({b, 128, 1e3 * double(b) / tps, tps, false});
    }
    p.prefill_ms = p.prefill[0].ms;
    p.decode_ms = p.decode[0].ms;
    p.decode_tokens_per_s = p.decode[0].tokens_per_s;
    return p;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

} // namespace

TEST(LatencyReport, MeasuredRowsReplaceTheEstimate) {
    pb::report::PlanSummary p;
    p.params_before = 100, p.params_after = 80;
    p.latency_ratio = 0.85;
    pb::report::ReportData d;
    d.plan = p;
    std::string md = pb::report::reportMarkdown(d, {}, {});
    EXPECT_TRUE(has(md, "| estimated latency (not measured) | 1.00 | 0.85 |")) << md;
    d.plan->latency_before = profile("original", 50.0, 40.0);
    d.plan->latency_after = profile("pruned", 40.0, 50.0);
    md = pb::report::reportMarkdown(d, {}, {});
    EXPECT_FALSE(has(md, "estimated latency")) << md;
    EXPECT_TRUE(has(md, "| prefill, 128 tokens at batch 1 (ms, measured) | 50.0 | 40.0 | 0.80× |")) << md;
    EXPECT_TRUE(has(md, "| decode at batch 1 (tokens/s, measured) | 36.0 | 45.0 | 0.80× time per token |")) << md;
}

TEST(LatencyReport, SectionTablesAndCharts) {
    pb::report::ReportData d;
    d.latency = pb::report::LatencySummary{{profile("original", 50.0, 40.0), profile("width 20%", 45.0, 38.0),
                                            profile("depth 21%", 39.0, 50.0)}};
    const auto charts = pb::report::latencyCharts(*d.latency);
    ASSERT_EQ(charts.size(), 2u);
    EXPECT_EQ(charts[0].id, "latency-prefill");
    EXPECT_EQ(charts[1].id, "latency-decode");
    EXPECT_TRUE(has(charts[0].chart.svg, "width 20%"));
    EXPECT_TRUE(has(charts[1].chart.svg, "depth 21%"));
    EXPECT_TRUE(charts[0].chart.notes.empty());
    const std::string md = pb::report::reportMarkdown(d, {{"latency-prefill", "Prefill", "r-latency-prefill.png", {}}}, {});
    EXPECT_TRUE(has(md, "## Latency (measured)")) << md;
    EXPECT_TRUE(has(md, "Random weights of each shape on cpu (Test CPU, 2 threads), f32")) << md;
    EXPECT_TRUE(has(md, "| depth 21% | 1,000 | 30 | 39.0 | 0.78× | 45.0 | 0.80× |")) << md;
    EXPECT_TRUE(has(md, "| prefill ms at batch 1, by context length | 128 | 256 | 512 | 1024 |")) << md;
    EXPECT_TRUE(has(md, "| original | 50.0 | 100.0 | 200.0 | 400.0 |")) << md;
    EXPECT_TRUE(has(md, "| decode tokens/s after 128 tokens, by batch size | 1 | 2 | 4 | 8 |")) << md;
    EXPECT_TRUE(has(md, "![Prefill](r-latency-prefill.png)")) << md;

    // writeReport draws both charts as SVG beside the Markdown.
    pbtest::TempDir dir("latency_report");
    const auto files = pb::report::writeReport((dir.path() / "r.md").string(), d);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "r-latency-prefill.svg"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "r-latency-decode.svg"));
    EXPECT_EQ(files.size(), 3u);

    // A shape that failed says why, in its row.
    pb::LatencyProfile failed = profile("huge", 1, 1);
    failed.error = "measuring the latency of this shape needs about 900.0 GiB";
    d.latency->profiles.push_back(failed);
    EXPECT_TRUE(has(pb::report::latencySection(*d.latency), "| huge | 1,000 | 30 | failed: measuring the latency"));
}
