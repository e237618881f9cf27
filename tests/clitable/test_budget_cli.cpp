// prune --target-params F --budget-search uniform|owl|greedy (issue 18): the per-layer ratios
// remove the target's parameters within one rounding unit (the pruned model's own count), the
// saved plan carries them and replays to the same model, greedy's calibration loss is the pruned
// model's and never above its uniform start, uniform is what --target-params did before; the
// refusals come before any work.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

namespace {

nlohmann::json runJson(const std::vector<std::string>& args) {
    const auto r = runCli(args, std::chrono::seconds(180));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{};
}

std::vector<std::string> pruneArgs(const CliWorld& w, const std::string& method) {
    return {"prune", "--model", w.hf, "--calib", w.text, "--samples", "4", "--seq-len", "16", "--layers", "0-1",
            "--target-params", "0.15", "--budget-search", method, "--json"};
}

void expectOnBudget(const nlohmann::json& j) {
    const auto before = j["params_before"].get<int64_t>(), after = j["params_after"].get<int64_t>();
    const auto& b = j["budget_search"];
    EXPECT_EQ(before - after, b["removed"].get<int64_t>());  // the pruned model's own count
    EXPECT_EQ(b["target_removed"].get<int64_t>(), std::llround(0.15 * double(before)));
    EXPECT_LE(std::llabs(before - after - b["target_removed"].get<int64_t>()), b["rounding_unit_params"].get<int64_t>());
}

} // namespace

TEST(BudgetCli, OwlMeetsTheBudgetSavesAndReplays) {
    CliWorld& w = world();
    ScratchDir out("budget_owl");
    auto args = pruneArgs(w, "owl");
    for (const std::string& a : std::vector<std::string>{"--owl-m", "2", "--owl-lambda", "0.2", "--text", w.text,
                                                    "--save-plan"})
        args.push_back(a);
    args.push_back(out / "plan.json");
    const auto j = runJson(args);
    ASSERT_FALSE(j.empty());
    expectOnBudget(j);
    const auto& b = j["budget_search"];
    EXPECT_EQ(b["method"], "owl");
    ASSERT_EQ(b["outlier_ratio"].size(), 2u);
    ASSERT_EQ(b["layers"].size(), 2u);
    // The saved plan holds the per-layer ratios the search found, and replays to the same model.
    std::ifstream in(std::string(out / "plan.json"));
    const auto plan = nlohmann::json::parse(in);
    for (size_t i = 0; i < 2; ++i)
        EXPECT_DOUBLE_EQ(plan["layers"][i]["mlp_ratio"].get<double>(), b["layers"][i]["mlp_ratio"].get<double>());
    const auto replay = runJson({"prune", "--model", w.hf, "--plan", out / "plan.json", "--text", w.text, "--json"});
    ASSERT_FALSE(replay.empty());
    EXPECT_EQ(replay["params_after"], j["params_after"]);
    EXPECT_NEAR(replay["ppl_after"].get<double>(), j["ppl_after"].get<double>(), 1e-9 * j["ppl_after"].get<double>());
}

TEST(BudgetCli, GreedyIsNeverWorseThanUniformAndItsLossIsThePrunedModels) {
    CliWorld& w = world();
    auto args = pruneArgs(w, "greedy");
    for (const std::string& a : std::vector<std::string>{"--greedy-step", "4", "--greedy-moves", "6"}) args.push_back(a);
    const auto j = runJson(args);
    ASSERT_FALSE(j.empty());
    expectOnBudget(j);
    const auto& g = j["budget_search"]["greedy"];
    EXPECT_LE(g["loss"].get<double>(), g["start_loss"].get<double>());
    EXPECT_NEAR(j["calib_loss_after"].get<double>(), g["loss"].get<double>(), 1e-5);
    EXPECT_LE(g["moves"].size(), 6u);
}

TEST(BudgetCli, UniformIsTheTargetParamsOfBefore) {
    CliWorld& w = world();
    const auto j = runJson(pruneArgs(w, "uniform"));
    std::vector<std::string> plain = pruneArgs(w, "uniform");
    plain.erase(plain.end() - 3, plain.end() - 1);  // without --budget-search uniform
    const auto k = runJson(plain);
    ASSERT_FALSE(j.empty());
    ASSERT_FALSE(k.empty());
    EXPECT_EQ(j["params_after"], k["params_after"]);
    EXPECT_EQ(j["plan"]["layers"], k["plan"]["layers"]);
    EXPECT_FALSE(k.contains("budget_search"));
}

TEST(BudgetCli, Refusals) {
    CliWorld& w = world();
    const std::vector<std::string> base = {"prune", "--model", w.hf, "--calib", w.text, "--layers", "0-1"};
    auto with = [&](std::vector<std::string> more) {
        std::vector<std::string> a = base;
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    expectRefused(with({"--width-ratio", "0.2", "--budget-search", "owl"}), 2, {"give --target-params F"});
    expectRefused(with({"--target-params", "0.2", "--budget-search", "owl2"}), 2,
                  {"unknown budget search 'owl2'", "uniform, owl, greedy"});
    expectRefused(with({"--target-params", "0.2", "--budget-search", "owl", "--criterion", "block_bi"}), 2,
                  {"scores whole blocks"});
    expectRefused(with({"--target-params", "0.2", "--budget-search", "greedy", "--criterion", "flap"}), 2,
                  {"bias compensation", "--bias-compensation off"});
    expectRefused(with({"--target-params", "0.2", "--budget-search", "owl", "--ranking", "global"}), 2,
                  {"--ranking local"});
    expectRefused(with({"--target-params", "0.2", "--budget-search", "greedy", "--owl-m", "3"}), 2,
                  {"--owl-m is for --budget-search owl"});
    expectRefused(with({"--target-params", "0.2", "--budget-search", "owl", "--greedy-moves", "3"}), 2,
                  {"--greedy-moves is for --budget-search greedy"});
    expectRefused(with({"--target-params", "0.2", "--budget-search", "owl", "--hidden-ratio", "0.1"}), 2,
                  {"--hidden-ratio"});
    expectRefused(with({"--target-params", "1.5", "--budget-search", "owl"}), 2, {"--target-params"});
    expectRefused(with({"--target-params", "0.2", "--budget-search", "owl", "--owl-lambda", "0.7"}), 2,
                  {"--owl-lambda"});
    expectRefused(with({"--target-params", "0.6", "--budget-search", "greedy"}), 1, {"not possible (at most"});
    // latency budgets
    expectRefused(with({"--target-params", "0.2", "--latency-metric", "decode"}), 2, {"give --target-latency F"});
    expectRefused(with({"--target-latency", "0.8", "--criterion", "block_bi"}), 2, {"width budget"});
    expectRefused(with({"--target-latency", "0.8", "--latency-metric", "speed"}), 2, {"--latency-metric", "prefill or decode"});
    expectRefused(with({"--target-latency", "0.8", "--target-params", "0.2"}), 2, {"give exactly one of"});
    expectRefused(with({"--target-latency", "1.5"}), 2, {"--target-latency"});
}

// --target-latency: the parameter budget found by measuring uniform cuts, spread by OWL, and the
// pruned shape measured again; what the JSON says is what was pruned.
TEST(BudgetCli, LatencyTargetFindsAParameterBudgetByMeasurement) {
    CliWorld& w = world();
    ScratchDir cache("budget_latency_cache");
    ::setenv("PB_LATENCY_CACHE", std::string(cache / "c").c_str(), 1);
    // The demo model's shape: wide enough that its cuts show in the time (the tiny fixture's is all overhead).
    const auto j = runJson({"prune", "--model", "demo", "--calib", w.text, "--samples", "2", "--seq-len", "16",
                            "--target-latency", "0.85", "--budget-search", "owl", "--json"});
    ::unsetenv("PB_LATENCY_CACHE");
    ASSERT_FALSE(j.empty());
    const auto& l = j["latency_budget"];
    EXPECT_EQ(l["metric"], "prefill");
    EXPECT_DOUBLE_EQ(l["target"].get<double>(), 0.85);
    ASSERT_EQ(l["probes"].size(), 8u);  // the largest cut, then 7 bisection steps
    EXPECT_LE(l["uniform_time_ratio"].get<double>(), 0.85);
    EXPECT_TRUE(std::isfinite(l["plan_time_ratio"].get<double>()));
    // OWL spread the budget's parameters: the pruned model removes them within one rounding unit.
    const auto before = j["params_before"].get<int64_t>(), after = j["params_after"].get<int64_t>();
    const auto& b = j["budget_search"];
    EXPECT_EQ(b["method"], "owl");
    EXPECT_EQ(b["target_removed"].get<int64_t>(), std::llround(l["fraction"].get<double>() * double(before)));
    EXPECT_LE(std::llabs(before - after - b["target_removed"].get<int64_t>()), b["rounding_unit_params"].get<int64_t>());
}
