// The criteria / aggregation / attention-unit catalogue: one row per enum value, names
// that round-trip, parse errors that list the allowed names, plan JSON that keeps the
// same strings (saved plans load unchanged), defaults defined once.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "core/plan/plan.h"
#include "core/recover/defaults.h"
#include "core/util/error.h"

namespace {

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(Criteria, EveryEnumValueHasOneRowWithAUniqueName) {
    std::set<std::string> names;
    std::set<int> ids;
    for (const pb::CriterionInfo& c : pb::criteria()) {
        EXPECT_TRUE(names.insert(c.name).second) << c.name;
        EXPECT_TRUE(ids.insert(static_cast<int>(c.id)).second) << c.name;
        EXPECT_FALSE(c.label.empty()) << c.name;
        EXPECT_GT(c.explanation.size(), 30u) << c.name;
        EXPECT_EQ(pb::parseCriterion(c.name), c.id);
        EXPECT_EQ(pb::criterionName(c.id), c.name);
        EXPECT_EQ(&pb::criterionInfo(c.id), &c);
    }
    EXPECT_EQ(ids.size(), static_cast<size_t>(pb::Criterion::BlockSleb) + 1);  // no enum value without a row
    for (const pb::AggregationInfo& a : pb::aggregationTable()) EXPECT_EQ(pb::parseAggregation(a.name), a.id);
    EXPECT_EQ(pb::aggregationTable().size(), static_cast<size_t>(pb::Aggregation::Last) + 1);
    for (const pb::AttentionUnitInfo& u : pb::attentionUnitTable()) EXPECT_EQ(pb::parseAttentionUnit(u.name), u.id);
    EXPECT_EQ(pb::attentionUnitTable().size(), 2u);
}

TEST(Criteria, RowsSayWhatEachCriterionNeeds) {
    const auto& e1 = pb::criterionInfo(pb::Criterion::TaylorElement1);
    EXPECT_EQ(e1.name, "taylor_element1");
    EXPECT_TRUE(e1.gradients);
    EXPECT_TRUE(e1.one_pass_gradients);
    EXPECT_FALSE(e1.depth);
    EXPECT_EQ(e1.scorer, pb::Scorer::Taylor);
    EXPECT_FALSE(pb::criterionInfo(pb::Criterion::TaylorElement2).one_pass_gradients);  // per-sample gradients
    // What core/stream scores block by block: the forward-only criteria and every gradient
    // criterion (streamed backward), not those that need every weight or the whole model at once.
    std::set<std::string> streamed;
    for (const pb::CriterionInfo& c : pb::criteria()) {
        if (c.streamed) streamed.insert(c.name);
        if (c.gradients) EXPECT_TRUE(c.streamed) << c.name;
        EXPECT_EQ(c.depth, c.name.rfind("block_", 0) == 0) << c.name;
        const bool block_scorer = c.scorer >= pb::Scorer::BlockMagnitude;
        EXPECT_EQ(block_scorer, c.depth) << c.name;
    }
    EXPECT_EQ(streamed, (std::set<std::string>{"taylor_vector", "taylor_vector_slice", "taylor_element1", "taylor_element2", "taylor_mix",
                                               "fusion", "wanda_sp", "flap", "block_taylor", "block_ppl", "block_bi"}));
    EXPECT_EQ(pb::criterionList(true), "block_magnitude, block_taylor, block_ppl, block_bi, block_sleb");
}

TEST(Criteria, UnknownNamesAreRefusedNamingTheAllowedOnes) {
    EXPECT_EQ(errorOf([] { pb::parseCriterion("l3"); }),
              "unknown criterion 'l3' (width: random, l1, l2, taylor_vector, taylor_vector_slice, taylor_element1, taylor_element2, "
              "taylor_mix, fusion, wanda_sp, flap; depth: block_magnitude, block_taylor, block_ppl, block_bi, "
              "block_sleb)");
    EXPECT_EQ(errorOf([] { pb::parseCriterion("l1", true, "block criterion"); }),
              "unknown block criterion 'l1' (use one of: block_magnitude, block_taylor, block_ppl, block_bi, "
              "block_sleb)");
    EXPECT_EQ(errorOf([] { pb::parseAggregation("median"); }),
              "unknown aggregation 'median' (use one of: sum, mean, max, prod, last)");
    EXPECT_EQ(errorOf([] { pb::parseAttentionUnit("heads"); }), "unknown attention unit 'heads' (use one of: group, head)");
    EXPECT_EQ(errorOf([] { pb::parseCriterion(""); }).rfind("unknown criterion '' (width: ", 0), 0u);
}

TEST(Criteria, PlanJsonKeepsTheStableNames) {
    pb::PruningPlan p;
    p.criterion = pb::Criterion::BlockSleb;
    p.aggregation = pb::Aggregation::Last;
    p.attention_unit = pb::AttentionUnit::Head;
    const nlohmann::json j = p.toJson();
    EXPECT_EQ(j["criterion"], "block_sleb");
    EXPECT_EQ(j["aggregation"], "last");
    EXPECT_EQ(j["attention_unit"], "head");
    const pb::PruningPlan q = pb::PruningPlan::fromJson(j);
    EXPECT_EQ(q.criterion, pb::Criterion::BlockSleb);
    EXPECT_EQ(q.aggregation, pb::Aggregation::Last);
    EXPECT_EQ(q.attention_unit, pb::AttentionUnit::Head);

    // A plan as saved before the enums (and an old GUI's depth-only plan with criterion "").
    const auto saved = nlohmann::json::parse(R"({"format": "prunebench-plan", "version": 1,
        "criterion": "wanda_sp", "aggregation": "max", "attention_unit": "group", "layers": []})");
    const pb::PruningPlan s = pb::PruningPlan::fromJson(saved);
    EXPECT_EQ(s.criterion, pb::Criterion::WandaSp);
    EXPECT_EQ(s.aggregation, pb::Aggregation::Max);
    EXPECT_EQ(s.toJson()["criterion"], "wanda_sp");
    nlohmann::json empty = saved;
    empty["criterion"] = "";
    EXPECT_EQ(pb::PruningPlan::fromJson(empty).criterion, pb::defaults::kWidthCriterion);

    nlohmann::json bad = saved;
    bad["aggregation"] = "median";
    EXPECT_EQ(errorOf([&] { pb::PruningPlan::fromJson(bad); }),
              "unknown plan aggregation 'median' (use one of: sum, mean, max, prod, last)");
    bad = saved;
    bad["attention_unit"] = "kv";
    EXPECT_EQ(errorOf([&] { pb::PruningPlan::fromJson(bad); }),
              "unknown plan attention_unit 'kv' (use one of: group, head)");
    bad = saved;
    bad["criterion"] = "taylor";  // a resolved plan: the criterion only records what scored it
    EXPECT_EQ(pb::PruningPlan::fromJson(bad).criterion, pb::defaults::kWidthCriterion);
    bad["layers"] = {{{"attention_ratio", 0.0}, {"mlp_ratio", 0.25}}};  // a ratio plan is resolved with it
    EXPECT_NE(errorOf([&] { pb::PruningPlan::fromJson(bad); }).find("unknown plan criterion 'taylor' (width: random"),
              std::string::npos);
}

TEST(Criteria, DefaultsAreDefinedOnce) {
    const pb::PruningPlan p;
    EXPECT_EQ(p.criterion, pb::defaults::kWidthCriterion);
    EXPECT_EQ(p.aggregation, pb::defaults::kAggregation);
    EXPECT_EQ(p.attention_unit, pb::defaults::kAttentionUnit);
    EXPECT_EQ(p.samples, pb::defaults::kCalibrationSamples);
    EXPECT_EQ(p.seq_len, pb::defaults::kCalibrationSeqLen);
    EXPECT_FALSE(pb::criterionInfo(pb::defaults::kWidthCriterion).depth);
    EXPECT_TRUE(pb::criterionInfo(pb::defaults::kBlockCriterion).depth);
    const auto& streamed = pb::criterionInfo(pb::defaults::kStreamedCriterion);
    EXPECT_TRUE(streamed.streamed && !streamed.depth);
    EXPECT_GT(pb::defaults::kLearningRate, 0.0);
    EXPECT_LT(pb::defaults::kGuiSteps, pb::defaults::kSteps);
}
