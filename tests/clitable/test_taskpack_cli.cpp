// The offline task pack through prunebench-cli (issue 19 items 1, 2 and 6) on the tiny model:
// eval prints each accuracy with its 95% interval and writes the per-item answers in --json,
// --baseline pairs two runs on the same items (exact McNemar), an unknown task is a usage error,
// and sweep --tasks puts a zero-shot table and a chart per task into the report. Needs the
// task pack's data (scripts/setup.sh): missing, it fails under CI=true and skips elsewhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/data/assets.h"
#include "tests/clitable/cli_fixture.h"

namespace fs = std::filesystem;
using pbtest::runCli;
using pbtest::world;

namespace {

bool has(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

bool taskData() {
    if (fs::exists(pb::assets::taskDataDir() / "us-states-names-capitals.csv") &&
        fs::exists(pb::assets::taskDataDir() / "liu-positive-opinion-words-en.txt"))
        return true;
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") ADD_FAILURE() << "task data missing under CI (scripts/setup.sh fetches it)";
    return false;
}

std::string readFile(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST(TaskPackCli, EvalGivesIntervalsAndPairsABaseline) {
    if (!taskData()) GTEST_SKIP() << "task data not fetched (scripts/setup.sh)";
    auto& w = world();
    const auto text = runCli({"eval", "--model", w.hf, "--tasks", "capitals,sentiment", "--items", "6"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_TRUE(has(text.out, "capitals")) << text.out;
    EXPECT_TRUE(has(text.out, "n     6  acc")) << text.out;
    EXPECT_TRUE(has(text.out, "(95% Wilson intervals)")) << text.out;

    const auto run = runCli({"eval", "--model", w.hf, "--tasks", "capitals,sentiment", "--items", "6", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto j = nlohmann::json::parse(run.out);
    ASSERT_EQ(j["tasks"].size(), 2u);
    for (const auto& t : j["tasks"]) {
        EXPECT_EQ(t["n"], 6);
        EXPECT_EQ(t["correct"].get<std::string>().size(), 6u);
        EXPECT_EQ(t["interval"], "wilson");
        EXPECT_LE(t["acc_ci95"][0].get<double>(), t["acc"].get<double>());
        EXPECT_GE(t["acc_ci95"][1].get<double>(), t["acc"].get<double>());
    }
    EXPECT_EQ(j["tasks"][0]["choices"], 4);
    EXPECT_EQ(j["tasks"][1]["choices"], 2);

    pbtest::ScratchDir dir("taskpack_cli");
    const std::string base = dir / "base.json";
    std::ofstream(base) << run.out;
    const auto again = runCli({"eval", "--model", w.hf, "--tasks", "capitals", "--items", "6", "--baseline", base, "--json"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    const auto k = nlohmann::json::parse(again.out)["tasks"][0]["vs_baseline"];
    EXPECT_EQ(k["paired"], true);
    EXPECT_EQ(k["diff"], 0.0);  // the same model on the same items
    EXPECT_EQ(k["p"], 1.0);
    EXPECT_EQ(k["significant"], false);
    EXPECT_EQ(k["test"], "exact McNemar");
    const auto said = runCli({"eval", "--model", w.hf, "--tasks", "capitals", "--items", "6", "--baseline", base});
    EXPECT_TRUE(has(said.out, "vs baseline")) << said.out;
    EXPECT_TRUE(has(said.out, "not significant")) << said.out;
    // Other items are not paired, and say why.
    const auto other = runCli({"eval", "--model", w.hf, "--tasks", "capitals", "--items", "5", "--baseline", base, "--json"});
    ASSERT_EQ(other.exit_code, 0) << other.err;
    EXPECT_EQ(nlohmann::json::parse(other.out)["tasks"][0]["vs_baseline"]["paired"], false);

    pbtest::expectRefused({"eval", "--model", w.hf, "--tasks", "capitols"}, 2, {"capitols", "built-in tasks: pack"});
}

TEST(TaskPackCli, SweepReportHasZeroShotCurves) {
    if (!taskData()) GTEST_SKIP() << "task data not fetched (scripts/setup.sh)";
    auto& w = world();
    pbtest::ScratchDir dir("taskpack_sweep");
    const std::string report = dir / "s.md";
    const auto r = runCli({"sweep", "--model", w.hf, "--criteria", "l2,block_bi", "--ratios", "0.3", "--calib", w.text,
                           "--samples", "2", "--seq-len", "16", "--text", w.text, "--max-windows", "2", "--tasks",
                           "capitals", "--items", "4", "--report", report, "--json"},
                          std::chrono::seconds(120));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const auto& p : j["points"]) {
        if (p.contains("error")) continue;
        ASSERT_EQ(p["tasks"].size(), 1u) << p.dump();
        EXPECT_EQ(p["tasks"][0]["n"], 4);
    }
    const std::string md = readFile(report);
    EXPECT_TRUE(has(md, "### Zero-shot accuracy")) << md;
    EXPECT_TRUE(has(md, "capitals (n 4)")) << md;
    EXPECT_TRUE(fs::exists(dir / "s-zeroshot-capitals.svg"));
}

// eval --export-lm-eval: the built-in tasks as lm-eval task files, no model needed; the task
// data's folder is never written; without the export, --model is required.
TEST(TaskPackCli, ExportsTheTasksForLmEval) {
    if (!taskData()) GTEST_SKIP() << "task data not fetched (scripts/setup.sh)";
    pbtest::ScratchDir dir("taskpack_lm_eval");
    const auto r = runCli({"eval", "--tasks", "capitals,cloze", "--items", "5", "--export-lm-eval", dir / "tasks", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["tasks"], (nlohmann::json{"prunebench_capitals", "prunebench_cloze"}));
    EXPECT_TRUE(j["skipped"].empty());
    const std::string jsonl = readFile(std::string(dir / "tasks") + "/prunebench_capitals.jsonl");
    EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 5);
    EXPECT_TRUE(has(readFile(std::string(dir / "tasks") + "/prunebench_cloze.yaml"), "task: prunebench_cloze"));
    pbtest::expectRefused({"eval", "--tasks", "capitals", "--export-lm-eval", (pb::assets::taskDataDir() / "x").string()}, 1,
                          {"refusing to write the lm-eval task folder", "the task pack's data"});
    pbtest::expectRefused({"eval", "--tasks", "capitals"}, 2, {"missing required option '--model'"});
}

// One model, --recover-steps: every point recovered with LoRA and its tasks scored again on the
// same items; the JSON's rows, the report's table and the chart's dashed after-LoRA curves.
TEST(TaskPackCli, OneModelSweepBeforeAndAfterLoRA) {
    if (!taskData()) GTEST_SKIP() << "task data not fetched (scripts/setup.sh)";
    auto& w = world();
    pbtest::ScratchDir dir("taskpack_sweep_lora");
    const std::string report = dir / "s.md";
    const auto r = runCli({"sweep", "--model", w.hf, "--criteria", "l2,block_bi", "--ratios", "0.3", "--calib", w.text,
                           "--samples", "2", "--seq-len", "16", "--text", w.text, "--max-windows", "2", "--tasks",
                           "capitals", "--items", "4", "--recover-steps", "2", "--recover-cutoff", "16", "--data", w.text,
                           "--report", report, "--json"},
                          std::chrono::seconds(180));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["recover_steps"], 2);
    size_t measured = 0;
    for (const auto& p : j["points"]) measured += p.contains("error") ? 0 : 1;
    ASSERT_EQ(j["recovered"].size(), measured);  // dense and every point without an error
    EXPECT_EQ(j["recovered"][0]["criterion"], "dense");
    for (size_t i = 0; i < j["recovered"].size(); ++i) {
        const auto& row = j["recovered"][i];
        ASSERT_EQ(row["tasks_recovered"].size(), 1u) << row.dump();
        EXPECT_EQ(row["tasks_recovered"][0]["n"], 4);
        EXPECT_TRUE(row["ppl_recovered"].is_number());
        EXPECT_EQ(row["tasks"][0]["correct"], j["points"][i]["tasks"][0]["correct"]);  // before: the point's own answers
    }
    const std::string md = readFile(report);
    EXPECT_TRUE(has(md, "### After 2 LoRA steps")) << md;
    EXPECT_TRUE(has(md, "capitals after LoRA")) << md;
    const std::string svg = readFile(dir / "s-zeroshot-capitals.svg");
    EXPECT_TRUE(has(svg, "after LoRA")) << svg.substr(0, 400);
    EXPECT_TRUE(has(svg, "dense after 2 LoRA steps")) << svg.substr(0, 400);
    // Without --tasks there is nothing to score again: refused before the model loads.
    pbtest::expectRefused({"sweep", "--model", w.hf, "--criteria", "l2", "--ratios", "0.3", "--calib", w.text, "--recover-steps", "2"},
                  2, {"--recover-steps with one --model", "give --tasks"});
    pbtest::expectRefused({"sweep", "--model", w.hf, "--criteria", "l2", "--ratios", "0.3", "--calib", w.text, "--recover-cutoff", "16"},
                  2, {"--recover-cutoff is for --recover-steps"});
}
