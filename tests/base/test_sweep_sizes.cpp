// The cross-size table's rules (core/report/sweep_best.h: best per kind, relative
// perplexity, the overlay curves), its JSON written and read back (core/report/results_json.h,
// the GUI's overlay reads it) and its report section and chart (core/report).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "core/report/report.h"
#include "core/report/results_json.h"
#include "core/report/sweep_best.h"
#include "core/util/error.h"
#include "svg_check.h"
#include "tests/base/temp_dir.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

pb::SweepPoint point(const std::string& criterion, bool depth, double target, double removed, double ppl,
                     const std::string& error = "") {
    pb::SweepPoint p;
    p.criterion = criterion;
    p.depth = depth;
    p.target = target;
    p.removed_fraction = removed;
    p.params = int64_t(1000 * (1.0 - removed));
    p.ppl = ppl;
    p.error = error;
    return p;
}

// dense 10; width l2/wanda_sp and depth block_bi/block_ppl at 0.2 and 0.35 (in that order).
std::vector<pb::SweepPoint> sweepPoints() {
    return {point("dense", false, 0.0, 0.0, 10.0),
            point("l2", false, 0.2, 0.19, 30.0),           point("l2", false, 0.35, 0.36, 90.0),
            point("wanda_sp", false, 0.2, 0.21, 20.0),     point("wanda_sp", false, 0.35, 0.34, 95.0),
            point("block_bi", true, 0.2, 0.22, 40.0),      point("block_bi", true, 0.35, 0.37, NAN),
            point("block_ppl", true, 0.2, 0.18, 45.0),     point("block_ppl", true, 0.35, 0.33, 1.0, "no block")};
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A scratch folder named after the running test.
struct TempDir : pbtest::TempDir {
    TempDir() : pbtest::TempDir("sizes_test") {}
};

pb::SizeSweepResult twoModels() {
    pb::SizeSweepResult r;
    r.text = "demo:moby-dick";
    r.seq_len = 128;
    r.max_windows = 20;
    r.calibration_text = "demo:sotu";
    r.calibration_samples = 4;
    r.calibration_seq_len = 128;
    r.recovery_text = "demo:sotu";
    r.recover_steps = 10;
    r.recover_cutoff = 256;
    r.lora_rank = 8;
    r.lora_alpha = 16;
    r.lora_lr = 1e-4;
    r.tasks = {"next_sentence", "cloze"};
    r.items = 40;
    r.speed_prompt = 128;
    r.speed_new_tokens = 32;
    r.device = "cpu";
    r.dtype = "f32";
    r.fractions = {0.2, 0.35};
    r.criteria = {"l2", "wanda_sp", "block_bi", "block_ppl"};
    for (const char* name : {"demo", "demo:qwen2.5-0.5b"}) {
        pb::ModelSweep m;
        m.name = name;
        m.source = std::string("/cache/") + name;
        m.family = "llama";
        m.params = 1000;
        m.layers = 30;
        m.hidden = 576;
        m.windows = 20;
        m.seconds = 12.5;
        m.points = sweepPoints();
        for (const pb::BestPoint& b : pb::bestPerKind(m.points)) {
            pb::SizeRow row;
            row.point = m.points[b.index];
            row.relative_ppl = pb::relativePpl(row.point.ppl, 10.0);
            row.ppl_recovered = row.point.ppl * 0.8;
            row.zero_shot_acc = 0.4;
            row.zero_shot_acc_recovered = NAN;  // not measured: null in the JSON
            row.tasks = {{"cloze", 40, 0.4, 0.07, 0.45, 0.08, true, 1.5}};
            row.prefill_tokens_per_s = 900;
            row.decode_tokens_per_s = 40;
            m.rows.push_back(row);
        }
        r.models.push_back(m);
    }
    r.models[1].points[3].ppl = 12.0;  // the second model's wanda_sp at 0.2: a different curve
    return r;
}

} // namespace

TEST(SweepBest, RelativePplIsTheRatioToDenseOrNaN) {
    EXPECT_DOUBLE_EQ(pb::relativePpl(30.0, 10.0), 3.0);
    EXPECT_DOUBLE_EQ(pb::relativePpl(10.0, 10.0), 1.0);
    EXPECT_TRUE(std::isnan(pb::relativePpl(30.0, 0.0)));
    EXPECT_TRUE(std::isnan(pb::relativePpl(30.0, -1.0)));
    EXPECT_TRUE(std::isnan(pb::relativePpl(NAN, 10.0)));
    EXPECT_TRUE(std::isnan(pb::relativePpl(INFINITY, 10.0)));
    EXPECT_TRUE(std::isnan(pb::relativePpl(30.0, INFINITY)));
}

TEST(SweepBest, BestPerKindIsTheLowestMeasuredPerplexityAtEachFraction) {
    const auto points = sweepPoints();
    const std::vector<pb::BestPoint> best = pb::bestPerKind(points);
    // 0.2: width wanda_sp (20 < 30), depth block_bi (40 < 45); 0.35: width l2 (90 < 95),
    // depth none (block_bi's perplexity is NaN, block_ppl failed).
    ASSERT_EQ(best.size(), 3u);
    EXPECT_DOUBLE_EQ(best[0].target, 0.2);
    EXPECT_EQ(best[0].kind, "width");
    EXPECT_EQ(points[best[0].index].criterion, "wanda_sp");
    EXPECT_EQ(best[1].kind, "depth");
    EXPECT_EQ(points[best[1].index].criterion, "block_bi");
    EXPECT_DOUBLE_EQ(best[2].target, 0.35);
    EXPECT_EQ(best[2].kind, "width");
    EXPECT_EQ(points[best[2].index].criterion, "l2");
}

TEST(SweepBest, TiesGoToTheFirstCriterionAndTargetsAscend) {
    const std::vector<pb::SweepPoint> points = {point("block_bi", true, 0.35, 0.35, 50.0),
                                                point("l1", false, 0.1, 0.1, 12.0), point("l2", false, 0.1, 0.1, 12.0),
                                                point("dense", false, 0.0, 0.0, 10.0)};
    const auto best = pb::bestPerKind(points);
    ASSERT_EQ(best.size(), 2u);
    EXPECT_DOUBLE_EQ(best[0].target, 0.1);
    EXPECT_EQ(points[best[0].index].criterion, "l1");
    EXPECT_DOUBLE_EQ(best[1].target, 0.35);
    EXPECT_EQ(best[1].kind, "depth");
}

TEST(SweepBest, DensePointSkipsAFailedBaseline) {
    std::vector<pb::SweepPoint> points = {point("dense", false, 0, 0, 10.0, "out of memory"), point("dense", false, 0, 0, 11.0)};
    ASSERT_NE(pb::densePoint(points), nullptr);
    EXPECT_DOUBLE_EQ(pb::densePoint(points)->ppl, 11.0);
    points.pop_back();
    EXPECT_EQ(pb::densePoint(points), nullptr);
    points.push_back(point("l2", false, 0.2, 0.2, 30.0));
    EXPECT_TRUE(pb::relativeCurves("m", points).empty());  // no dense point: nothing to be relative to
}

TEST(SweepBest, CurvesStartAtTheDenseModelAndFollowTheBestPoints) {
    const auto curves = pb::relativeCurves("smol", sweepPoints());
    ASSERT_EQ(curves.size(), 2u);
    EXPECT_EQ(curves[0].model, "smol");
    EXPECT_EQ(curves[0].kind, "width");
    ASSERT_EQ(curves[0].points.size(), 3u);
    EXPECT_DOUBLE_EQ(curves[0].points[0].removed, 0.0);
    EXPECT_DOUBLE_EQ(curves[0].points[0].relative_ppl, 1.0);
    EXPECT_EQ(curves[0].points[1].criterion, "wanda_sp");
    EXPECT_DOUBLE_EQ(curves[0].points[1].removed, 0.21);
    EXPECT_DOUBLE_EQ(curves[0].points[1].relative_ppl, 2.0);
    EXPECT_EQ(curves[0].points[2].criterion, "l2");
    EXPECT_DOUBLE_EQ(curves[0].points[2].relative_ppl, 9.0);
    EXPECT_EQ(curves[1].kind, "depth");
    ASSERT_EQ(curves[1].points.size(), 2u);  // 0.35 has no measured depth point
    EXPECT_DOUBLE_EQ(curves[1].points[1].relative_ppl, 4.0);
}

TEST(SweepBest, ModelLabelsArePathLeavesOrDemoNames) {
    EXPECT_EQ(pb::modelLabel("demo"), "demo");
    EXPECT_EQ(pb::modelLabel("demo:qwen2.5-1.5b"), "demo:qwen2.5-1.5b");
    EXPECT_EQ(pb::modelLabel("/cache/prunebench/gemma-3-270m-q4_k_m.gguf"), "gemma-3-270m-q4_k_m.gguf");
    EXPECT_EQ(pb::modelLabel("models/tiny_qwen2/"), "tiny_qwen2");
    EXPECT_EQ(pb::modelLabel("demo-folder/model"), "model");
}

TEST(SizeSweepJson, RoundTripsEveryModelPointAndRow) {
    const pb::SizeSweepResult r = twoModels();
    const json j = pb::toJson(r);
    EXPECT_TRUE(j.at("models")[0].at("rows")[0].at("zero_shot_acc_recovered").is_null());
    EXPECT_TRUE(j.at("models")[0].at("points")[6].at("ppl").is_null());  // NaN is written as null
    EXPECT_EQ(j.at("recovery").at("steps").get<int64_t>(), 10);
    const pb::SizeSweepResult back = pb::sizeSweepFromJson(json::parse(j.dump()), "test");
    ASSERT_EQ(back.models.size(), 2u);
    EXPECT_EQ(back.tasks, r.tasks);
    EXPECT_EQ(back.fractions, r.fractions);
    EXPECT_EQ(back.recover_steps, 10);
    for (size_t m = 0; m < 2; ++m) {
        const pb::ModelSweep& a = r.models[m];
        const pb::ModelSweep& b = back.models[m];
        EXPECT_EQ(b.name, a.name);
        EXPECT_EQ(b.source, a.source);
        EXPECT_EQ(b.windows, a.windows);
        ASSERT_EQ(b.points.size(), a.points.size());
        for (size_t i = 0; i < a.points.size(); ++i) {
            EXPECT_EQ(b.points[i].criterion, a.points[i].criterion);
            EXPECT_EQ(b.points[i].kind(), a.points[i].kind());
            EXPECT_EQ(b.points[i].error, a.points[i].error);
            if (std::isnan(a.points[i].ppl)) EXPECT_TRUE(std::isnan(b.points[i].ppl));
            else EXPECT_DOUBLE_EQ(b.points[i].ppl, a.points[i].ppl);
        }
        ASSERT_EQ(b.rows.size(), a.rows.size());
        EXPECT_DOUBLE_EQ(b.rows[0].ppl_recovered, a.rows[0].ppl_recovered);
        EXPECT_TRUE(std::isnan(b.rows[0].zero_shot_acc_recovered));
        ASSERT_EQ(b.rows[0].tasks.size(), 1u);
        EXPECT_DOUBLE_EQ(b.rows[0].tasks[0].acc_norm, 0.45);
        // The curves read back are the curves written.
        const auto ca = pb::relativeCurves(a), cb = pb::relativeCurves(b);
        ASSERT_EQ(ca.size(), cb.size());
        for (size_t c = 0; c < ca.size(); ++c)
            for (size_t i = 0; i < ca[c].points.size(); ++i)
                EXPECT_DOUBLE_EQ(cb[c].points[i].relative_ppl, ca[c].points[i].relative_ppl);
    }
    EXPECT_DOUBLE_EQ(pb::relativeCurves(back.models[1])[0].points[1].relative_ppl, 1.2);
}

TEST(SizeSweepJson, AOneModelSweepIsOneModel) {
    json points = json::array();
    for (const pb::SweepPoint& p : sweepPoints()) points.push_back(pb::toJson(p));
    const pb::SizeSweepResult named = pb::sizeSweepFromJson({{"model", "demo"}, {"points", points}}, "x");
    ASSERT_EQ(named.models.size(), 1u);
    EXPECT_EQ(named.models[0].name, "demo");
    EXPECT_EQ(pb::relativeCurves(named.models[0]).size(), 2u);
    const pb::SizeSweepResult unnamed = pb::sizeSweepFromJson({{"points", points}}, "x", "my-sweep");
    EXPECT_EQ(unnamed.models[0].name, "my-sweep");
}

TEST(SizeSweepJson, BadFilesGiveOneLineNamingTheFileAndField) {
    TempDir dir;
    const fs::path file = dir.path() / "sweep.json";
    const json point = pb::toJson(sweepPoints()[1]);
    auto with = [&](const char* key, const json& value) {
        json p = point;
        p[key] = value;
        return json{{"points", json::array({p})}}.dump();
    };
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"[1, 2]", "expected a JSON object"},
        {"{}", "neither 'models'"},
        {R"({"models": []})", "'models' is empty"},
        {R"({"models": [{"points": []}]})", "'name' is missing"},
        {R"({"models": [{"name": "a", "points": 3}]})", "'points' must be an array"},
        {with("kind", "sideways"), "'kind' is 'sideways'"},
        {with("kind", "dense"), "does not fit criterion 'l2'"},
        {with("target", 1.5), "fractions in [0, 1)"},
        {with("ppl", "low"), "ppl"},
        {"{\"models\": [", "sweep file"},
    };
    for (const auto& [text, part] : cases) {
        SCOPED_TRACE(text);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
        try {
            pb::readSweepFile(file);
            ADD_FAILURE() << "accepted";
        } catch (const pb::Error& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find(part), std::string::npos) << m;
            EXPECT_NE(m.find(file.string()), std::string::npos) << m;
            EXPECT_EQ(m.find('\n'), std::string::npos) << m;
        }
    }
    EXPECT_THROW(pb::readSweepFile(dir.path() / "absent.json"), pb::Error);
}

TEST(SizeSweepReport, TableAndOverlayChartOfEveryModel) {
    TempDir dir;
    pb::report::ReportData d;
    d.title = "sizes";
    d.sizes = twoModels();
    const std::vector<std::string> files = pb::report::writeReport((dir.path() / "r.md").string(), d);
    const std::string md = readFile(dir.path() / "r.md");
    EXPECT_EQ(md.find("## Model\n"), std::string::npos);  // no one-model section
    EXPECT_NE(md.find("| model | params | variant | criterion | target | removed | ppl | ppl / dense | ppl after LoRA | "
                      "zero-shot acc | zero-shot acc after LoRA | prefill tok/s | decode tok/s |"),
              std::string::npos);
    EXPECT_NE(md.find("| demo:qwen2.5-0.5b | 790 | width | wanda_sp | 20.0% | 21.00% | 20.000 | 2.000 | 16.000 | 40.0% | — | "
                      "900.0 | 40.0 |"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("10 steps, rank 8"), std::string::npos);
    EXPECT_NE(md.find("- demo, block_ppl at 35.0%: no block\n"), std::string::npos) << md;  // a failed point is named
    EXPECT_NE(md.find("r-sizes.svg"), std::string::npos);
    const std::string svg = readFile(dir.path() / "r-sizes.svg");
    const pbtest::SvgParse parsed = pbtest::parseSvg(svg);
    ASSERT_TRUE(parsed.ok) << parsed.error;
    EXPECT_TRUE(pbtest::numbersFinite(parsed));
    for (const char* legend : {"demo · width", "demo · depth", "demo:qwen2.5-0.5b · width", "dense (= 1)"})
        EXPECT_NE(svg.find(legend), std::string::npos) << legend;
}
