// core/evalzs/stats.h against values worked out by hand (and checked with scipy's binomtest
// and statsmodels' proportion_confint(method="wilson")).
#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/evalzs/stats.h"
#include "core/report/results_json.h"

using namespace pb::zs;

TEST(EvalStats, WilsonIntervalByHand) {
    // 8/10: centre (0.8 + 1.92073/10) / 1.384146 = 0.716758; half 1.959964·sqrt(0.016 + 0.009604)/1.384146
    const Interval a = wilsonInterval(8, 10);
    EXPECT_NEAR(a.lo, 0.4901625, 1e-6);
    EXPECT_NEAR(a.hi, 0.9433178, 1e-6);
    // 0/10: [0, 2·0.138767]
    const Interval z = wilsonInterval(0, 10);
    EXPECT_EQ(z.lo, 0.0);
    EXPECT_NEAR(z.hi, 0.2775328, 1e-6);
    const Interval f = wilsonInterval(10, 10);
    EXPECT_NEAR(f.lo, 1.0 - 0.2775328, 1e-6);
    EXPECT_EQ(f.hi, 1.0);
    // 50/100: centre 0.5, half 1.959964·sqrt(0.0025 + 0.0000960)/1.0384146 = 0.0961715
    const Interval h = wilsonInterval(50, 100);
    EXPECT_NEAR(h.lo, 0.4038315, 1e-6);
    EXPECT_NEAR(h.hi, 0.5961685, 1e-6);
    const Interval none = wilsonInterval(0, 0);
    EXPECT_EQ(none.lo, 0.0);
    EXPECT_EQ(none.hi, 1.0);
}

TEST(EvalStats, ExactMcNemarByHand) {
    EXPECT_DOUBLE_EQ(mcnemarExactP(1, 7), 2.0 * (1 + 8) / 256.0);  // 0.0703125
    EXPECT_DOUBLE_EQ(mcnemarExactP(7, 1), 2.0 * (1 + 8) / 256.0);
    EXPECT_DOUBLE_EQ(mcnemarExactP(0, 5), 2.0 / 32.0);             // 0.0625
    EXPECT_NEAR(mcnemarExactP(2, 10), 2.0 * (1 + 12 + 66) / 4096.0, 1e-15);  // 0.0385742
    EXPECT_DOUBLE_EQ(mcnemarExactP(0, 0), 1.0);
    EXPECT_DOUBLE_EQ(mcnemarExactP(4, 4), 1.0);
    EXPECT_DOUBLE_EQ(mcnemarExactP(3, 5), 2.0 * (1 + 8 + 28 + 56) / 256.0);  // 0.7265625
    EXPECT_NEAR(mcnemarExactP(3, 6), 2.0 * (1 + 9 + 36 + 84) / 512.0, 1e-15);
    // large n: 400 vs 460 discordant, 2·Σ_{i<=400} C(860, i) / 2^860 = 0.0441695 (exact integers in Python)
    EXPECT_NEAR(mcnemarExactP(400, 460), 0.0441695482, 1e-9);
}

TEST(EvalStats, PairedTestCountsTheDiscordantItems) {
    const std::vector<uint8_t> a = {1, 1, 0, 0, 1, 0, 0, 0, 1, 0};
    const std::vector<uint8_t> b = {1, 0, 1, 1, 1, 1, 1, 1, 1, 0};
    const PairedTest t = pairedTest(a, b);
    ASSERT_TRUE(t.valid);
    EXPECT_EQ(t.n, 10);
    EXPECT_EQ(t.both, 3);
    EXPECT_EQ(t.only_first, 1);
    EXPECT_EQ(t.only_second, 5);
    EXPECT_EQ(t.neither, 1);
    EXPECT_DOUBLE_EQ(t.diff, 0.4);
    EXPECT_DOUBLE_EQ(t.p, 2.0 * (1 + 6) / 64.0);  // 0.21875
    EXPECT_FALSE(t.significant);
    EXPECT_FALSE(pairedTest(a, std::vector<uint8_t>(9, 1)).valid);
    EXPECT_FALSE(pairedTest({}, b).valid);
    EXPECT_EQ(pairedText(t), "+40.0 points, p = 0.219 (McNemar 1/5, not significant)");
}

TEST(EvalStats, TaskIntervalsFromAnswersAndJson) {
    pb::TaskMetrics m;
    m.task = "capitals";
    m.n = 10;
    m.acc = 0.8;
    m.acc_norm = 0.5;
    m.correct = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
    m.correct_norm = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    EXPECT_EQ(correctCount(m), 8);
    EXPECT_EQ(correctCount(m, true), 5);
    EXPECT_NEAR(accInterval(m).lo, 0.4901625, 1e-6);
    EXPECT_EQ(accText(m), "80.0% [49.0, 94.3] n 10");
    const nlohmann::json j = pb::toJson(m);
    EXPECT_EQ(j["correct"], "1111111100");
    EXPECT_EQ(j["correct_norm"], "1111100000");
    EXPECT_EQ(j["interval"], "wilson");
    EXPECT_NEAR(j["acc_ci95"][0].get<double>(), 0.4901625, 1e-6);
    EXPECT_NEAR(j["acc_ci95"][1].get<double>(), 0.9433178, 1e-6);
    pb::TaskMetrics no_items = m;  // without answers: round(acc · n)
    no_items.correct.clear();
    EXPECT_EQ(correctCount(no_items), 8);
}
