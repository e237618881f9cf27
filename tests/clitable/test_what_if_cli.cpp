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

// The cached path (default) and --full-pass give the same losses; a span of channels is one row.
TEST(WhatIfCli, CachedEqualsFullPassAndSpans) {
    CliWorld& w = world();
    const std::vector<std::string> base = {"score", "--model", w.hf, "--calib", w.text, "--samples", "3", "--seq-len", "16",
                                           "--without", "0:kv_group:0,1:mlp_channel:8-15,1:head:3,0:block,1:block,1:attn,0:mlp",
                                           "--json"};
    const auto cached = runCli(base);
    std::vector<std::string> full_args = base;
    full_args.push_back("--full-pass");
    const auto full = runCli(full_args);
    ASSERT_EQ(cached.exit_code, 0) << cached.err;
    ASSERT_EQ(full.exit_code, 0) << full.err;
    const auto a = nlohmann::json::parse(cached.out), b = nlohmann::json::parse(full.out);
    EXPECT_TRUE(a["cached"].get<bool>());
    EXPECT_FALSE(b["cached"].get<bool>());
    EXPECT_GT(a["cache_bytes"].get<int64_t>(), 0);
    EXPECT_NEAR(a["base_loss"].get<double>(), b["base_loss"].get<double>(), 1e-6);
    ASSERT_EQ(a["without"].size(), 7u);
    EXPECT_EQ(a["without"][1]["count"], 8);
    EXPECT_EQ(a["without"][5]["kind"], "attn");
    EXPECT_EQ(a["without"][6]["kind"], "mlp");
    for (size_t i = 0; i < 7; ++i) {
        SCOPED_TRACE(i);
        EXPECT_NEAR(a["without"][i]["loss"].get<double>(), b["without"][i]["loss"].get<double>(), 1e-6);
        EXPECT_NE(a["without"][i]["loss"].get<double>(), a["base_loss"].get<double>());
    }
}

TEST(WhatIfCli, BadEntriesAreUsageErrors) {
    CliWorld& w = world();
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"1:kv", "kind 'kv' in '1:kv', use one of: kv_group, head, mlp_channel, attn, mlp, block"},
        {"1:attn:0", "'1:attn:0' needs no unit (LAYER:attn)"},
        {"1:block:2", "'1:block:2' needs no unit (LAYER:block)"},
        {"1:head", "'1:head' needs a unit (LAYER:head:UNIT or FIRST-LAST)"},
        {"1:mlp_channel:5-3", "'1:mlp_channel:5-3' ends before it starts"},
        {"1:mlp_channel:5-", "'1:mlp_channel:5-' is not LAYER:KIND[:UNIT]"},
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
