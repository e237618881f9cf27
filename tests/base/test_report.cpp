// The CLI's report: every number in the Markdown, the charts beside it (SVG, or PNG
// through a rasteriser), atomic writes, and no report inside the source model's folder.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <unistd.h>

#include "core/arch/config_io.h"
#include "core/report/report.h"
#include "core/util/error.h"
#include "svg_check.h"
#include "tests/base/temp_dir.h"

namespace fs = std::filesystem;

namespace {

// A scratch folder named after the running test.
struct TempDir : pbtest::TempDir {
    TempDir() : pbtest::TempDir("report_test") {}
};

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

std::vector<std::string> dirListing(const fs::path& d) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(d)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

pb::ModelConfig smol() {
    return pb::configFromHfJson({{"architectures", {"LlamaForCausalLM"}},
                                 {"vocab_size", 49152},
                                 {"hidden_size", 576},
                                 {"intermediate_size", 1536},
                                 {"num_hidden_layers", 30},
                                 {"num_attention_heads", 9},
                                 {"num_key_value_heads", 3},
                                 {"tie_word_embeddings", true}});
}

pb::report::ReportData pruneData(const pb::ModelConfig& c) {
    pb::PruningPlan plan = pb::uniformWidthPlan(c, 1.0 / 3.0, 0.25, 4, 27);
    plan.dropped_blocks = {2, 28};
    pb::report::ReportData d;
    d.command = "prunebench-cli prune --model demo --report r.md";
    d.model = pb::report::summarizeModel(c, "/nonexistent/model.gguf");
    const pb::ModelConfig after = pb::prunedConfig(c, plan);
    d.plan = pb::report::PlanSummary{"taylor_element1",
                                     "sum",
                                     "group",
                                     c.totalParams(),
                                     after.totalParams(),
                                     c.macs(128),
                                     after.macs(128),
                                     0.3141,
                                     12.5,
                                     plan.dropped_blocks,
                                     pb::report::layerWidths(c, plan)};
    d.ppl = pb::report::PerplexitySummary{"demo:moby-dick", 10, 128, 18.2734, 41.0625};
    std::vector<double> scores;
    for (int i = 0; i < 30; ++i) scores.push_back(20.0 + i * 0.125);
    scores[0] = 5123.5;
    d.blocks = pb::report::BlockScoresSummary{"block_ppl", scores};
    return d;
}

std::string num(int64_t v) {
    std::string s = std::to_string(v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
}

TEST(Report, LayerWidthsFollowThePlan) {
    const pb::ModelConfig c = smol();
    pb::PruningPlan plan = pb::uniformWidthPlan(c, 1.0 / 3.0, 0.25, 4, 27);
    plan.dropped_blocks = {2, 28};
    const auto w = pb::report::layerWidths(c, plan);
    ASSERT_EQ(w.size(), 30u);
    EXPECT_TRUE(w[2].dropped);
    EXPECT_EQ(w[2].heads_after, 0);
    EXPECT_FALSE(w[3].dropped);
    EXPECT_EQ(w[3].heads_after, 9); // outside the width range
    EXPECT_EQ(w[5].heads_before, 9);
    EXPECT_EQ(w[5].heads_after, 6); // one of three KV groups removed
    EXPECT_EQ(w[5].kv_heads_after, 2);
    EXPECT_EQ(w[5].ffn_after, 1152);
    EXPECT_TRUE(w[28].dropped);
    EXPECT_EQ(w[29].ffn_after, 1536);
}

TEST(Report, MarkdownHoldsEveryNumberAndLinksTheCharts) {
    TempDir tmp;
    const pb::ModelConfig c = smol();
    const pb::report::ReportData d = pruneData(c);
    const fs::path md = tmp.path() / "sub" / "report.md"; // the folder is created
    const auto files = pb::report::writeReport(md.string(), d);
    ASSERT_FALSE(files.empty());
    EXPECT_EQ(files.back(), md.string()); // the Markdown comes last
    const std::string text = readFile(md);

    // Model
    for (const std::string& s :
         {std::string("/nonexistent/model.gguf"), std::string("llama"), num(c.totalParams()),
          std::string("| 30 | 576 | 9 | 3 | 64 | 1536 | 49,152 |")})
        EXPECT_TRUE(has(text, s)) << s;
    // Plan totals and per-layer widths
    for (const std::string& s :
         {num(d.plan->params_before), num(d.plan->params_after), num(d.plan->macs_before),
          num(d.plan->macs_after), std::string("31.41%"), std::string("12.50 s"),
          std::string("Dropped blocks: 2, 28."),
          std::string("| 5 | 9 → 6 | 3 → 2 | 1536 → 1152 | 66.67% | 75.00% |"),
          std::string("| 2 | 9 → dropped | 3 → dropped | 1536 → dropped | 0% | 0% |"),
          std::string("| 3 | 9 | 3 | 1536 | 100.00% | 100.00% |"), std::string("taylor_element1")})
        EXPECT_TRUE(has(text, s)) << s;
    // Perplexity
    for (const char* s : {"18.273", "41.062", "10 windows of 128 tokens", "demo:moby-dick", "2.247×"})
        EXPECT_TRUE(has(text, s)) << s;
    // Block scores: every one
    EXPECT_TRUE(has(text, "| 0 | 5123.5 |"));
    for (int i = 1; i < 30; ++i) {
        char b[64];
        std::snprintf(b, sizeof b, "| %d | %g |", i, 20.0 + i * 0.125);
        EXPECT_TRUE(has(text, b)) << b;
    }
    EXPECT_TRUE(has(text, "| 28 | 23.5 | yes |"));
    EXPECT_TRUE(has(text, d.command));

    // Charts beside the Markdown, linked, well-formed; no rasteriser: SVG and the note.
    for (const char* id : {"widths", "blocks", "ppl"}) {
        const std::string name = std::string("report-") + id + ".svg";
        EXPECT_TRUE(has(text, "](" + name + ")")) << name;
        ASSERT_TRUE(fs::exists(tmp.path() / "sub" / name)) << name;
        const auto p = pbtest::parseSvg(readFile(tmp.path() / "sub" / name));
        EXPECT_TRUE(p.ok) << name << ": " << p.error;
        EXPECT_TRUE(pbtest::numbersFinite(p)) << name;
    }
    EXPECT_TRUE(has(text, "no PNG rasteriser"));
    // Atomic writes leave nothing else behind.
    EXPECT_EQ(dirListing(tmp.path() / "sub"), (std::vector<std::string>{"report-blocks.svg", "report-ppl.svg",
                                                                        "report-widths.svg", "report.md"}));
    EXPECT_EQ(files.size(), 4u);
}

TEST(Report, SweepTableAndChartSkipNonFinitePoints) {
    TempDir tmp;
    pb::report::ReportData d;
    d.model = pb::report::summarizeModel(smol(), "");
    pb::report::SweepSummary s;
    s.text = "demo:moby-dick";
    s.windows = 10;
    s.seq_len = 128;
    const double inf = std::numeric_limits<double>::infinity();
    auto point = [](std::string criterion, bool depth, double target, double removed, int64_t params, double ppl,
                    std::vector<int64_t> dropped, std::string error) {
        pb::SweepPoint p;
        p.criterion = std::move(criterion);
        p.depth = depth;
        p.target = target;
        p.removed_fraction = removed;
        p.params = params;
        p.ppl = ppl;
        p.dropped_blocks = std::move(dropped);
        p.error = std::move(error);
        return p;
    };
    s.rows = {point("dense", false, 0.0, 0.0, 134515008, 18.2734, {}, ""),
              point("taylor_element1", false, 0.1, 0.1012, 120900000, 21.4567, {}, ""),
              point("taylor_element1", false, 0.2, 0.2034, 107100000, 30.125, {}, ""),
              point("block_ppl", true, 0.1, 0.0951, 121700000, 35.5, {3, 7, 26}, ""),
              point("block_ppl", true, 0.2, 0.1902, 108900000, inf, {3, 7, 26, 12, 14, 20}, ""),
              point("block_ppl", true, 0.3, 0.0, 0, 0.0, {}, "no block count reaches 30%")};
    d.sweep = s;
    d.no_png_note = "Charts are SVG files: built without Qt.";
    const auto files = pb::report::writeReport((tmp.path() / "sweep.md").string(), d);
    const std::string text = readFile(tmp.path() / "sweep.md");
    for (const char* n :
         {"134,515,008", "18.273", "21.457", "30.125", "35.500", "10.12%", "20.34%", "9.51%", "19.02%",
          "3, 7, 26, 12, 14, 20", "failed: no block count reaches 30%", "120,900,000", "not finite"})
        EXPECT_TRUE(has(text, n)) << n;
    EXPECT_TRUE(has(text, "Charts are SVG files: built without Qt."));
    EXPECT_TRUE(has(text, "](sweep-sweep.svg)"));
    // The inf point and the failed point are named under the chart.
    EXPECT_TRUE(has(text, "- block_ppl (depth): the point at 19.02% is not drawn")) << text;
    EXPECT_TRUE(has(text, "- block_ppl at 30.0%: not drawn, no block count reaches 30%.")) << text;
    const std::string svg = readFile(tmp.path() / "sweep-sweep.svg");
    const auto p = pbtest::parseSvg(svg);
    ASSERT_TRUE(p.ok) << p.error;
    EXPECT_TRUE(pbtest::numbersFinite(p));
    EXPECT_EQ(p.count("polyline"), 2u); // taylor_element1, block_ppl; dense is a reference line
    EXPECT_FALSE(has(svg, "nan"));
    EXPECT_FALSE(has(svg, "inf"));
    EXPECT_TRUE(has(svg, "dense (18.27)"));
    EXPECT_EQ(dirListing(tmp.path()), (std::vector<std::string>{"sweep-sweep.svg", "sweep.md"}));
    EXPECT_EQ(files.size(), 2u);
}

TEST(Report, RasteriserMakesPngsAndFailuresFallBackToSvg) {
    TempDir tmp;
    const pb::report::ReportData d = pruneData(smol());
    std::vector<std::string> asked;
    auto fake = [&](const std::string& svg, const std::string& png) {
        asked.push_back(svg);
        if (!fs::exists(svg)) return false; // the SVG is written first
        std::ofstream(png, std::ios::binary) << "\x89PNG\r\n\x1a\n";
        return true;
    };
    const auto files = pb::report::writeReport((tmp.path() / "r.md").string(), d, fake);
    EXPECT_EQ(asked.size(), 3u);
    EXPECT_EQ(files.size(), 7u); // 3 SVG + 3 PNG + Markdown
    const std::string text = readFile(tmp.path() / "r.md");
    for (const char* id : {"widths", "blocks", "ppl"}) {
        EXPECT_TRUE(has(text, std::string("](r-") + id + ".png)")) << id;
        EXPECT_TRUE(fs::exists(tmp.path() / (std::string("r-") + id + ".svg"))) << id;
    }
    EXPECT_FALSE(has(text, "no PNG rasteriser"));

    auto failing = [](const std::string&, const std::string&) { return false; };
    pb::report::writeReport((tmp.path() / "second" / "r.md").string(), d, failing);
    const std::string text2 = readFile(tmp.path() / "second" / "r.md");
    EXPECT_TRUE(has(text2, "](r-widths.svg)"));
    EXPECT_TRUE(has(text2, "could not be turned into PNG"));
}

TEST(Report, RefusesTheSourceModelsFolder) {
    TempDir tmp;
    const fs::path model_dir = tmp.path() / "model";
    fs::create_directories(model_dir / "deeper");
    std::ofstream(model_dir / "config.json") << "{}";
    std::ofstream(tmp.path() / "model.gguf") << "GGUF";
    pb::report::ReportData d = pruneData(smol());

    d.model.source = model_dir.string(); // a model folder: itself and below
    EXPECT_THROW(pb::report::writeReport((model_dir / "r.md").string(), d), pb::Error);
    EXPECT_THROW(pb::report::writeReport((model_dir / "deeper" / "r.md").string(), d), pb::Error);
    EXPECT_THROW(pb::report::checkReportPath((model_dir / "new" / ".." / "r.md").string(), d.model.source),
                 pb::Error);
    try {
        pb::report::checkReportPath((model_dir / "r.md").string(), d.model.source);
    } catch (const pb::Error& e) {
        EXPECT_TRUE(has(e.what(), "source model")) << e.what();
    }
    EXPECT_FALSE(fs::exists(model_dir / "r.md"));
    EXPECT_NO_THROW(pb::report::writeReport((tmp.path() / "beside" / "r.md").string(), d));

    d.model.source = (tmp.path() / "model.gguf").string(); // a model file: never over it; beside it is fine
    EXPECT_THROW(pb::report::writeReport((tmp.path() / "model.gguf").string(), d), pb::Error);
    EXPECT_NO_THROW(pb::report::writeReport((tmp.path() / "r.md").string(), d));
    EXPECT_THROW(pb::report::checkReportPath("", d.model.source), pb::Error);
    EXPECT_THROW(pb::report::checkReportPath((tmp.path() / "sub/").string(), ""), pb::Error);
}

} // namespace
