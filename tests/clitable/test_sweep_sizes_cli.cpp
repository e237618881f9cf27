// `prunebench-cli sweep --models A,B`: the cross-size table on two tiny fixture models of two
// families in one run (JSON sections, best-per-kind rows, LoRA, zero-shot and speed columns,
// the Markdown report with its overlay chart), and bad --models entries refused with one line
// before any work, nothing written.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;
using nlohmann::json;

namespace {

// The tiny Qwen2 fixture copied beside the world (outputs never go next to fixtures).
const std::string& tinyQwen() {
    static ScratchDir dir("qwen");
    static const std::string path = [] {
        copyFixture("models/tiny_qwen2", dir / "qwen");
        return dir / "qwen";
    }();
    return path;
}

std::vector<std::string> quick(const std::vector<std::string>& models) {
    CliWorld& w = world();
    std::string list;
    for (const auto& m : models) list += (list.empty() ? "" : ",") + m;
    return {"sweep", "--models", list, "--criteria", "l2,l1,block_bi", "--ratios", "0.2,0.35", "--calib", w.text,
            "--samples", "2", "--seq-len", "16", "--text", w.text, "--max-windows", "2", "--data", w.text,
            "--recover-steps", "2", "--recover-cutoff", "16", "--tasks", "demo", "--items", "4",
            "--speed-prompt", "8", "--speed-tokens", "4", "--speed-repeat", "1"};
}

bool finite(const json& v) { return v.is_number() && std::isfinite(v.get<double>()); }

} // namespace

TEST(SweepSizesCli, TwoModelsInOneRunGiveASectionEach) {
    CliWorld& w = world();
    ScratchDir out("sizes");
    std::vector<std::string> args = quick({w.hf, tinyQwen()});
    for (const char* a : {"--json", "--report"}) args.push_back(a);
    args.push_back(out / "sizes.md");
    const CliResult r = runCli(args, std::chrono::seconds(600));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j.at("criteria"), json({"l2", "l1", "block_bi"}));
    EXPECT_EQ(j.at("tasks"), json({"next_sentence", "cloze"}));
    EXPECT_EQ(j.at("recovery").at("steps").get<int>(), 2);
    ASSERT_EQ(j.at("models").size(), 2u);
    const std::vector<std::string> families = {"llama", "qwen2"};
    for (size_t mi = 0; mi < 2; ++mi) {
        const json& m = j.at("models")[mi];
        SCOPED_TRACE(m.dump().substr(0, 300));
        EXPECT_EQ(m.at("name").get<std::string>(), mi == 0 ? w.hf : tinyQwen());
        EXPECT_EQ(m.at("family").get<std::string>(), families[mi]);
        EXPECT_FALSE(m.contains("error"));
        EXPECT_EQ(m.at("windows").get<int>(), 2);
        const json& points = m.at("points");
        ASSERT_EQ(points.size(), 1u + 3 * 2);  // dense + 3 criteria x 2 ratios
        EXPECT_EQ(points[0].at("kind"), "dense");
        const double dense = points[0].at("ppl").get<double>();
        // The rows: dense, then per ratio the measured point of each kind with the lowest perplexity.
        std::map<std::pair<double, std::string>, std::pair<double, std::string>> best;
        for (const json& p : points) {
            if (p.at("kind") == "dense" || p.contains("error") || !finite(p.at("ppl"))) continue;
            const auto key = std::make_pair(p.at("target").get<double>(), p.at("kind").get<std::string>());
            const double ppl = p.at("ppl").get<double>();
            if (!best.count(key) || ppl < best[key].first) best[key] = {ppl, p.at("criterion").get<std::string>()};
        }
        const json& rows = m.at("rows");
        ASSERT_EQ(rows.size(), 1 + best.size());
        EXPECT_EQ(rows[0].at("kind"), "dense");
        EXPECT_DOUBLE_EQ(rows[0].at("relative_ppl").get<double>(), 1.0);
        EXPECT_FALSE(rows[0].contains("plan"));
        for (size_t i = 0; i < rows.size(); ++i) {
            const json& row = rows[i];
            SCOPED_TRACE(row.dump().substr(0, 300));
            EXPECT_FALSE(row.contains("error"));
            if (i > 0) {
                const auto key = std::make_pair(row.at("target").get<double>(), row.at("kind").get<std::string>());
                ASSERT_TRUE(best.count(key));
                EXPECT_EQ(row.at("criterion").get<std::string>(), best[key].second);
                EXPECT_DOUBLE_EQ(row.at("ppl").get<double>(), best[key].first);
                EXPECT_NEAR(row.at("relative_ppl").get<double>(), best[key].first / dense, 1e-9);
                EXPECT_TRUE(row.contains("plan"));
            }
            EXPECT_TRUE(finite(row.at("ppl_recovered")));
            for (const char* k : {"zero_shot_acc", "zero_shot_acc_recovered"}) {
                ASSERT_TRUE(finite(row.at(k))) << k;
                EXPECT_GE(row.at(k).get<double>(), 0.0);
                EXPECT_LE(row.at(k).get<double>(), 1.0);
            }
            ASSERT_EQ(row.at("tasks").size(), 2u);
            EXPECT_EQ(row.at("tasks")[0].at("n").get<int>(), 4);
            for (const char* k : {"prefill_tokens_per_s", "decode_tokens_per_s"}) {
                ASSERT_TRUE(finite(row.at(k))) << k;
                EXPECT_GT(row.at(k).get<double>(), 0.0) << k;
            }
        }
        EXPECT_GE(rows.size(), 2u);  // at least one pruned row per model
    }
    // The report: the table names both models; the overlay chart lies beside it.
    const std::string md = readBytes(out / "sizes.md");
    EXPECT_NE(md.find("| model | params | variant | criterion |"), std::string::npos);
    EXPECT_NE(md.find("| " + tinyQwen() + " |"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(out / "sizes-sizes.svg"));
    EXPECT_EQ(j.at("report").back().get<std::string>(), out / "sizes.md");
}

TEST(SweepSizesCli, BadModelEntriesAreRefusedWithOneLine) {
    CliWorld& w = world();
    const std::string report = w.dir / "sizes.md";  // would be written by a run that starts
    ScratchDir bad("bad-models");
    writeBytes(bad / "broken.gguf", "this is not a GGUF file");
    auto run = [&](const std::vector<std::string>& models) {
        std::vector<std::string> a = quick({});
        a[2] = models.front();
        a.push_back("--report");
        a.push_back(report);
        return a;
    };
    struct Row {
        std::string models;
        int code;
        std::vector<std::string> parts;
    };
    const std::vector<Row> rows = {
        {",", 2, {"--models names no model"}},
        {w.hf + "," + w.hf, 2, {"--models names '" + w.hf + "' twice"}},
        {w.hf + "," + (bad / "absent"), 1, {"model '" + (bad / "absent") + "'"}},
        {bad / "broken.gguf", 1, {"model '" + (bad / "broken.gguf") + "'"}},
        {"demo:no-such-model", 1, {"model 'demo:no-such-model'"}},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.models);
        expectRefused(run({row.models}), row.code, row.parts);
    }
}

TEST(SweepSizesCli, OptionsThatDoNotFitAreUsageErrors) {
    CliWorld& w = world();
    const std::vector<std::string> one = {"sweep", "--model", w.hf, "--criteria", "l2", "--ratios", "0.2",
                                          "--calib", w.text, "--samples", "2", "--seq-len", "16"};
    auto plus = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    expectRefused(plus(one, {"--recover-steps", "2"}), 2, {"--recover-steps with one --model", "give --tasks"});
    expectRefused(plus(one, {"--speed-prompt", "8"}), 2, {"--speed-prompt needs --models"});
    expectRefused(plus(one, {"--items", "8"}), 2, {"--items needs --tasks"});
    expectRefused(plus(one, {"--tasks", "capitols"}), 2, {"--tasks: unknown built-in task 'capitols'"});
    expectRefused(plus(quick({w.hf}), {"--model", w.hf}), 2, {"--model", "--models", "not both"});
    expectRefused(plus(quick({w.hf}), {"--layers", "0-1"}), 2, {"--layers cannot be used with --models"});
    std::vector<std::string> tasks = quick({w.hf});
    for (size_t i = 0; i + 1 < tasks.size(); ++i)
        if (tasks[i] == "--tasks") tasks[i + 1] = "boolq";
    expectRefused(tasks, 2, {"--tasks: unknown built-in task 'boolq'"});
    expectRefused(plus(quick({w.hf}), {"--report", w.hf + "/r.md"}), 1, {"report"});
}

TEST(SweepSizesCli, NumericOptionsOutOfRangeNameTheOptionAndRange) {
    CliWorld& w = world();
    for (const char* option : {"recover-steps", "recover-cutoff", "items", "speed-prompt", "speed-tokens", "speed-repeat",
                               "samples", "seq-len", "max-windows", "batch", "seed"})
        for (const char* value : {"5000000000", "-1"}) {
            SCOPED_TRACE(std::string(option) + " " + value);
            std::vector<std::string> args = quick({w.hf});
            args.push_back(std::string("--") + option);
            args.push_back(std::string(option) == "seed" && value[0] == '5' ? "99999999999999999999" : value);
            expectRefused(args, 2, {"option '--" + std::string(option) + "' must be", "an integer"});
        }
    std::vector<std::string> args = quick({w.hf});
    args.push_back("--ratios");
    args.push_back("0.2,1.5");
    expectRefused(args, 2, {"--ratios"});
}
