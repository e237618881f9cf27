// `score --against B`: where two criteria disagree, from the CLI. The JSON is core's
// comparison of the two criteria's scores; a criterion of the other kind or an overlap ratio
// outside (0, 1) is a usage error that writes nothing.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/plan/criteria.h"
#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

TEST(DisagreementCli, WidthCriteriaPerLayerAndTopUnits) {
    CliWorld& w = world();
    const auto r = runCli({"score", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16", "--criterion",
                           "l1", "--against", "random", "--top", "5", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["criterion_a"], "l1");
    EXPECT_EQ(j["criterion_b"], "random");
    EXPECT_EQ(j["kind"], "width");
    EXPECT_DOUBLE_EQ(j["ratio"].get<double>(), 0.2);
    ASSERT_EQ(j["kinds"].size(), 3u);  // kv groups, query heads, MLP channels
    EXPECT_EQ(j["kinds"][2]["kind"], "mlp_channel");
    EXPECT_FALSE(j["kinds"][2]["rho"].empty());
    for (const auto& rho : j["kinds"][2]["rho"]) {
        ASSERT_TRUE(rho.is_number());
        EXPECT_GE(rho.get<double>(), -1.0);
        EXPECT_LE(rho.get<double>(), 1.0);
    }
    ASSERT_EQ(j["top"].size(), 5u);
    const double first = std::abs(j["top"][0]["rank_a"].get<double>() - j["top"][0]["rank_b"].get<double>());
    const double last = std::abs(j["top"][4]["rank_a"].get<double>() - j["top"][4]["rank_b"].get<double>());
    EXPECT_GE(first, last);  // largest gap first

    const auto text = runCli({"score", "--model", w.hf, "--calib", w.text, "--samples", "2", "--seq-len", "16", "--criterion",
                              "block_magnitude", "--against", "block_bi"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("block_magnitude vs block_bi"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("most disputed units"), std::string::npos) << text.out;
}

TEST(DisagreementCli, RefusesCriteriaOfTheOtherKindAndBadRatios) {
    CliWorld& w = world();
    const std::vector<std::string> base = {"score", "--model", w.hf, "--calib", w.text, "--criterion", "l1"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = base;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    expectRefused(with({"--against", "block_bi"}), 2,
                  {"option '--against' is 'block_bi', use one of: " + pb::criterionList(false) + " (width)"});
    expectRefused(with({"--against", "random", "--overlap-ratio", "1.5"}), 2, {"option '--overlap-ratio'"});
}
