// Adaptive fusion (core/prune/fusion_rule.h) against an independent recomputation: the inputs'
// plans and every layer's candidates built as explicit plans, cut with applyPlan (no masks, no
// what-if cache) and measured with calibrationLoss; the endpoints reproduce the inputs; the fused
// plan's calibration loss is at most each input's; the fallback when the fused plan loses.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/criteria.h"
#include "core/plan/plan.h"
#include "core/prune/apply.h"
#include "core/prune/calibration.h"
#include "core/prune/fusion_rule.h"
#include "core/prune/importance.h"
#include "core/prune/pruner.h"

namespace {

const double kAlphas[] = {0.0, 0.25, 0.5, 0.75, 1.0};

pb::LoadedModel fixture() { return pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_per_layer"); }

pb::Calibration calibration() {
    torch::manual_seed(11);
    return {torch::randint(0, 256, {6, 16}, torch::TensorOptions().dtype(torch::kInt64))};  // [N, T]
}

pb::WidthScores scores(pb::LlamaModel& m, const pb::Calibration& c, pb::Criterion k) {
    pb::ScoreOptions o;
    o.criterion = k;
    return pb::scoreWidth(m, c, o);
}

// The mix as a plain formula: alpha·fine/Σ|fine| + (1 − alpha)·coarse/Σ|coarse| (the same order as
// the rule's fine-scaled mix).
std::vector<double> mixed(const std::vector<double>& f, const std::vector<double>& c, double alpha) {
    double sf = 0, sc = 0;
    for (double x : f) sf += std::abs(x);
    for (double x : c) sc += std::abs(x);
    std::vector<double> r(f.size());
    for (size_t k = 0; k < r.size(); ++k) r[k] = alpha * f[k] / sf + (1 - alpha) * c[k] / sc;
    return r;
}

// The `keep` best (largest) of `s`, ascending.
std::vector<int64_t> best(const std::vector<double>& s, int64_t keep) {
    std::vector<int64_t> idx(s.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) { return s[a] > s[b]; });
    idx.resize(size_t(keep));
    std::sort(idx.begin(), idx.end());
    return idx;
}

// The explicit plan that cuts every layer i of `target` (ratios, KV groups) by the mix at alphas[i].
pb::PruningPlan explicitPlan(const pb::ModelConfig& c, const pb::PruningPlan& target, const pb::WidthScores& fine,
                             const pb::WidthScores& coarse, const std::vector<double>& alphas) {
    pb::PruningPlan p;
    p.layers.resize(c.layers.size());
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const pb::LayerDims& d = c.layers[i];
        const pb::LayerPlan& t = target.layers[i];
        if (t.attention_ratio > 0) {
            const int64_t keep = d.n_kv_heads - pb::unitsRemoved(d.n_kv_heads, t.attention_ratio, 1);
            p.layers[i].attention_keep = best(mixed(fine.attention_groups[i], coarse.attention_groups[i], alphas[i]), keep);
        }
        if (t.mlp_ratio > 0) {
            const int64_t keep = d.ffn - pb::unitsRemoved(d.ffn, t.mlp_ratio, 1);
            p.layers[i].mlp_keep = best(mixed(fine.mlp[i], coarse.mlp[i], alphas[i]), keep);
        }
    }
    return p;
}

double lossOf(const pb::LlamaModel& m, const pb::PruningPlan& p, const pb::Calibration& c) {
    torch::NoGradGuard ng;
    return pb::calibrationLoss(pb::applyPlan(m, p), c.ids).item<double>();
}

bool lower(double a, double b) { return a < b - pb::kFusionTolerance * std::abs(b); }

} // namespace

TEST(Fusion, AlphaPerLayerEqualsAnIndependentSearch) {
    pb::LoadedModel m = fixture();
    const pb::ModelConfig& c = m.config;
    const pb::Calibration calib = calibration();
    const pb::WidthScores fine = scores(*m.model, calib, pb::Criterion::TaylorElement1);
    const pb::WidthScores coarse = scores(*m.model, calib, pb::Criterion::TaylorVector);
    for (double ratio : {0.2, 0.35}) {
        const pb::PruningPlan target = pb::uniformWidthPlan(c, ratio, ratio, 0, -1, pb::AttentionUnit::Group);
        const size_t L = c.layers.size();
        // 1. the inputs' plans; the better one is the start.
        const double l1 = lossOf(*m.model, explicitPlan(c, target, fine, coarse, std::vector<double>(L, 1.0)), calib);
        const double l0 = lossOf(*m.model, explicitPlan(c, target, fine, coarse, std::vector<double>(L, 0.0)), calib);
        const double start = l1 <= l0 ? 1.0 : 0.0, start_loss = std::min(l0, l1);
        // 2. every layer's alphas in the start's context.
        std::vector<double> expect(L, start);
        std::vector<bool> tested(L, false);  // some alpha cuts the layer otherwise
        int moved = 0;
        for (size_t i = 0; i < L; ++i) {
            double best_loss = start_loss;
            const pb::PruningPlan start_plan = explicitPlan(c, target, fine, coarse, std::vector<double>(L, start));
            for (double a : kAlphas) {
                std::vector<double> alphas(L, start);
                alphas[i] = a;
                const pb::PruningPlan p = explicitPlan(c, target, fine, coarse, alphas);
                if (p.layers[i].attention_keep == start_plan.layers[i].attention_keep &&
                    p.layers[i].mlp_keep == start_plan.layers[i].mlp_keep)
                    continue;  // the start's own cut
                tested[i] = true;
                const double l = lossOf(*m.model, p, calib);
                if (lower(l, best_loss)) best_loss = l, expect[i] = a;
            }
            moved += expect[i] != start ? 1 : 0;
        }
        // 3. the fused plan, or the fallback.
        const double fused_loss = moved ? lossOf(*m.model, explicitPlan(c, target, fine, coarse, expect), calib) : start_loss;
        const bool fell_back = fused_loss > start_loss;

        pb::ScoreOptions o;
        o.criterion = pb::Criterion::Fusion;
        o.fusion_plan = target;
        const pb::WidthScores s = pb::scoreWidth(*m.model, calib, o);
        ASSERT_TRUE(s.fusion.has_value());
        const pb::FusionReport& r = *s.fusion;
        EXPECT_NEAR(r.loss_element1, l1, 1e-5 * l1) << ratio;
        EXPECT_NEAR(r.loss_vector, l0, 1e-5 * l0) << ratio;
        EXPECT_EQ(r.start_alpha, start) << ratio;
        EXPECT_EQ(r.layers_moved, moved) << ratio;
        EXPECT_NEAR(r.loss_fused, fused_loss, 1e-5 * fused_loss) << ratio;
        EXPECT_EQ(r.fell_back, fell_back) << ratio;
        EXPECT_EQ(s.fusion_alpha, fell_back ? std::vector<double>(L, start) : expect) << ratio;
        EXPECT_EQ(r.probe_samples, calib.samples());
        // The scores cut what the search measured.
        const pb::PruningPlan resolved = pb::resolvePlan(c, target, s);
        const pb::PruningPlan want = explicitPlan(c, target, fine, coarse, s.fusion_alpha);
        for (size_t i = 0; i < L; ++i) {
            EXPECT_EQ(resolved.layers[i].attention_keep, want.layers[i].attention_keep) << ratio << " layer " << i;
            EXPECT_EQ(resolved.layers[i].mlp_keep, want.layers[i].mlp_keep) << ratio << " layer " << i;
        }
        EXPECT_EQ(r.tested, tested) << ratio;
        EXPECT_TRUE(tested[0]) << "48 channels: the grid's mixes cut them differently";
    }
}

TEST(Fusion, TheEndpointsAreTheInputs) {
    pb::LoadedModel m = fixture();
    const pb::ModelConfig& c = m.config;
    const pb::Calibration calib = calibration();
    const pb::WidthScores fine = scores(*m.model, calib, pb::Criterion::TaylorElement1);
    const pb::WidthScores coarse = scores(*m.model, calib, pb::Criterion::TaylorVector);
    for (pb::AttentionUnit unit : {pb::AttentionUnit::Group, pb::AttentionUnit::Head}) {
        pb::PruningPlan target = pb::uniformWidthPlan(c, 0.35, 0.35, 0, -1, unit);
        target.attention_unit = unit;
        const pb::PruningPlan by_fine = pb::resolvePlan(c, target, fine), by_coarse = pb::resolvePlan(c, target, coarse);
        for (size_t i = 0; i < c.layers.size(); ++i) {
            EXPECT_EQ(pb::fusionMix(fine.mlp[i], coarse.mlp[i], 1.0), fine.mlp[i]) << "alpha 1 is element1 exactly";
            for (double alpha : {1.0, 0.0}) {
                const pb::PruningPlan& in = alpha == 1.0 ? by_fine : by_coarse;
                const pb::FusionMask mask = pb::fusionMask(c, target, fine, coarse, i, alpha);
                const pb::LayerDims& d = c.layers[i];
                std::vector<int64_t> kept_heads, kept_channels;  // what the mask leaves
                for (int64_t h = 0; h < d.n_heads; ++h)
                    if (std::find(mask.heads.begin(), mask.heads.end(), h) == mask.heads.end()) kept_heads.push_back(h);
                for (int64_t k = 0; k < d.ffn; ++k)
                    if (std::find(mask.channels.begin(), mask.channels.end(), k) == mask.channels.end()) kept_channels.push_back(k);
                std::vector<int64_t> want_heads;  // the input plan's kept query heads
                const int64_t g = d.n_heads / d.n_kv_heads;
                if (!in.layers[i].attention_keep) {
                    want_heads.resize(size_t(d.n_heads));
                    std::iota(want_heads.begin(), want_heads.end(), 0);
                } else if (unit == pb::AttentionUnit::Head) {
                    want_heads = *in.layers[i].attention_keep;
                } else {
                    for (int64_t grp : *in.layers[i].attention_keep)
                        for (int64_t h = 0; h < g; ++h) want_heads.push_back(grp * g + h);
                }
                EXPECT_EQ(kept_heads, want_heads) << "layer " << i << " alpha " << alpha;
                EXPECT_EQ(kept_channels, in.layers[i].mlp_keep.value_or(kept_channels)) << "layer " << i << " alpha " << alpha;
            }
        }
    }
}

TEST(Fusion, TheFusedPlanLosesNoMoreThanEitherInput) {
    pb::LoadedModel m = fixture();
    const pb::Calibration calib = calibration();
    for (pb::AttentionUnit unit : {pb::AttentionUnit::Group, pb::AttentionUnit::Head})
        for (double ratio : {0.2, 0.35}) {
            pb::PruningPlan plan = pb::uniformWidthPlan(m.config, ratio, ratio, 0, -1, unit);
            plan.attention_unit = unit;
            double inputs = 1e300;
            for (pb::Criterion k : {pb::Criterion::TaylorElement1, pb::Criterion::TaylorVector}) {
                pb::ScoreOptions o;
                o.criterion = k;
                inputs = std::min(inputs, lossOf(*m.model, pb::prune(*m.model, plan, calib, o).plan, calib));
            }
            pb::ScoreOptions o;
            o.criterion = pb::Criterion::Fusion;
            const pb::PruneResult fused = pb::prune(*m.model, plan, calib, o);  // prune passes its plan to fusion
            ASSERT_TRUE(fused.last_scores.fusion.has_value());
            EXPECT_EQ(fused.last_scores.fusion->attention_unit, unit);
            EXPECT_LE(lossOf(*m.model, fused.plan, calib), inputs + 1e-5 * inputs)
                << pb::attentionUnitName(unit) << " " << ratio;
        }
}

namespace {

// Losses made up so that every layer's other cuts look better, but the fused plan loses.
class LosingFusion final : public pb::FusionLosses {
public:
    int plan_calls = 0;
    std::vector<double> planLosses(const std::vector<std::vector<pb::FusionMask>>& plans) override {
        ++plan_calls;
        if (plans.size() == 2) return {2.0, 3.0};  // element1's plan is the better input
        return {2.5};                             // the fused plan
    }
    std::vector<std::vector<double>> layerLosses(const std::vector<pb::FusionMask>&,
                                                 const std::vector<pb::FusionCandidates>& cands,
                                                 const std::vector<std::vector<bool>>&) override {
        std::vector<std::vector<double>> out;
        for (const auto& k : cands) out.push_back(std::vector<double>(k.masks.size(), 1.0));
        return out;
    }
};

} // namespace

TEST(Fusion, AFusedPlanThatLosesFallsBackToTheBetterInput) {
    pb::LoadedModel m = fixture();
    const pb::Calibration calib = calibration();
    const pb::WidthScores fine = scores(*m.model, calib, pb::Criterion::TaylorElement1);
    const pb::WidthScores coarse = scores(*m.model, calib, pb::Criterion::TaylorVector);
    const pb::PruningPlan target = pb::fusionTarget(m.config, std::nullopt);
    EXPECT_EQ(target.layers[0].mlp_ratio, pb::kFusionDefaultRatio);
    LosingFusion losses;
    const pb::WidthScores s = pb::fuseScores(m.config, target, fine, coarse, losses, 6);
    EXPECT_EQ(losses.plan_calls, 2);
    ASSERT_TRUE(s.fusion.has_value());
    EXPECT_TRUE(s.fusion->fell_back);
    EXPECT_GT(s.fusion->layers_moved, 0);
    EXPECT_EQ(s.fusion->loss_fused, 2.5);
    EXPECT_EQ(s.fusion_alpha, std::vector<double>(3, 1.0));
    EXPECT_EQ(s.mlp, fine.mlp) << "the fallback is element1's scores exactly";
    EXPECT_EQ(s.attention_groups, fine.attention_groups);
    pb::PruningPlan with_drop = target;  // a block the plan drops whole: no alpha changes its cut
    with_drop.dropped_blocks = {1};
    EXPECT_TRUE(pb::fusionMask(m.config, with_drop, fine, coarse, 1, 0.5).empty());
    EXPECT_FALSE(pb::fusionMask(m.config, with_drop, fine, coarse, 0, 0.5).empty());
    pb::PruningPlan bad = target;
    bad.layers.resize(1);
    EXPECT_THROW(pb::fusionTarget(m.config, bad), pb::Error);
}
