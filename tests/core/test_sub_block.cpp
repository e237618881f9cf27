// Sub-block depth units (BlockPruner; core/plan/sub_block.h): every sub-block criterion against an
// independent recomputation on a fixture (the sub-block taken out by hand: its tensors dropped and
// its width set to 0 in a copy of the model, hidden states block by block through runBlock, the
// loss from logitsOf in float64, gradients by autograd), and the three ways of taking a sub-block
// out agreeing exactly: masked (MaskGuard), removed by hand, and cut by the plan (applyPlan).
#include <algorithm>
#include <cmath>
#include <map>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/bench/random_model.h"
#include "core/graph/plan_cut.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/sub_block.h"
#include "core/prune/apply.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/prune/masking.h"

namespace {

using pb::SubBlockPart;
using pb::SubBlockRef;

const std::string kTiny = std::string(PB_FIXTURE_DIR) + "/models/tiny_llama";  // 2 layers, hidden 32

pb::Calibration calibFor(int64_t n, int64_t mul) {
    return pb::Calibration{(torch::arange(n * 12, torch::kInt64) * mul + 7).remainder(256).view({n, 12})};
}

// A copy of `m` without the sub-blocks `gone`: their tensors undefined, their widths 0.
pb::LlamaModel removedByHand(const pb::LlamaModel& m, const std::vector<SubBlockRef>& gone) {
    pb::LlamaModel out = m;
    for (const SubBlockRef& s : gone) {
        pb::LayerDims& d = out.config.layers[size_t(s.layer)];
        pb::LayerWeights& w = out.layers[size_t(s.layer)];
        if (s.part == SubBlockPart::Attention) {
            d.n_heads = d.n_kv_heads = 0;
            w.attn_norm = w.wq = w.wk = w.wv = w.wo = w.bq = w.bk = w.bv = w.bo = torch::Tensor();
            w.q_norm = w.k_norm = w.post_attn_norm = torch::Tensor();
        } else {
            d.ffn = 0;
            w.ffn_norm = w.w_gate = w.w_up = w.w_down = w.b_gate = w.b_up = w.b_down = w.post_ffn_norm = torch::Tensor();
        }
    }
    out.checkShapes();
    return out;
}

// Block-by-block hidden states: [L+1] of [B, T, H].
std::vector<torch::Tensor> states(const pb::LlamaModel& m, const torch::Tensor& ids) {
    torch::NoGradGuard ng;
    std::vector<torch::Tensor> h = {pb::embedTokens(m.config, m.embed, ids)};
    for (size_t i = 0; i < m.layers.size(); ++i) h.push_back(m.runBlock(i, h.back()));
    return h;
}

double plainLoss(const pb::LlamaModel& m, const torch::Tensor& ids) {
    const torch::Tensor logits = m.logitsOf(states(m, ids).back());  // [B, T, V]
    const int64_t T = ids.size(1);
    auto logp = torch::log_softmax(logits.narrow(1, 0, T - 1).to(torch::kFloat64), -1);
    return -logp.gather(-1, ids.narrow(1, 1, T - 1).unsqueeze(-1)).mean().item<double>();
}

pb::SubBlockScores score(pb::LlamaModel& m, const pb::Calibration& calib, pb::Criterion c, int64_t steps = 0) {
    pb::ScoreOptions o;
    o.criterion = c;
    o.sleb_steps = steps;
    return pb::scoreSubBlocks(m, calib, o);
}

const std::vector<SubBlockRef> kTinyUnits = {
    {0, SubBlockPart::Attention}, {0, SubBlockPart::Mlp}, {1, SubBlockPart::Attention}, {1, SubBlockPart::Mlp}};

} // namespace

TEST(SubBlockCriteria, PplIsThePerplexityWithoutEachSubBlock) {
    pb::LoadedModel m = pb::loadModel(kTiny);
    const pb::Calibration calib = calibFor(4, 37);
    const pb::SubBlockScores s = score(*m.model, calib, pb::Criterion::BlockPpl);
    ASSERT_EQ(s.units, kTinyUnits);
    for (const SubBlockRef& u : kTinyUnits) {
        const double want = std::exp(plainLoss(removedByHand(*m.model, {u}), calib.ids));
        EXPECT_NEAR(s.scoreOf(u), want, 1e-4 * want) << pb::subBlockText(u);
    }
    EXPECT_NE(s.scoreOf(kTinyUnits[0]), s.scoreOf(kTinyUnits[1]));
}

// Block Influence of a sub-block: 1 - mean cos of the residual stream before and after it. The
// stream between the sublayers is block l of the model without its MLP (x + attention(x)).
TEST(SubBlockCriteria, InfluenceIsOneMinusMeanCosineAroundTheSubBlock) {
    pb::LoadedModel m = pb::loadModel(kTiny);
    const pb::Calibration calib = calibFor(4, 37);
    const auto h = states(*m.model, calib.ids);
    const pb::SubBlockScores s = score(*m.model, calib, pb::Criterion::BlockBi);
    auto bi = [](const torch::Tensor& a64, const torch::Tensor& b64) {
        const auto a = a64.to(torch::kFloat64), b = b64.to(torch::kFloat64);
        return 1.0 - ((a * b).sum(-1) / (a.norm(2, -1) * b.norm(2, -1))).mean().item<double>();
    };
    for (int64_t l = 0; l < 2; ++l) {
        torch::NoGradGuard ng;
        const pb::LlamaModel attn_only = removedByHand(*m.model, {{l, SubBlockPart::Mlp}});
        const torch::Tensor mid = attn_only.runBlock(size_t(l), h[size_t(l)]);  // [B, T, H]
        EXPECT_NEAR(s.scoreOf({l, SubBlockPart::Attention}), bi(h[size_t(l)], mid), 1e-5) << "layer " << l;
        EXPECT_NEAR(s.scoreOf({l, SubBlockPart::Mlp}), bi(mid, h[size_t(l) + 1]), 1e-5) << "layer " << l;
    }
}

// Taylor on a sub-block: the sum of |g·W| over its tensors (attention: input_layernorm, q/k/v/o;
// MLP: post_attention_layernorm, gate/up/down), g by autograd.
TEST(SubBlockCriteria, TaylorSumsFirstOrderTermsOfTheSubBlocksWeights) {
    pb::LoadedModel m = pb::loadModel(kTiny);
    const pb::Calibration calib = calibFor(3, 41);
    auto named = m.model->namedTensors();
    for (auto& [n, t] : named) t.requires_grad_(true);
    pb::calibrationLoss(*m.model, calib.ids).backward();
    std::map<std::pair<int64_t, bool>, double> want;  // (layer, attention?) -> sum
    for (auto& [n, t] : named) {
        if (n.rfind("model.layers.", 0) == 0) {
            const int64_t l = std::stoll(n.substr(13, n.find('.', 13) - 13));
            const bool attn = n.find("self_attn") != std::string::npos || n.find("input_layernorm") != std::string::npos;
            want[{l, attn}] += (t.grad().to(torch::kFloat64) * t.detach().to(torch::kFloat64)).abs().sum().item<double>();
        }
        t.mutable_grad() = torch::Tensor();
        t.requires_grad_(false);
    }
    const pb::SubBlockScores s = score(*m.model, calib, pb::Criterion::BlockTaylor);
    for (const SubBlockRef& u : kTinyUnits) {
        const double w = want.at({u.layer, u.part == SubBlockPart::Attention});
        EXPECT_NEAR(s.scoreOf(u), w, 1e-4 * w) << pb::subBlockText(u);
    }
    // The two sub-blocks of a block add up to block Taylor.
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::BlockTaylor;
    const pb::BlockScores b = pb::scoreBlocks(*m.model, calib, o);
    for (int64_t l = 0; l < 2; ++l)
        EXPECT_NEAR(s.scoreOf({l, SubBlockPart::Attention}) + s.scoreOf({l, SubBlockPart::Mlp}), b.scores[size_t(l)],
                    1e-4 * b.scores[size_t(l)]);
}

// BlockPruner: each step removes the sub-block whose removal, with those removed before, gives
// the lowest calibration loss; recomputed step by step on models cut by hand.
TEST(SubBlockCriteria, BlockPrunerIsTheGreedyRemovalOrder) {
    pb::ModelConfig c = pb::loadModel(kTiny).config;
    c.layers.assign(4, c.layers[0]);
    auto m = pb::randomModel(c, torch::kCPU, torch::kFloat32, 11);
    {  // sublayers of distinct weight: a clear greedy order
        torch::NoGradGuard ng;
        for (size_t i = 0; i < 4; ++i) m->layers[i].wo.mul_(double(i + 1) * 15.0), m->layers[i].w_down.mul_(double(5 - i) * 15.0);
    }
    const pb::Calibration calib = calibFor(3, 43);
    const pb::SubBlockScores s = score(*m, calib, pb::Criterion::BlockSleb, 4);
    ASSERT_EQ(s.order.size(), 4u);
    std::vector<SubBlockRef> gone;
    const std::vector<SubBlockRef> all = pb::subBlocksOf(c);
    for (size_t step = 0; step < 4; ++step) {
        double best = 1e300;
        SubBlockRef pick;
        for (const SubBlockRef& u : all) {
            if (std::find(gone.begin(), gone.end(), u) != gone.end()) continue;
            std::vector<SubBlockRef> trial = gone;
            trial.push_back(u);
            const double loss = plainLoss(removedByHand(*m, trial), calib.ids);
            if (loss < best) best = loss, pick = u;
        }
        EXPECT_EQ(pb::subBlockText(s.order[step]), pb::subBlockText(pick)) << "step " << step;
        EXPECT_EQ(s.scoreOf(pick), double(step)) << "removed earlier = less important";
        gone.push_back(pick);
    }
    EXPECT_EQ(pb::subBlockRemovalOrder(s).size(), all.size());
}

TEST(SubBlockCriteria, MagnitudeSumsTheSubBlocksWeights) {
    pb::LoadedModel m = pb::loadModel(kTiny);
    const pb::SubBlockScores s = score(*m.model, calibFor(2, 37), pb::Criterion::BlockMagnitude);
    const pb::LayerWeights& w = m.model->layers[1];
    const double attn = (w.attn_norm.abs().sum() + w.wq.abs().sum() + w.wk.abs().sum() + w.wv.abs().sum() +
                         w.wo.abs().sum()).item<double>();
    EXPECT_NEAR(s.scoreOf({1, SubBlockPart::Attention}), attn, 1e-5 * attn);
}

// Masking a sub-block, removing it by hand and cutting it by the plan give the same logits,
// bit for bit; the weights are as before once the mask goes.
TEST(SubBlockCut, MaskedRemovedAndCutGiveTheSameLogits) {
    for (const std::string fixture : {"tiny_llama", "tiny_qwen2", "tiny_gemma3"}) {
        pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/" + fixture);
        torch::NoGradGuard ng;
        const torch::Tensor ids = calibFor(2, 29).ids;
        const torch::Tensor before = m.model->forward(ids);
        for (const std::vector<SubBlockRef>& gone : std::vector<std::vector<SubBlockRef>>{
                 {{0, SubBlockPart::Attention}}, {{1, SubBlockPart::Mlp}}, {{0, SubBlockPart::Mlp}, {1, SubBlockPart::Attention}}}) {
            const std::string what = fixture + " without " + pb::subBlockListText(gone);
            torch::Tensor masked;
            {
                pb::MaskGuard mask(*m.model);
                for (const SubBlockRef& s : gone)
                    s.part == SubBlockPart::Attention ? mask.maskAttention(size_t(s.layer)) : mask.maskMlp(size_t(s.layer));
                masked = m.model->forward(ids);
            }
            EXPECT_TRUE(torch::equal(m.model->forward(ids), before)) << what << ": the mask is undone";
            const torch::Tensor by_hand = removedByHand(*m.model, gone).forward(ids);
            const pb::PruningPlan plan = pb::subBlockPlan(m.config, gone);
            const pb::LlamaModel cut = pb::applyPlan(*m.model, plan);
            EXPECT_EQ(cut.config.totalParams(), pb::prunedConfig(m.config, plan).totalParams()) << what;
            for (const SubBlockRef& s : gone) {
                const pb::LayerDims& d = cut.config.layers[size_t(s.layer)];
                EXPECT_EQ(s.part == SubBlockPart::Attention ? d.n_heads : d.ffn, 0) << what;
            }
            EXPECT_TRUE(torch::equal(masked, by_hand)) << what << ": masked vs removed, max diff "
                                                       << (masked - by_hand).abs().max().item<double>();
            EXPECT_TRUE(torch::equal(cut.forward(ids), by_hand)) << what << ": cut vs removed";
            EXPECT_FALSE(torch::equal(masked, before)) << what << ": removing it changes the logits";
        }
    }
}

// The graph's sub-block groups: a sub-block's tensors and nothing else go.
TEST(SubBlockCut, GraphGroupsDropExactlyTheSubBlocksTensors) {
    const pb::ModelConfig c = pb::loadModel(kTiny).config;
    const pb::DependencyGraph g = pb::buildDependencyGraph(c);
    const pb::GroupSpec* attn = g.find(pb::GroupKind::AttentionSublayer, 1);
    const pb::GroupSpec* mlp = g.find(pb::GroupKind::MlpSublayer, 1);
    ASSERT_TRUE(attn && mlp);
    EXPECT_EQ(attn->members.size(), 5u);  // norm, q, k, v, o
    EXPECT_EQ(mlp->members.size(), 4u);   // norm, gate, up, down
    pb::PruningPlan p = pb::subBlockPlan(c, {{1, SubBlockPart::Mlp}});
    const pb::PlanCut cut = pb::planCut(g, p);
    EXPECT_TRUE(cut.dropped_blocks.empty());
    for (const pb::TensorCut& t : cut.tensors) {
        const pb::TensorNode& n = g.nodes[size_t(t.node)];
        EXPECT_EQ(t.dropped, n.layer == 1 && pb::isMlpRole(n.role)) << n.name;
    }
}
