// `prune --criterion fusion`: the JSON and text say how fusion chose its mix for this cut (the
// plan's ratio and attention unit), and the fused plan's calibration loss is at most each input's.
#include <algorithm>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

TEST(FusionCli, PruneReportsAlphaPerLayerForItsOwnCut) {
    CliWorld& w = world();
    const std::vector<std::string> args = {"prune", "--model", w.hf, "--calib", w.text, "--samples", "3", "--seq-len", "16",
                                           "--criterion", "fusion", "--width-ratio", "0.5", "--attention-unit", "head"};
    std::vector<std::string> json_args = args;
    json_args.push_back("--json");
    const auto r = runCli(json_args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_TRUE(j.contains("fusion")) << r.out;
    const auto& f = j["fusion"];
    EXPECT_EQ(f["attention_unit"], "head");
    EXPECT_EQ(f["mlp_ratio"][0].get<double>(), 0.5);  // the plan's ratio, not a fixed test ratio
    EXPECT_EQ(f["probe_samples"], 3);
    ASSERT_EQ(f["alpha"].size(), j["plan"]["layers"].size());
    for (const auto& a : f["alpha"]) EXPECT_TRUE(a == 0.0 || a == 0.25 || a == 0.5 || a == 0.75 || a == 1.0) << a;
    const double best = std::min(f["loss_element1"].get<double>(), f["loss_vector"].get<double>());
    if (!f["fell_back"].get<bool>()) EXPECT_LE(f["loss_fused"].get<double>(), best);
    const auto text = runCli(args);
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("fusion alpha per layer (1 = taylor_element1, 0 = taylor_vector"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("fusion calibration loss (3 samples)"), std::string::npos) << text.out;
}
