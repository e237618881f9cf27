// The harness switch's names and averages (core/evalzs/harness.h): LLM-Pruner's plain mean of
// its per-task metric, lm-eval's acc weighted by items, against hand-computed values.
#include <gtest/gtest.h>

#include "core/evalzs/harness.h"
#include "core/util/error.h"

namespace {

pb::zs::Metrics task(const std::string& name, int64_t n, double acc, double acc_norm, bool has_norm = true) {
    pb::zs::Metrics m;
    m.task = name;
    m.n = n;
    m.acc = acc;
    m.acc_norm = acc_norm;
    m.has_acc_norm = has_norm;
    return m;
}

} // namespace

TEST(HarnessSwitch, NamesRoundTripAndUnknownIsRefused) {
    for (pb::zs::Harness h : pb::zs::harnesses()) EXPECT_EQ(pb::zs::parseHarness(pb::zs::harnessName(h)), h);
    try {
        pb::zs::parseHarness("lm-eval-0.3");
        FAIL();
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("lm-eval, lm-eval-0.4.8, llm-pruner"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(pb::zs::encodingRules(pb::zs::Harness::LmEval).add_special);
    EXPECT_FALSE(pb::zs::encodingRules(pb::zs::Harness::LmEval048).add_special);
    EXPECT_TRUE(pb::zs::encodingRules(pb::zs::Harness::LmEval048).move_whitespace);
    const auto old = pb::zs::encodingRules(pb::zs::Harness::LlmPruner);
    EXPECT_TRUE(old.separate && old.eos_for_empty && !old.add_special && !old.move_whitespace);
}

TEST(HarnessSwitch, AveragesByEachHarnessRule) {
    const std::vector<pb::zs::Metrics> seven = {
        task("boolq", 100, 0.60, 0.0, false), task("piqa", 200, 0.70, 0.72),       task("hellaswag", 400, 0.40, 0.50),
        task("winogrande", 100, 0.55, 0.0, false), task("arc_easy", 100, 0.65, 0.60), task("arc_challenge", 50, 0.30, 0.35),
        task("openbookqa", 50, 0.20, 0.30)};
    // LLM-Pruner: acc for boolq piqa winogrande arc_easy, acc_norm for hellaswag arc_challenge openbookqa.
    const auto old = pb::zs::harnessAverage(pb::zs::Harness::LlmPruner, seven);
    EXPECT_NEAR(old.value, (0.60 + 0.70 + 0.50 + 0.55 + 0.65 + 0.35 + 0.30) / 7.0, 1e-12);
    ASSERT_EQ(old.parts.size(), 7u);
    EXPECT_EQ(old.parts[1].metric, "acc");       // piqa
    EXPECT_EQ(old.parts[2].metric, "acc_norm");  // hellaswag
    EXPECT_EQ(old.parts[6].metric, "acc_norm");  // openbookqa
    EXPECT_NE(old.rule.find("plain mean over 7 tasks"), std::string::npos) << old.rule;
    EXPECT_NE(old.rule.find("acc_norm for hellaswag, arc_challenge, openbookqa"), std::string::npos) << old.rule;
    // lm-eval: acc weighted by items.
    const double items = 100 + 200 + 400 + 100 + 100 + 50 + 50;
    const double weighted = (100 * 0.60 + 200 * 0.70 + 400 * 0.40 + 100 * 0.55 + 100 * 0.65 + 50 * 0.30 + 50 * 0.20) / items;
    for (pb::zs::Harness h : {pb::zs::Harness::LmEval, pb::zs::Harness::LmEval048}) {
        const auto now = pb::zs::harnessAverage(h, seven);
        EXPECT_NEAR(now.value, weighted, 1e-12);
        EXPECT_NEAR(now.parts[2].weight, 400 / items, 1e-12);
        EXPECT_NE(now.rule.find("acc weighted by items over 7 tasks (1000 items"), std::string::npos) << now.rule;
    }
    // Pack tasks: acc under every harness; a task with no items is left out; none at all is refused.
    const auto pack = pb::zs::harnessAverage(pb::zs::Harness::LlmPruner,
                                             {task("cloze", 10, 0.8, 0.9), task("capitals", 0, 0.0, 0.0), task("spam", 30, 0.4, 0.1)});
    EXPECT_NEAR(pack.value, 0.6, 1e-12);
    EXPECT_EQ(pack.parts.size(), 2u);
    EXPECT_THROW(pb::zs::harnessAverage(pb::zs::Harness::LmEval, {}), pb::Error);
}
