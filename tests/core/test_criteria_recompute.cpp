// Every criterion's scores against an independent recomputation on a fixture model: the
// formula restated with plain torch ops on weights, gradients taken by autograd and hidden
// states taken block by block (runBlock), not through the scorers' own code paths. Taylor
// element¹/vector/vector-slice/element² on KV groups and magnitude aggregations are in
// test_importance.cpp; FLAP in test_flap.cpp; this file covers what those leave out (query
// heads, every layer, taylor_mix, random, Wanda-sp on attention, and the block criteria).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/bench/random_model.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/criteria.h"
#include "core/plan/scores.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"

namespace {

// tiny_llama: 2 layers, hidden 32, 4 query heads / 2 KV heads of head_dim 8, ffn 48.
constexpr int64_t kHd = 8, kG = 2;

struct Fixture {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    pb::Calibration calib{(torch::arange(48, torch::kInt64) * 37 + 7).remainder(256).view({4, 12})};
};

std::string layerName(size_t l, const std::string& t) { return "model.layers." + std::to_string(l) + "." + t; }

// Per-tensor element scores -> one query head's score (rows of q_proj, columns of o_proj, as
// the graph's QueryHead group), one KV group's (q rows of its heads, k/v rows, o columns) and
// one MLP channel's (gate/up row, down column), each member summed over its slice.
struct Reduce {
    const std::map<std::string, torch::Tensor>& e;
    size_t l;
    double slice(const std::string& t, int dim, int64_t start, int64_t len) const {
        return e.at(layerName(l, t)).narrow(dim, start, len).sum().item<double>();
    }
    double head(int64_t h) const {
        return slice("self_attn.q_proj.weight", 0, h * kHd, kHd) + slice("self_attn.o_proj.weight", 1, h * kHd, kHd);
    }
    double group(int64_t j) const {
        return slice("self_attn.q_proj.weight", 0, j * kG * kHd, kG * kHd) + slice("self_attn.k_proj.weight", 0, j * kHd, kHd) +
               slice("self_attn.v_proj.weight", 0, j * kHd, kHd) + slice("self_attn.o_proj.weight", 1, j * kG * kHd, kG * kHd);
    }
    double channel(int64_t c) const {
        return slice("mlp.gate_proj.weight", 0, c, 1) + slice("mlp.up_proj.weight", 0, c, 1) + slice("mlp.down_proj.weight", 1, c, 1);
    }
};

void expectAllUnits(const pb::WidthScores& s, const std::map<std::string, torch::Tensor>& e, double rel,
                    const std::string& what) {
    for (size_t l = 0; l < 2; ++l) {
        const Reduce r{e, l};
        for (int64_t h = 0; h < 4; ++h) {
            const double want = r.head(h);
            EXPECT_NEAR(s.attention_heads[l][size_t(h)], want, rel * std::abs(want) + 1e-9) << what << " layer " << l << " head " << h;
        }
        for (int64_t j = 0; j < 2; ++j) {
            const double want = r.group(j);
            EXPECT_NEAR(s.attention_groups[l][size_t(j)], want, rel * std::abs(want) + 1e-9) << what << " layer " << l << " group " << j;
        }
        for (int64_t c = 0; c < 48; ++c) {
            const double want = r.channel(c);
            EXPECT_NEAR(s.mlp[l][size_t(c)], want, rel * std::abs(want) + 1e-9) << what << " layer " << l << " channel " << c;
        }
    }
}

// dL/dW of the mean calibration loss over `ids`, by autograd.
std::map<std::string, torch::Tensor> gradients(pb::LlamaModel& model, const torch::Tensor& ids) {
    auto named = model.namedTensors();
    for (auto& [n, t] : named) t.requires_grad_(true);
    pb::calibrationLoss(model, ids).backward();
    std::map<std::string, torch::Tensor> g;
    for (auto& [n, t] : named) {
        g[n] = t.grad().to(torch::kFloat64).clone();
        t.mutable_grad() = torch::Tensor();
        t.requires_grad_(false);
    }
    return g;
}

pb::WidthScores width(Fixture& f, pb::Criterion c, int64_t batch = 2) {
    pb::ScoreOptions o;
    o.criterion = c;
    o.batch = batch;
    return pb::scoreWidth(*f.m.model, f.calib, o);
}

pb::BlockScores blocks(pb::LlamaModel& m, const pb::Calibration& calib, pb::Criterion c, int64_t sleb_steps = 0) {
    pb::ScoreOptions o;
    o.criterion = c;
    o.sleb_steps = sleb_steps;
    return pb::scoreBlocks(m, calib, o);
}

// The hidden state entering every block and the last block's output, block by block: [L+1] of [B, T, H].
std::vector<torch::Tensor> hiddenStates(const pb::LlamaModel& m, const torch::Tensor& ids) {
    torch::NoGradGuard ng;
    std::vector<torch::Tensor> h = {pb::embedTokens(m.config, m.embed, ids)};
    for (size_t i = 0; i < m.layers.size(); ++i) h.push_back(m.runBlock(i, h.back()));
    return h;
}

// Mean next-token loss with the blocks in `skip` bypassed, from runBlock and logitsOf alone.
double lossWithout(const pb::LlamaModel& m, const torch::Tensor& ids, const std::vector<bool>& skip) {
    torch::NoGradGuard ng;
    torch::Tensor h = pb::embedTokens(m.config, m.embed, ids);
    for (size_t i = 0; i < m.layers.size(); ++i)
        if (!skip[i]) h = m.runBlock(i, h);
    const torch::Tensor logits = m.logitsOf(h);  // [B, T, V]
    const int64_t T = ids.size(1);
    auto logp = torch::log_softmax(logits.narrow(1, 0, T - 1).to(torch::kFloat64), -1);
    return -logp.gather(-1, ids.narrow(1, 1, T - 1).unsqueeze(-1)).mean().item<double>();
}

} // namespace

TEST(CriteriaRecompute, MagnitudeL1AndL2OnEveryUnit) {
    Fixture f;
    std::map<std::string, torch::Tensor> abs_w, sq_w;
    for (const auto& [n, t] : f.m.model->namedTensors()) {
        abs_w[n] = t.to(torch::kFloat64).abs();
        sq_w[n] = t.to(torch::kFloat64).square();
    }
    expectAllUnits(width(f, pb::Criterion::L1), abs_w, 1e-5, "l1");
    expectAllUnits(width(f, pb::Criterion::L2), sq_w, 1e-5, "l2");
}

// random: scores of l1's shapes, uniform in [0, 1), a function of the seed alone (not of the
// calibration or the model's weights), and different units get different numbers.
TEST(CriteriaRecompute, RandomIsAFunctionOfTheSeedAlone) {
    Fixture f;
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::Random;
    o.seed = 11;
    const pb::WidthScores a = pb::scoreWidth(*f.m.model, f.calib, o);
    pb::Calibration other{torch::zeros({2, 12}, torch::kInt64)};
    pb::LoadedModel m2 = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    {
        torch::NoGradGuard ng;
        m2.model->layers[0].wq.mul_(3.0);
    }
    const pb::WidthScores b = pb::scoreWidth(*m2.model, other, o);
    EXPECT_EQ(a.mlp, b.mlp);
    EXPECT_EQ(a.attention_groups, b.attention_groups);
    EXPECT_EQ(a.attention_heads, b.attention_heads);
    std::vector<double> all;
    for (const auto* v : {&a.mlp, &a.attention_groups, &a.attention_heads})
        for (const auto& layer : *v) all.insert(all.end(), layer.begin(), layer.end());
    ASSERT_EQ(all.size(), size_t(2 * (48 + 2 + 4)));
    for (double x : all) EXPECT_TRUE(x >= 0.0 && x < 1.0) << x;
    std::sort(all.begin(), all.end());
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "ties in random scores";
    o.seed = 12;
    EXPECT_NE(pb::scoreWidth(*f.m.model, f.calib, o).mlp, a.mlp);
}

TEST(CriteriaRecompute, TaylorElementFirstOrderOnEveryUnit) {
    Fixture f;
    const auto g = gradients(*f.m.model, f.calib.ids);
    std::map<std::string, torch::Tensor> e;
    for (const auto& [n, t] : f.m.model->namedTensors()) e[n] = (g.at(n) * t.to(torch::kFloat64)).abs();
    expectAllUnits(width(f, pb::Criterion::TaylorElement1, 4), e, 1e-4, "element1 one pass");
    expectAllUnits(width(f, pb::Criterion::TaylorElement1, 2), e, 1e-4, "element1 two micro-batches");
}

// Element² and the mix from per-sample gradients: F = mean_j g_j², g = mean_j g_j;
// element² sums W²F, taylor_mix sums |g·W − ½·W²F|.
TEST(CriteriaRecompute, TaylorSecondOrderAndMixOnEveryUnit) {
    Fixture f;
    const int64_t N = f.calib.samples();
    std::map<std::string, torch::Tensor> fisher, mean_g;
    for (int64_t j = 0; j < N; ++j)
        for (const auto& [n, gj] : gradients(*f.m.model, f.calib.ids.narrow(0, j, 1))) {
            fisher[n] = fisher.count(n) ? fisher[n] + gj.square() / double(N) : gj.square() / double(N);
            mean_g[n] = mean_g.count(n) ? mean_g[n] + gj / double(N) : gj / double(N);
        }
    std::map<std::string, torch::Tensor> e2, mix;
    for (const auto& [n, t] : f.m.model->namedTensors()) {
        const auto w = t.to(torch::kFloat64);
        e2[n] = w.square() * fisher[n];
        mix[n] = (mean_g[n] * w - 0.5 * w.square() * fisher[n]).abs();
    }
    expectAllUnits(width(f, pb::Criterion::TaylorElement2), e2, 1e-4, "element2");
    expectAllUnits(width(f, pb::Criterion::TaylorMix), mix, 1e-4, "mix");
}

// LLM-Pruner's vector-wise form per query head too: Σ over q rows / o columns of |Σ_row g·W|;
// the slice form takes |Σ| over each member's whole slice.
TEST(CriteriaRecompute, TaylorVectorAndSliceOnQueryHeads) {
    Fixture f;
    const auto g = gradients(*f.m.model, f.calib.ids);
    const pb::WidthScores vec = width(f, pb::Criterion::TaylorVector, 4);
    const pb::WidthScores slice = width(f, pb::Criterion::TaylorVectorSlice, 4);
    for (size_t l = 0; l < 2; ++l) {
        auto gw = [&](const std::string& t) { return g.at(layerName(l, t)) * f.m.model->tensorByName(layerName(l, t))->to(torch::kFloat64); };
        const auto q = gw("self_attn.q_proj.weight"), o = gw("self_attn.o_proj.weight");  // [nh*hd, H], [H, nh*hd]
        for (int64_t h = 0; h < 4; ++h) {
            const auto qs = q.narrow(0, h * kHd, kHd), os = o.narrow(1, h * kHd, kHd);
            const double per_row = qs.sum(1).abs().sum().item<double>() + os.sum(0).abs().sum().item<double>();
            const double per_slice = std::abs(qs.sum().item<double>()) + std::abs(os.sum().item<double>());
            EXPECT_NEAR(vec.attention_heads[l][size_t(h)], per_row, 1e-4 * per_row + 1e-9) << l << " " << h;
            EXPECT_NEAR(slice.attention_heads[l][size_t(h)], per_slice, 1e-4 * per_slice + 1e-9) << l << " " << h;
        }
    }
}

// Wanda-sp on attention: a channel c of o_proj's input scores mean_i |W_ic| · ||X_c||₂ over the
// calibration tokens; a head sums its head_dim channels, a KV group its heads.
TEST(CriteriaRecompute, WandaSpOnHeadsGroupsAndChannels) {
    Fixture f;
    std::map<std::string, torch::Tensor> x_sq;
    {
        torch::NoGradGuard ng;
        f.m.model->forward(f.calib.ids, nullptr, [&](const std::string& n, const torch::Tensor& x) {
            if (n.ends_with("attn_out_in") || n.ends_with("down_in"))
                x_sq[n] = x.to(torch::kFloat64).square().sum(std::vector<int64_t>{0, 1});  // [C]
        });
    }
    const pb::WidthScores s = width(f, pb::Criterion::WandaSp);
    for (size_t l = 0; l < 2; ++l) {
        const std::string p = "layers." + std::to_string(l) + ".";
        const auto ch_attn = f.m.model->layers[l].wo.to(torch::kFloat64).abs().mean(0) * x_sq.at(p + "attn_out_in").sqrt();
        const auto ch_mlp = f.m.model->layers[l].w_down.to(torch::kFloat64).abs().mean(0) * x_sq.at(p + "down_in").sqrt();
        const auto heads = ch_attn.view({4, kHd}).sum(1);
        for (int64_t h = 0; h < 4; ++h)
            EXPECT_NEAR(s.attention_heads[l][size_t(h)], heads[h].item<double>(), 1e-5 * heads[h].item<double>());
        const auto groups = heads.view({2, kG}).sum(1);
        for (int64_t j = 0; j < 2; ++j)
            EXPECT_NEAR(s.attention_groups[l][size_t(j)], groups[j].item<double>(), 1e-5 * groups[j].item<double>());
        for (int64_t c = 0; c < 48; ++c)
            EXPECT_NEAR(s.mlp[l][size_t(c)], ch_mlp[c].item<double>(), 1e-5 * ch_mlp[c].item<double>() + 1e-12);
    }
}

// Block PPL: exp of the calibration loss with that block bypassed, for every block.
TEST(CriteriaRecompute, BlockPplIsThePerplexityWithoutEachBlock) {
    Fixture f;
    const pb::BlockScores s = blocks(*f.m.model, f.calib, pb::Criterion::BlockPpl);
    ASSERT_EQ(s.scores.size(), 2u);
    for (size_t b = 0; b < 2; ++b) {
        std::vector<bool> skip(2, false);
        skip[b] = true;
        const double want = std::exp(lossWithout(*f.m.model, f.calib.ids, skip));
        EXPECT_NEAR(s.scores[b], want, 1e-4 * want) << "block " << b;
    }
}

// Block Influence (ShortGPT): 1 − the mean over tokens of cos(h_in, h_out) of each block, from
// hidden states computed block by block.
TEST(CriteriaRecompute, BlockInfluenceIsOneMinusMeanCosine) {
    Fixture f;
    const auto h = hiddenStates(*f.m.model, f.calib.ids);
    const pb::BlockScores s = blocks(*f.m.model, f.calib, pb::Criterion::BlockBi);
    ASSERT_EQ(s.scores.size(), 2u);
    for (size_t b = 0; b < 2; ++b) {
        const auto a = h[b].to(torch::kFloat64), c = h[b + 1].to(torch::kFloat64);  // [B, T, H]
        const auto cos = (a * c).sum(-1) / (a.norm(2, -1) * c.norm(2, -1));
        const double want = 1.0 - cos.mean().item<double>();
        EXPECT_NEAR(s.scores[b], want, 1e-5) << "block " << b;
    }
}

// Block Taylor: Σ over the block's tensors of |g·W|; Taylor+ (the removal order with the
// first 4 and last 2 blocks protected) drops the lowest of the others.
TEST(CriteriaRecompute, BlockTaylorAndTaylorPlus) {
    pb::ModelConfig c = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama").config;
    c.layers.assign(8, c.layers[0]);
    auto m = pb::randomModel(c, torch::kCPU, torch::kFloat32, 5);
    pb::Calibration calib{(torch::arange(36, torch::kInt64) * 41 + 3).remainder(256).view({3, 12})};
    const auto g = gradients(*m, calib.ids);
    const pb::BlockScores s = blocks(*m, calib, pb::Criterion::BlockTaylor);
    ASSERT_EQ(s.scores.size(), 8u);
    std::vector<double> want(8, 0.0);
    for (const auto& [n, t] : m->namedTensors()) {
        if (n.rfind("model.layers.", 0) != 0) continue;
        const size_t l = std::stoul(n.substr(13, n.find('.', 13) - 13));
        want[l] += (g.at(n) * t.to(torch::kFloat64)).abs().sum().item<double>();
    }
    for (size_t b = 0; b < 8; ++b) EXPECT_NEAR(s.scores[b], want[b], 1e-4 * want[b]) << "block " << b;
    const std::vector<int64_t> dropped = pb::blocksToDrop(s, 1, 4, 2);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0], want[4] <= want[5] ? 4 : 5) << "only blocks 4 and 5 may go with Taylor+";
}

// SLEB: greedily, each step removes the remaining block (first and last kept) whose removal,
// with those already removed, gives the lowest calibration loss; recomputed step by step.
TEST(CriteriaRecompute, SlebIsTheGreedyRemovalOrder) {
    pb::ModelConfig c = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama").config;
    c.layers.assign(6, c.layers[0]);
    auto m = pb::randomModel(c, torch::kCPU, torch::kFloat32, 9);
    {  // blocks of distinct weight: a clear greedy order
        torch::NoGradGuard ng;
        for (size_t i = 0; i < 6; ++i) m->layers[i].wo.mul_(double(i + 1) * 20.0), m->layers[i].w_down.mul_(double(7 - i) * 20.0);
    }
    pb::Calibration calib{(torch::arange(36, torch::kInt64) * 43 + 1).remainder(256).view({3, 12})};
    const pb::BlockScores s = blocks(*m, calib, pb::Criterion::BlockSleb, 3);
    ASSERT_EQ(s.order.size(), 3u);
    std::vector<bool> skip(6, false);
    for (size_t step = 0; step < 3; ++step) {
        double best = 1e300;
        int64_t pick = -1;
        for (size_t b = 1; b + 1 < 6; ++b) {
            if (skip[b]) continue;
            skip[b] = true;
            const double loss = lossWithout(*m, calib.ids, skip);
            skip[b] = false;
            if (loss < best) best = loss, pick = int64_t(b);
        }
        EXPECT_EQ(s.order[step], pick) << "step " << step;
        skip[size_t(pick)] = true;
        EXPECT_EQ(s.scores[size_t(pick)], double(step)) << "removed earlier = less important";
    }
    for (size_t b : {size_t(0), size_t(5)}) EXPECT_EQ(std::count(s.order.begin(), s.order.end(), int64_t(b)), 0);
}
