// Each criterion against a direct recomputation on a tiny model (same batch).
#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/criteria.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/prune/streamed_taylor.h"
#include "core/util/error.h"

namespace {

struct Fixture {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    pb::Calibration calib{torch::randint(0, 256, {4, 12}, torch::TensorOptions().dtype(torch::kInt64))};
};

// Gradients of the mean loss over the whole batch, by plain autograd.
std::map<std::string, torch::Tensor> directGrads(pb::LlamaModel& model, const torch::Tensor& ids) {
    auto named = model.namedTensors();
    for (auto& [n, t] : named) t.requires_grad_(true);
    pb::calibrationLoss(model, ids).backward();
    std::map<std::string, torch::Tensor> g;
    for (auto& [n, t] : named) {
        g[n] = t.grad().clone();
        t.mutable_grad() = torch::Tensor();
        t.requires_grad_(false);
    }
    return g;
}

const std::string L0 = "model.layers.0.";

// Group j of layer 0 (g = 2 query heads of hd = 8 per KV head): rows/cols of each member.
double groupScore(const std::map<std::string, torch::Tensor>& per_tensor, int64_t j, bool vector) {
    auto part = [&](const std::string& n, int dim, int64_t start, int64_t len) {
        auto s = per_tensor.at(L0 + n).narrow(dim, start, len).sum().item<double>();
        return vector ? std::abs(s) : s;
    };
    return part("self_attn.q_proj.weight", 0, j * 16, 16) + part("self_attn.k_proj.weight", 0, j * 8, 8) +
           part("self_attn.v_proj.weight", 0, j * 8, 8) + part("self_attn.o_proj.weight", 1, j * 16, 16);
}

TEST(Importance, ElementFirstOrderIsSumOfAbsGradTimesWeight) {
    Fixture f;
    auto g = directGrads(*f.m.model, f.calib.ids);
    std::map<std::string, torch::Tensor> gw;
    for (auto& [n, t] : f.m.model->namedTensors()) gw[n] = (g[n] * t).abs();
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::TaylorElement1;
    o.batch = 2;  // accumulated over two micro-batches: must equal the one-batch gradient
    pb::WidthScores s = pb::scoreWidth(*f.m.model, f.calib, o);
    for (int64_t j = 0; j < 2; ++j) EXPECT_NEAR(s.attention_groups[0][j], groupScore(gw, j, false), 1e-4 * s.attention_groups[0][j]);
    const double mlp5 = gw[L0 + "mlp.gate_proj.weight"][5].sum().item<double>() +
                        gw[L0 + "mlp.up_proj.weight"][5].sum().item<double>() +
                        gw[L0 + "mlp.down_proj.weight"].select(1, 5).sum().item<double>();
    EXPECT_NEAR(s.mlp[0][5], mlp5, 1e-4 * mlp5);
    EXPECT_FALSE(f.m.model->layers[0].wq.requires_grad()) << "gradients must be switched off afterwards";
}

// LLM-Pruner's vector-wise Taylor (TaylorImportance, 'vectorize'): per output row of q/k/v
// (per input column of o_proj) salience = |Σ (W ⊙ ∇W)| over the row, then the rows of a
// head / KV group added. Recomputed here with plain torch ops from the direct gradients.
double llmPrunerVectorGroup(const std::map<std::string, torch::Tensor>& gw, int64_t j) {
    auto rows = [&](const std::string& n, int dim, int64_t start, int64_t len) {
        const torch::Tensor slice = gw.at(L0 + n).narrow(dim, start, len);  // [len, in] or [out, len]
        return slice.sum(dim == 0 ? 1 : 0).abs().sum().item<double>();  // Σ_rows |Σ_row g·W|
    };
    return rows("self_attn.q_proj.weight", 0, j * 16, 16) + rows("self_attn.k_proj.weight", 0, j * 8, 8) +
           rows("self_attn.v_proj.weight", 0, j * 8, 8) + rows("self_attn.o_proj.weight", 1, j * 16, 16);
}

// Signed g·W per tensor, from the gradients of the whole calibration batch.
std::map<std::string, torch::Tensor> signedGradTimesWeight(Fixture& f) {
    auto g = directGrads(*f.m.model, f.calib.ids);
    std::map<std::string, torch::Tensor> gw;
    for (auto& [n, t] : f.m.model->namedTensors()) gw[n] = g[n] * t;
    return gw;
}

TEST(Importance, VectorWiseIsLlmPrunersPerRowAbsOfSum) {
    Fixture f;
    auto gw = signedGradTimesWeight(f);
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::TaylorVector;
    for (const int64_t batch : {int64_t(4), int64_t(2)}) {  // streamed (one pass) and accumulated micro-batches
        o.batch = batch;
        pb::WidthScores s = pb::scoreWidth(*f.m.model, f.calib, o);
        for (int64_t j = 0; j < 2; ++j) {
            const double want = llmPrunerVectorGroup(gw, j);
            EXPECT_NEAR(s.attention_groups[0][j], want, 1e-4 * want + 1e-9) << "batch " << batch << " group " << j;
            // Not the per-slice |Σ over the whole head| (the earlier definition): Σ|·| ≥ |Σ·|, strictly here.
            EXPECT_GT(s.attention_groups[0][j], groupScore(gw, j, true) * (1 + 1e-3)) << "group " << j;
        }
        // An MLP channel is one row of gate/up and one column of down: |Σ| of each, added.
        const double mlp5 = std::abs(gw[L0 + "mlp.gate_proj.weight"][5].sum().item<double>()) +
                            std::abs(gw[L0 + "mlp.up_proj.weight"][5].sum().item<double>()) +
                            std::abs(gw[L0 + "mlp.down_proj.weight"].select(1, 5).sum().item<double>());
        EXPECT_NEAR(s.mlp[0][5], mlp5, 1e-4 * mlp5 + 1e-9);
    }
}

TEST(Importance, VectorSliceIsAbsOfSumPerMemberSlice) {
    Fixture f;
    auto gw = signedGradTimesWeight(f);
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::TaylorVectorSlice;
    for (const int64_t batch : {int64_t(4), int64_t(2)}) {
        o.batch = batch;
        pb::WidthScores s = pb::scoreWidth(*f.m.model, f.calib, o);
        for (int64_t j = 0; j < 2; ++j)
            EXPECT_NEAR(s.attention_groups[0][j], groupScore(gw, j, true), 1e-4 * s.attention_groups[0][j] + 1e-9);
    }
}

TEST(Importance, ElementSecondOrderUsesPerSampleFisher) {
    Fixture f;
    std::map<std::string, torch::Tensor> fisher;
    for (int64_t i = 0; i < 4; ++i) {
        auto g = directGrads(*f.m.model, f.calib.ids.narrow(0, i, 1));
        for (auto& [n, t] : g) fisher[n] = fisher.count(n) ? fisher[n] + t.square() / 4 : t.square() / 4;
    }
    std::map<std::string, torch::Tensor> wfw;
    for (auto& [n, t] : f.m.model->namedTensors()) wfw[n] = t.square() * fisher[n];
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::TaylorElement2;
    pb::WidthScores s = pb::scoreWidth(*f.m.model, f.calib, o);
    for (int64_t j = 0; j < 2; ++j) EXPECT_NEAR(s.attention_groups[0][j], groupScore(wfw, j, false), 1e-4 * s.attention_groups[0][j]);
}

TEST(Importance, MagnitudeAndAggregations) {
    Fixture f;
    std::map<std::string, torch::Tensor> absw;
    for (auto& [n, t] : f.m.model->namedTensors()) absw[n] = t.abs();
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::L1;
    pb::WidthScores sum = pb::scoreWidth(*f.m.model, f.calib, o);
    EXPECT_NEAR(sum.attention_groups[0][1], groupScore(absw, 1, false), 1e-4);
    o.aggregation = pb::Aggregation::Last;  // o_proj only
    pb::WidthScores last = pb::scoreWidth(*f.m.model, f.calib, o);
    EXPECT_NEAR(last.attention_groups[0][1], absw[L0 + "self_attn.o_proj.weight"].narrow(1, 16, 16).sum().item<double>(), 1e-4);
    o.aggregation = pb::Aggregation::Max;
    pb::WidthScores mx = pb::scoreWidth(*f.m.model, f.calib, o);
    EXPECT_LT(mx.mlp[0][3], sum.mlp[0][3]);
    EXPECT_GT(mx.mlp[0][3] * 3, sum.mlp[0][3] * 0.999);
    o.criterion = pb::Criterion::BlockBi;  // a block criterion where width units are scored: refused, naming the kind
    try {
        pb::scoreWidth(*f.m.model, f.calib, o);
        ADD_FAILURE() << "a block criterion scored width units";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("'block_bi' is a block criterion; width criteria are: random, l1"),
                  std::string::npos) << e.what();
    }
    o.criterion = pb::Criterion::L1;
    o.aggregation = pb::Aggregation::Sum;
    o.criterion = pb::Criterion::L2;
    pb::WidthScores l2 = pb::scoreWidth(*f.m.model, f.calib, o);
    const double down7 = f.m.model->layers[1].w_down.select(1, 7).square().sum().item<double>() +
                         f.m.model->layers[1].w_gate[7].square().sum().item<double>() +
                         f.m.model->layers[1].w_up[7].square().sum().item<double>();
    EXPECT_NEAR(l2.mlp[1][7], down7, 1e-5);
}

TEST(Importance, RandomIsSeededAndWandaMatchesItsDefinition) {
    Fixture f;
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::Random;
    o.seed = 3;
    EXPECT_EQ(pb::scoreWidth(*f.m.model, f.calib, o).mlp, pb::scoreWidth(*f.m.model, f.calib, o).mlp);
    o.seed = 4;
    auto other = pb::scoreWidth(*f.m.model, f.calib, o).mlp;
    o.seed = 3;
    EXPECT_NE(pb::scoreWidth(*f.m.model, f.calib, o).mlp, other);

    // Wanda-sp: mean_i |W_ic| * ||X_c|| for the input channel c of down_proj.
    torch::Tensor x_sq;
    {
        torch::NoGradGuard ng;
        f.m.model->forward(f.calib.ids, nullptr, [&](const std::string& n, const torch::Tensor& x) {
            if (n == "layers.1.down_in") x_sq = x.square().sum(std::vector<int64_t>{0, 1});
        });
    }
    o.criterion = pb::Criterion::WandaSp;
    pb::WidthScores w = pb::scoreWidth(*f.m.model, f.calib, o);
    const double expect = f.m.model->layers[1].w_down.select(1, 9).abs().mean().item<double>() * std::sqrt(x_sq[9].item<double>());
    EXPECT_NEAR(w.mlp[1][9], expect, 1e-4 * expect);
    o.criterion = pb::Criterion::Flap;
    pb::WidthScores fl = pb::scoreWidth(*f.m.model, f.calib, o);
    double mean = 0;
    for (double v : fl.mlp[0]) mean += v / double(fl.mlp[0].size());
    EXPECT_NEAR(mean, 0.0, 1e-9) << "FLAP scores are standardised per layer";
}

// Fusion: tests/core/test_fusion.cpp (the search against an independent recomputation).

TEST(Importance, BlockCriteria) {
    Fixture f;
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::BlockPpl;
    pb::BlockScores ppl = pb::scoreBlocks(*f.m.model, f.calib, o);
    std::vector<bool> skip = {true, false};
    torch::NoGradGuard ng;
    EXPECT_NEAR(ppl.scores[0], std::exp(pb::calibrationLoss(*f.m.model, f.calib.ids, &skip).item<double>()), 1e-3 * ppl.scores[0]);
    o.criterion = pb::Criterion::BlockBi;
    for (double b : pb::scoreBlocks(*f.m.model, f.calib, o).scores) EXPECT_TRUE(b > 0.0 && b < 2.0);
    o.criterion = pb::Criterion::BlockMagnitude;
    double mag0 = 0;
    for (const auto& [n, t] : f.m.model->namedTensors())
        if (n.rfind(L0, 0) == 0) mag0 += t.abs().sum().item<double>();
    EXPECT_NEAR(pb::scoreBlocks(*f.m.model, f.calib, o).scores[0], mag0, 1e-3);
    o.criterion = pb::Criterion::BlockTaylor;
    EXPECT_EQ(pb::scoreBlocks(*f.m.model, f.calib, o).scores.size(), 2u);
    o.criterion = pb::Criterion::TaylorElement1;
    EXPECT_THROW(pb::scoreBlocks(*f.m.model, f.calib, o), pb::Error);
}

TEST(Importance, SlebProtectsFirstAndLastBlocks) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama3");  // 3 layers
    pb::Calibration calib{torch::randint(0, 256, {2, 10}, torch::TensorOptions().dtype(torch::kInt64))};
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::BlockSleb;
    o.sleb_steps = 5;
    pb::BlockScores s = pb::scoreBlocks(*m.model, calib, o);
    ASSERT_EQ(s.order.size(), 1u);  // only the middle block may go
    EXPECT_EQ(s.order[0], 1);
}

TEST(Importance, EveryCatalogueCriterionRuns) {
    Fixture f;
    for (const auto& c : pb::criteria()) {
        pb::ScoreOptions o;
        o.criterion = c.id;
        if (c.depth) EXPECT_EQ(pb::scoreBlocks(*f.m.model, f.calib, o).scores.size(), 2u) << c.name;
        else EXPECT_EQ(pb::scoreWidth(*f.m.model, f.calib, o).mlp[1].size(), 48u) << c.name;
    }
}

} // namespace

// The streamed path (whole calibration set in one pass: each weight gradient reduced as it
// is formed) gives the scores of the gradient-buffer path, biases included (qwen2).
TEST(Importance, StreamedTaylorEqualsGradientBuffer) {
    for (const char* fixture : {"tiny_llama", "tiny_qwen2", "tiny_per_layer"}) {
        SCOPED_TRACE(fixture);
        pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/" + fixture);
        torch::manual_seed(7);
        pb::Calibration calib{torch::randint(0, 256, {4, 12}, torch::TensorOptions().dtype(torch::kInt64))};
        for (const pb::Criterion crit : {pb::Criterion::TaylorElement1, pb::Criterion::TaylorVector}) {
            SCOPED_TRACE(pb::criterionName(crit));
            pb::ScoreOptions o;
            o.criterion = crit;
            o.batch = 4;
            ASSERT_TRUE(pb::streamedTaylorApplies(calib, o));
            pb::WidthScores streamed = pb::scoreWidth(*m.model, calib, o);
            o.batch = 2;  // two micro-batches: the gradient-buffer path
            ASSERT_FALSE(pb::streamedTaylorApplies(calib, o));
            pb::WidthScores buffered = pb::scoreWidth(*m.model, calib, o);
            // Rounding differs with the summation order (one pass vs two micro-batches) by a
            // small fraction of the largest score of the layer; signed vector-wise sums can
            // cancel to far below that, so the tolerance follows the layer's scale.
            auto expectClose = [](const std::vector<double>& got, const std::vector<double>& want) {
                ASSERT_EQ(got.size(), want.size());
                double scale = 0.0;
                for (double v : want) scale = std::max(scale, std::abs(v));
                for (size_t u = 0; u < want.size(); ++u) EXPECT_NEAR(got[u], want[u], 1e-4 * scale + 1e-9) << "unit " << u;
            };
            ASSERT_EQ(streamed.mlp.size(), buffered.mlp.size());
            for (size_t l = 0; l < buffered.mlp.size(); ++l) {
                SCOPED_TRACE("layer " + std::to_string(l));
                expectClose(streamed.mlp[l], buffered.mlp[l]);
                expectClose(streamed.attention_groups[l], buffered.attention_groups[l]);
                expectClose(streamed.attention_heads[l], buffered.attention_heads[l]);
            }
            // weights untouched and without gradients afterwards
            for (auto& [n, t] : m.model->namedTensors()) EXPECT_FALSE(t.requires_grad()) << n;
        }
    }
}
