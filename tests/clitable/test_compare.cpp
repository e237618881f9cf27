// `prunebench-cli compare` and the core comparison the GUI's Compare job runs
// (core/prune/compare.h; ui/jobs/WorkbenchJobs compare() only forwards to it): the same
// inputs give the same numbers, and given scores are used as they are (nothing is scored).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/data/assets.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/prune/compare.h"
#include "tests/clitable/cli_run.h"

using nlohmann::json;

namespace {

// The latency the comparisons measure (core/bench/latency.h) goes to a scratch cache of this
// process (the CLI child inherits it): no figures taken under a test run's load in the user's.
const bool kScratchLatencyCache = [] {
    const auto dir = std::filesystem::temp_directory_path() / ("pb_compare_latency_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    ::setenv("PB_LATENCY_CACHE", dir.c_str(), 1);
    return true;
}();

const pb::LoadedModel& demo() {
    static const pb::LoadedModel m = pb::loadModel(pb::assets::resolveModel("demo"));
    return m;
}

// Small and quick: a magnitude criterion (no gradients), short calibration and texts.
pb::CompareRequest quickRequest() {
    pb::CompareRequest r;
    r.width_criterion = pb::Criterion::L2;
    r.block_criterion = pb::Criterion::BlockBi;
    r.calib.samples = 2;
    r.calib.seq_len = 64;
    r.ppl_windows = 1;
    r.gen_tokens = 4;
    return r;
}

void expectSame(const json& cli, const pb::CompareVariant& core, const std::string& name) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(core.ok) << core.error;
    ASSERT_TRUE(cli.at("ok").get<bool>()) << cli.dump();
    EXPECT_EQ(cli.at("params").get<int64_t>(), core.params);
    EXPECT_EQ(cli.at("macs").get<int64_t>(), core.macs);
    EXPECT_EQ(cli.at("blocks").get<int64_t>(), core.blocks);
    EXPECT_DOUBLE_EQ(cli.at("removed_fraction").get<double>(), core.removed_fraction);
    // Latency is measured (core/bench/latency.h): both runs measure each shape, so their
    // figures are timings, not equal numbers; both have them.
    ASSERT_TRUE(core.latency.measured()) << core.latency.error;
    ASSERT_TRUE(cli.contains("latency")) << cli.dump();
    EXPECT_EQ(cli.at("latency").at("params").get<int64_t>(), core.params);
    EXPECT_GT(cli.at("latency").at("prefill_ms").get<double>(), 0.0);
    EXPECT_GT(cli.at("latency").at("decode_tokens_per_s").get<double>(), 0.0);
    EXPECT_GT(cli.at("latency_ratio").get<double>(), 0.0);
    EXPECT_NEAR(cli.at("ppl").get<double>(), core.ppl, 1e-6 * core.ppl);
    EXPECT_EQ(cli.at("generation").get<std::string>(), core.generation);
    EXPECT_GT(cli.at("tokens_per_s").get<double>(), 0.0);  // a speed, measured: not compared
}

} // namespace

TEST(Compare, CliGivesTheNumbersOfTheCoreComparison) {
    const pb::LoadedModel& m = demo();
    const pb::ModelConfig& c = m.config;
    // What `--target-params 0.2` builds: a uniform width plan over LLM-Pruner's layers.
    const int first = 4, last = static_cast<int>(c.numLayers()) - 3;
    const double ratio = pb::widthRatioForParamFraction(c, 0.2, first, last, pb::AttentionUnit::Group, 1);
    pb::CompareRequest r = quickRequest();
    r.plan = pb::uniformWidthPlan(c, ratio, ratio, first, last);
    const pb::CompareResult core = pb::compare(m, r);

    const pbtest::CliResult cli =
        pbtest::runCli({"compare", "--model", "demo", "--target-params", "0.2", "--criterion", "l2", "--block-criterion",
                        "block_bi", "--samples", "2", "--seq-len", "64", "--max-windows", "1", "--gen-tokens", "4",
                        "--json"},
                       std::chrono::seconds(600));
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    const json j = json::parse(cli.out);
    EXPECT_DOUBLE_EQ(j.at("target_fraction").get<double>(), core.target_fraction);
    EXPECT_NEAR(core.target_fraction, 0.2, 0.01);
    expectSame(j.at("original"), core.original, "original");
    expectSame(j.at("width"), core.width, "width-pruned");
    expectSame(j.at("depth"), core.depth, "depth-pruned");
    EXPECT_EQ(j.at("depth").at("plan").at("dropped_blocks").get<std::vector<int64_t>>(), core.depth.plan.dropped_blocks);
    EXPECT_EQ(core.original.blocks, c.numLayers());
    EXPECT_EQ(core.depth.blocks, c.numLayers() - static_cast<int64_t>(core.depth.plan.dropped_blocks.size()));
    // About the same budget: the depth variant within one block of the width variant's share.
    const double one_block = double(c.layerParams(0)) / double(c.totalParams());
    EXPECT_LE(std::abs(core.depth.removed_fraction - core.width.removed_fraction), one_block / 2 + 1e-12);

    // The text table says the same.
    const pbtest::CliResult text =
        pbtest::runCli({"compare", "--model", "demo", "--target-params", "0.2", "--criterion", "l2", "--samples", "2",
                        "--seq-len", "64", "--max-windows", "1", "--gen-tokens", "4"},
                       std::chrono::seconds(600));
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("width-pruned"), std::string::npos);
    EXPECT_NE(text.out.find(std::to_string(core.depth.params)), std::string::npos) << text.out;
}

TEST(Compare, UsesTheScoresItIsGivenAndScoresNothing) {
    const pb::LoadedModel& m = demo();
    const pb::ModelConfig& c = m.config;
    pb::CompareRequest r = quickRequest();
    r.calib.text = "/nonexistent/calibration.txt";  // scoring would have to read it, and fail
    r.plan = pb::uniformWidthPlan(c, 1.0 / 3.0, 0.25, 4, 27);
    pb::WidthScores ws;  // made up: the lowest channels and the last groups win
    ws.criterion = pb::Criterion::L2;
    ws.aggregation = pb::Aggregation::Sum;
    for (const pb::LayerDims& d : c.layers) {
        std::vector<double> groups, heads, mlp;
        for (int64_t g = 0; g < d.n_kv_heads; ++g) groups.push_back(double(g));
        for (int64_t h = 0; h < d.n_heads; ++h) heads.push_back(double(h));
        for (int64_t i = 0; i < d.ffn; ++i) mlp.push_back(-double(i));
        ws.attention_groups.push_back(groups);
        ws.attention_heads.push_back(heads);
        ws.mlp.push_back(mlp);
    }
    pb::BlockScores bs;  // made up: block 0 least important, then 1, 2, ...
    bs.criterion = pb::Criterion::BlockBi;
    for (int64_t i = 0; i < c.numLayers(); ++i) bs.scores.push_back(double(i));
    r.width_scores = ws;
    r.block_scores = bs;
    const pb::CompareResult out = pb::compare(m, r);
    ASSERT_TRUE(out.width.ok) << out.width.error;
    ASSERT_TRUE(out.depth.ok) << out.depth.error;
    for (int i = 4; i <= 27; ++i) {
        const pb::LayerPlan& l = out.width.plan.layers[static_cast<size_t>(i)];
        ASSERT_TRUE(l.mlp_keep && l.attention_keep) << i;
        const int64_t kept = c.layers[i].ffn - pb::unitsRemoved(c.layers[i].ffn, 0.25, 1);
        ASSERT_EQ(static_cast<int64_t>(l.mlp_keep->size()), kept);
        EXPECT_EQ(l.mlp_keep->front(), 0);
        EXPECT_EQ(l.mlp_keep->back(), kept - 1);
        EXPECT_EQ(*l.attention_keep, (std::vector<int64_t>{1, 2}));  // group 0 scored lowest
    }
    std::vector<int64_t> lowest;
    for (int64_t i = 0; i < static_cast<int64_t>(out.depth.plan.dropped_blocks.size()); ++i) lowest.push_back(i);
    EXPECT_EQ(out.depth.plan.dropped_blocks, lowest);
    EXPECT_FALSE(lowest.empty());
}

// A width-only plan's depth twin is built inside the depth variant: when its block scoring
// fails (here: the calibration text it must read is missing), that is the depth variant's error,
// and the original and the width variant (resolved by given scores) are still measured.
TEST(Compare, AFailingDepthTwinIsTheDepthVariantsError) {
    const pb::LoadedModel& m = demo();
    const pb::ModelConfig& c = m.config;
    pb::CompareRequest r = quickRequest();
    r.calib.text = "/nonexistent/calibration.txt";
    r.plan = pb::uniformWidthPlan(c, 0.0, 0.25, 4, 27);
    pb::WidthScores ws;
    ws.criterion = pb::Criterion::L2;
    ws.aggregation = pb::Aggregation::Sum;
    for (const pb::LayerDims& d : c.layers) {
        ws.attention_groups.push_back(std::vector<double>(size_t(d.n_kv_heads), 1.0));
        ws.attention_heads.push_back(std::vector<double>(size_t(d.n_heads), 1.0));
        std::vector<double> mlp;
        for (int64_t i = 0; i < d.ffn; ++i) mlp.push_back(double(i));
        ws.mlp.push_back(mlp);
    }
    r.width_scores = ws;  // no block scores: the depth twin must score, and cannot
    pb::CompareResult out;
    ASSERT_NO_THROW(out = pb::compare(m, r));
    EXPECT_TRUE(out.original.ok) << out.original.error;
    EXPECT_TRUE(out.width.ok) << out.width.error;
    EXPECT_FALSE(out.depth.ok);
    EXPECT_NE(out.depth.error.find("/nonexistent/calibration.txt"), std::string::npos) << out.depth.error;
}

TEST(Compare, RefusesAPlanThatRemovesNothing) {
    const pb::LoadedModel& m = demo();
    pb::CompareRequest r = quickRequest();
    r.plan = pb::uniformWidthPlan(m.config, 0.0, 0.0);
    EXPECT_THROW(pb::compare(m, r), std::exception);
    const pbtest::CliResult cli = pbtest::runCli({"compare", "--model", "demo", "--width-ratio", "0.2", "--criterion",
                                                  "block_bi"});
    EXPECT_EQ(cli.exit_code, 2) << cli.err;
    EXPECT_NE(cli.err.find("--criterion"), std::string::npos) << cli.err;
}
