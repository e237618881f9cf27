// Hidden-size pruning from the CLI (prune --hidden-ratio, score --hidden): alone, with a width
// ratio and with dropped blocks; the saved plan replays it; the HF and GGUF exports load back in
// `ppl` with the perplexity prune measured; criteria that score no hidden channel and ratios out
// of range are refused before the model loads.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

namespace {

nlohmann::json runJson(const std::vector<std::string>& args) {
    const auto r = runCli(args, std::chrono::seconds(120));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{};
}

} // namespace

TEST(HiddenCli, PruneAloneSavesReplaysAndExports) {
    CliWorld& w = world();
    ScratchDir out("hidden_prune");
    const auto j = runJson({"prune", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16",
                            "--hidden-ratio", "0.25", "--text", w.text, "--save-plan", out / "plan.json", "--out",
                            out / "hf", "--json"});
    ASSERT_FALSE(j.empty());
    EXPECT_EQ(j["hidden_before"], 32);
    EXPECT_EQ(j["hidden_after"], 24);
    EXPECT_EQ(j["plan"]["hidden_keep"].size(), 24u);
    EXPECT_LT(j["params_after"].get<int64_t>(), j["params_before"].get<int64_t>());
    EXPECT_LT(j["macs_after"].get<int64_t>(), j["macs_before"].get<int64_t>());
    const double after = j["ppl_after"].get<double>();
    EXPECT_NE(after, j["ppl_before"].get<double>());
    // The exported folder loads back with the same perplexity.
    const auto hf = runJson({"ppl", "--model", out / "hf", "--text", w.text, "--max-windows", "50", "--json"});
    ASSERT_FALSE(hf.empty());
    EXPECT_NEAR(hf["ppl"].get<double>(), after, 1e-4 * after);
    // The plan replays without scoring, to the same model; written as GGUF it loads back alike.
    const auto replay = runJson({"prune", "--model", w.hf, "--plan", out / "plan.json", "--text", w.text, "--out",
                                 out / "pruned.gguf", "--json"});
    ASSERT_FALSE(replay.empty());
    EXPECT_NEAR(replay["ppl_after"].get<double>(), after, 1e-9 * after);
    const auto gg = runJson({"ppl", "--model", out / "pruned.gguf", "--text", w.text, "--max-windows", "50", "--json"});
    ASSERT_FALSE(gg.empty());
    EXPECT_NEAR(gg["ppl"].get<double>(), after, 1e-4 * after);
}

TEST(HiddenCli, CombinesWithWidthAndDepth) {
    CliWorld& w = world();
    const auto width = runJson({"prune", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16",
                                "--width-ratio", "0.5", "--layers", "0-1", "--hidden-ratio", "0.25", "--json"});
    ASSERT_FALSE(width.empty());
    EXPECT_EQ(width["hidden_after"], 24);
    EXPECT_EQ(width["plan"]["layers"][0]["attention_keep"].size(), 1u);  // 1 of 2 KV groups
    const auto depth = runJson({"prune", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16",
                                "--criterion", "block_bi", "--drop-blocks", "1", "--hidden-ratio", "0.25", "--json"});
    ASSERT_FALSE(depth.empty());
    EXPECT_EQ(depth["hidden_after"], 24);
    EXPECT_EQ(depth["plan"]["dropped_blocks"].size(), 1u);
    // A width target with the hidden cut: the width ratio removes the rest.
    const auto target = runJson({"prune", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16",
                                 "--target-params", "0.4", "--layers", "0-1", "--hidden-ratio", "0.25", "--json"});
    ASSERT_FALSE(target.empty());
    EXPECT_NEAR(target["removed_fraction"].get<double>(), 0.4, 0.05);
}

TEST(HiddenCli, ScoreShowsTheHiddenChannels) {
    CliWorld& w = world();
    const auto r = runCli({"score", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16", "--hidden",
                           "--criterion", "l1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("hidden channels 32"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("least important:"), std::string::npos) << r.out;
    const auto j = runJson({"score", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16", "--hidden",
                            "--criterion", "l1", "--json"});
    ASSERT_FALSE(j.empty());
    EXPECT_EQ(j["hidden"].size(), 32u);
}

TEST(HiddenCli, RefusalsBeforeTheModelLoads) {
    CliWorld& w = world();
    const std::string scores = "needs a criterion that scores hidden channels (random, l1, l2";
    expectRefused({"prune", "--model", w.hf, "--calib", w.text, "--hidden-ratio", "0.2", "--criterion", "wanda_sp"}, 2,
                  {"--hidden-ratio " + scores, "not 'wanda_sp'"});
    expectRefused({"score", "--model", w.hf, "--calib", w.text, "--hidden", "--criterion", "flap"}, 2,
                  {"--hidden " + scores});
    expectRefused({"prune", "--model", w.hf, "--calib", w.text, "--hidden-ratio", "1.5"}, 2, {"--hidden-ratio"});
    expectRefused({"prune", "--model", w.hf, "--calib", w.text, "--hidden-ratio", "0"}, 2, {"--hidden-ratio"});
    expectRefused({"prune", "--model", w.hf, "--calib", w.text, "--criterion", "block_bi", "--target-params", "0.3",
                   "--hidden-ratio", "0.2"}, 2, {"give --drop-blocks N with --hidden-ratio"});
    expectRefused({"prune", "--model", w.hf, "--calib", w.text, "--hidden-ratio", "0.2", "--hidden-criterion", "l1"}, 2,
                  {"--hidden-criterion is for depth criteria"});
    expectRefused({"prune", "--model", w.hf, "--calib", w.text, "--criterion", "block_bi", "--drop-blocks", "1",
                   "--hidden-ratio", "0.2", "--hidden-criterion", "flap"}, 2, {scores});
}
