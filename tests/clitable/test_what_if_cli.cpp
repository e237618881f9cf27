// `score --without`: the what-if from the CLI. Each unit's loss is core's lossWithout (the
// block's equals the loss of `prune --drop-blocks`' model is core's test); bad entries are
// usage errors before the model loads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

TEST(WhatIfCli, LossWithoutEachUnit) {
    CliWorld& w = world();
    const auto r = runCli({"score", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16", "--without",
                           "1:kv_group:1,0:head:0,0:mlp_channel:3,1:block", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["without"].size(), 4u);
    EXPECT_EQ(j["without"][0]["kind"], "kv_group");
    EXPECT_EQ(j["without"][3]["kind"], "block");
    const double base = j["base_loss"].get<double>();
    EXPECT_GT(base, 0.0);
    for (const auto& row : j["without"]) {
        EXPECT_NEAR(row["delta"].get<double>(), row["loss"].get<double>() - base, 1e-12);
        EXPECT_GE(row["seconds"].get<double>(), 0.0);
    }
    EXPECT_NE(j["without"][3]["loss"].get<double>(), base);  // a whole block changes the loss
}

TEST(WhatIfCli, BadEntriesAreUsageErrors) {
    CliWorld& w = world();
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"1:kv", "kind 'kv' in '1:kv', use one of: kv_group, head, mlp_channel, block"},
        {"1:block:2", "'1:block:2' needs no unit (LAYER:block)"},
        {"1:head", "'1:head' needs a unit (LAYER:head:UNIT)"},
        {"x:block", "'x:block' is not LAYER:KIND[:UNIT]"},
        {"1:block,", "'' is not LAYER:KIND[:UNIT]"},
    };
    for (const auto& [value, message] : rows) {
        SCOPED_TRACE(value);
        expectRefused({"score", "--model", w.hf, "--calib", w.text, "--without", value}, 2, {message});
    }
    // In range is the model's to say: one line, exit 1.
    const auto r = runCli({"score", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16", "--without", "9:block"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("layer 9 is out of range"), std::string::npos) << r.err;
}
