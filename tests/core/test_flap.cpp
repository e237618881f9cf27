// FLAP as published (An et al., arXiv 2312.11983, and its reference code): the fluctuation
// metric recomputed from the activations, the bias compensation (the pruned projection keeps
// the dense one's mean output; every cut and export carries the biases), and the adaptive
// structure (one parameter-weighted threshold over standardised scores of all layers and modules).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/eval/perplexity.h"
#include "core/export/gguf_export.h"
#include "core/export/gguf_pruned.h"
#include "core/export/hf_export.h"
#include "core/io/gguf.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/adaptive_structure.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"
#include "core/prune/apply.h"
#include "core/prune/importance.h"
#include "core/prune/pruner.h"
#include "core/stream/streamed_model.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

const fs::path kTiny = fs::path(PB_FIXTURE_DIR) / "models" / "tiny_llama";  // 2 layers, 4 heads / 2 KV, hd 8, ffn 48

struct Fixture {
    pb::LoadedModel m = pb::loadModel(kTiny);
    pb::Calibration calib{(torch::arange(48, torch::kInt64) * 53 + 11).remainder(256).view({4, 12})};
    torch::Tensor x = (torch::arange(20, torch::kInt64) * 29 + 3).remainder(256).view({2, 10});
};

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

// The inputs of o_proj and down_proj of every layer over the calibration batch: [tokens, C] float64.
struct Inputs {
    std::vector<torch::Tensor> attn, mlp;
};
Inputs projectionInputs(const pb::LlamaModel& model, const torch::Tensor& ids) {
    Inputs in;
    in.attn.resize(model.layers.size());
    in.mlp.resize(model.layers.size());
    torch::NoGradGuard ng;
    model.forward(ids, nullptr, [&](const std::string& n, const torch::Tensor& x) {
        const size_t layer = std::stoul(n.substr(7, n.find('.', 7) - 7));
        auto flat = x.to(torch::kFloat64).reshape({-1, x.size(-1)});
        if (n.ends_with(".attn_out_in")) in.attn[layer] = flat;
        if (n.ends_with(".down_in")) in.mlp[layer] = flat;
    });
    return in;
}

std::vector<double> values(const torch::Tensor& t) {
    auto c = t.to(torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

void expectNear(const std::vector<double>& got, const torch::Tensor& want, double tol, const std::string& what) {
    ASSERT_EQ(int64_t(got.size()), want.numel()) << what;
    const std::vector<double> w = values(want);
    for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], w[k], tol * (1 + std::abs(w[k]))) << what << " " << k;
}

pb::ScoreOptions flapOptions() {
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::Flap;
    return o;
}

} // namespace

// S_j = Var_t(X_j) · ||W_:,j||² per input channel, squared for o_proj (the reference code's
// `W_metric ** 2`), standardised over the layer's channels with the sample std; a head is the
// mean of its channels, a KV group the mean of its heads. Means: the plain per-channel mean.
TEST(Flap, ScoresAreTheReferenceCodesFluctuationMetric) {
    Fixture f;
    const Inputs in = projectionInputs(*f.m.model, f.calib.ids);
    const pb::WidthScores s = pb::scoreWidth(*f.m.model, f.calib, flapOptions());
    auto standardised = [](const torch::Tensor& v) { return (v - v.mean()) / v.std(/*unbiased=*/true); };
    for (size_t l = 0; l < 2; ++l) {
        SCOPED_TRACE("layer " + std::to_string(l));
        const pb::LayerWeights& w = f.m.model->layers[l];
        const torch::Tensor var_a = in.attn[l].var(0, /*unbiased=*/false);  // [C]
        const torch::Tensor att = standardised((var_a * w.wo.to(torch::kFloat64).square().sum(0)).square());
        const torch::Tensor heads = att.view({4, 8}).mean(1);
        expectNear(s.attention_heads[l], heads, 1e-6, "head");
        expectNear(s.attention_groups[l], heads.view({2, 2}).mean(1), 1e-6, "group");
        const torch::Tensor var_m = in.mlp[l].var(0, false);
        expectNear(s.mlp[l], standardised(var_m * w.w_down.to(torch::kFloat64).square().sum(0)), 1e-6, "channel");
        expectNear(s.attn_input_mean[l], in.attn[l].mean(0), 1e-6, "o_proj input mean");
        expectNear(s.mlp_input_mean[l], in.mlp[l].mean(0), 1e-6, "down_proj input mean");
    }
}

// The first block's o_proj input is the same in the dense and the pruned model, so with the
// compensation the pruned o_proj's mean output over the calibration tokens is the dense one's,
// and its bias is W[:, removed] · mean[removed] recomputed from the activations.
TEST(Flap, BiasCompensationKeepsTheMeanOutput) {
    Fixture f;
    pb::PruningPlan plan = pb::uniformWidthPlan(f.m.config, 0.5, 0.0, 0, 0);  // layer 0's attention only
    const pb::PruneResult r = pb::prune(*f.m.model, plan, f.calib, flapOptions());
    ASSERT_TRUE(r.plan.compensatesBiases()) << "on by default for flap";
    ASSERT_EQ(r.plan.layers[0].attention_keep->size(), 1u);
    const int64_t kept = (*r.plan.layers[0].attention_keep)[0];
    EXPECT_TRUE(r.model->config.o_bias);
    EXPECT_FALSE(r.model->config.hasDownBias()) << "no MLP was cut";
    ASSERT_TRUE(r.model->layers[0].bo.defined());
    ASSERT_TRUE(r.model->layers[1].bo.defined()) << "every block carries the announced bias";
    EXPECT_EQ(r.model->layers[1].bo.abs().max().item<double>(), 0.0);

    const Inputs dense = projectionInputs(*f.m.model, f.calib.ids);
    const torch::Tensor wo = f.m.model->layers[0].wo.to(torch::kFloat64);  // [H, 32]
    const torch::Tensor removed_cols = torch::arange(16, torch::kInt64) + (1 - kept) * 16;
    const torch::Tensor want_bias = torch::mv(wo.index_select(1, removed_cols), dense.attn[0].mean(0).index_select(0, removed_cols));
    expectNear(values(r.model->layers[0].bo), want_bias, 1e-5, "bias");

    const Inputs pruned = projectionInputs(*r.model, f.calib.ids);
    torch::NoGradGuard ng;
    const torch::Tensor dense_out = torch::mm(dense.attn[0], wo.t()).mean(0);  // [H]
    const pb::LayerWeights& pw = r.model->layers[0];
    const torch::Tensor pruned_out =
        (torch::mm(pruned.attn[0], pw.wo.to(torch::kFloat64).t()) + pw.bo.to(torch::kFloat64)).mean(0);
    EXPECT_LT(maxDiff(pruned_out, dense_out), 1e-5);
    plan.bias_compensation = false;  // without it the mean shifts
    const pb::PruneResult off = pb::prune(*f.m.model, plan, f.calib, flapOptions());
    EXPECT_FALSE(off.model->config.o_bias);
    EXPECT_FALSE(off.model->layers[0].bo.defined());
    const torch::Tensor off_out = torch::mm(projectionInputs(*off.model, f.calib.ids).attn[0],
                                            off.model->layers[0].wo.to(torch::kFloat64).t()).mean(0);
    EXPECT_GT(maxDiff(off_out, dense_out), 100 * maxDiff(pruned_out, dense_out) + 1e-9);
}

TEST(Flap, MlpCompensationAndPlanReplay) {
    Fixture f;
    pb::PruningPlan plan = pb::uniformWidthPlan(f.m.config, 0.0, 0.25, 0, 0);  // layer 0's MLP only
    const pb::PruneResult r = pb::prune(*f.m.model, plan, f.calib, flapOptions());
    EXPECT_TRUE(r.model->config.down_bias);
    EXPECT_FALSE(r.model->config.mlp_bias);
    EXPECT_FALSE(r.model->config.o_bias);
    EXPECT_EQ(r.model->config.totalParams(), pb::prunedConfig(f.m.config, r.plan).totalParams());
    const Inputs dense = projectionInputs(*f.m.model, f.calib.ids);
    const Inputs pruned = projectionInputs(*r.model, f.calib.ids);
    const pb::LayerWeights& pw = r.model->layers[0];
    const torch::Tensor dense_out = torch::mm(dense.mlp[0], f.m.model->layers[0].w_down.to(torch::kFloat64).t()).mean(0);
    const torch::Tensor pruned_out =
        (torch::mm(pruned.mlp[0], pw.w_down.to(torch::kFloat64).t()) + pw.b_down.to(torch::kFloat64)).mean(0);
    EXPECT_LT(maxDiff(pruned_out, dense_out), 1e-5);

    // The plan carries the means: its JSON replays to the same model, and an edited plan
    // (one more channel removed) compensates that channel too.
    const nlohmann::json j = r.plan.toJson();
    ASSERT_EQ(j["layers"][0]["down_proj_input_mean"].size(), 48u);
    EXPECT_FALSE(j["layers"][1].contains("down_proj_input_mean")) << "only the layers the plan cuts";
    pb::PruningPlan replayed = pb::PruningPlan::fromJson(j);
    torch::NoGradGuard ng;
    EXPECT_EQ(maxDiff(pb::applyPlan(*f.m.model, replayed).forward(f.x), r.model->forward(f.x)), 0.0);
    replayed.layers[0].mlp_keep->erase(replayed.layers[0].mlp_keep->begin());
    const pb::LlamaModel edited = pb::applyPlan(*f.m.model, replayed);
    const torch::Tensor edited_out = (torch::mm(projectionInputs(edited, f.calib.ids).mlp[0],
                                                edited.layers[0].w_down.to(torch::kFloat64).t()) +
                                      edited.layers[0].b_down.to(torch::kFloat64)).mean(0);
    EXPECT_LT(maxDiff(edited_out, dense_out), 1e-5);
    replayed.bias_compensation = false;  // the switch wins over the means
    EXPECT_FALSE(pb::applyPlan(*f.m.model, replayed).layers[0].b_down.defined());
    // Means of the wrong length are refused with the layer named.
    nlohmann::json bad = j;
    bad["layers"][0]["down_proj_input_mean"] = std::vector<double>(7, 0.0);
    try {
        pb::PruningPlan::fromJson(bad).validate(f.m.config);
        ADD_FAILURE() << "accepted 7 means for 48 channels";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("layer 0 gives 7 down_proj input means"), std::string::npos) << e.what();
    }
}

// A criterion without activation statistics measures the means for the compensation when its
// plan asks for it; iterative plans keep each channel's mean from the step that removed it.
TEST(Flap, CompensationForOtherCriteriaAndIterativeSteps) {
    Fixture f;
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::L1;
    pb::PruningPlan plan = pb::uniformWidthPlan(f.m.config, 0.5, 0.5);
    EXPECT_FALSE(pb::prune(*f.m.model, plan, f.calib, o).model->config.o_bias) << "off by default for l1";
    plan.bias_compensation = true;
    const pb::PruneResult l1 = pb::prune(*f.m.model, plan, f.calib, o);
    EXPECT_TRUE(l1.model->config.o_bias && l1.model->config.down_bias);
    EXPECT_EQ(l1.plan.layers[1].o_proj_input_mean.size(), 32u);

    pb::PruningPlan steps = pb::uniformWidthPlan(f.m.config, 0.0, 0.5);
    steps.iterative_steps = 2;
    const pb::PruneResult it = pb::prune(*f.m.model, steps, f.calib, flapOptions());
    ASSERT_EQ(it.plan.layers[1].down_proj_input_mean.size(), 48u);
    for (double v : it.plan.layers[1].down_proj_input_mean) EXPECT_TRUE(std::isfinite(v));
    torch::NoGradGuard ng;
    EXPECT_EQ(maxDiff(pb::applyPlan(*f.m.model, it.plan).forward(f.x), it.model->forward(f.x)), 0.0);
}

class FlapExports : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("pb_flap_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    void TearDown() override { fs::remove_all(root_); }
    fs::path root_;
};

// Both exports carry the compensation biases and reload to the same logits and perplexity;
// streamed perplexity and the streamed GGUF writer cut with the same compensation.
TEST_F(FlapExports, ExportsAndStreamedPathsCarryTheBiases) {
    Fixture f;
    const pb::PruneResult r = pb::prune(*f.m.model, pb::uniformWidthPlan(f.m.config, 0.5, 0.5), f.calib, flapOptions());
    ASSERT_TRUE(r.model->config.o_bias && r.model->config.down_bias);
    std::vector<int32_t> ids;
    for (int64_t k = 0; k < 96; ++k) ids.push_back(int32_t((k * 71 + 5) % 256));
    pb::PerplexityOptions po;
    po.seq_len = 16;
    const double ppl = pb::perplexity(*r.model, ids, po).ppl;
    torch::NoGradGuard ng;
    const torch::Tensor logits = r.model->forward(f.x);

    // Hugging Face: transformers' attention_bias / mlp_bias, zero biases where the model has none.
    pb::HfExportOptions ho;
    ho.source = kTiny;
    pb::exportHuggingFace(*r.model, *f.m.tokenizer, root_ / "hf", ho);
    const nlohmann::json cfg = nlohmann::json::parse(std::ifstream(root_ / "hf" / "config.json"));
    EXPECT_TRUE(cfg["attention_bias"].get<bool>());
    EXPECT_TRUE(cfg["mlp_bias"].get<bool>());
    pb::LoadedModel hf = pb::loadModel(root_ / "hf");
    EXPECT_TRUE(hf.model->layers[0].bq.defined() && hf.model->layers[0].b_gate.defined());
    EXPECT_EQ(hf.model->layers[0].bq.abs().max().item<double>(), 0.0);
    EXPECT_LT(maxDiff(hf.model->forward(f.x), logits), 1e-5);
    EXPECT_NEAR(pb::perplexity(*hf.model, ids, po).ppl, ppl, 1e-6 * ppl);

    // GGUF: llama.cpp's optional blk.N.attn_output.bias and blk.N.ffn_down.bias.
    pb::GgufExportOptions go;
    go.source = kTiny;
    pb::exportGguf(*r.model, *f.m.tokenizer, root_ / "flap.gguf", go);
    const pb::gguf::File file = pb::gguf::File::open(root_ / "flap.gguf");
    for (int l : {0, 1})
        for (const char* t : {"attn_output.bias", "ffn_down.bias"})
            EXPECT_NE(file.findTensor("blk." + std::to_string(l) + "." + t), nullptr) << l << " " << t;
    EXPECT_EQ(file.findTensor("blk.0.attn_q.bias"), nullptr) << "llama.cpp takes each bias alone";
    EXPECT_EQ(file.findTensor("blk.0.ffn_gate.bias"), nullptr);
    pb::LoadedModel gg = pb::loadModel(root_ / "flap.gguf");
    EXPECT_TRUE(gg.config.o_bias && gg.config.down_bias && !gg.config.mlp_bias && !gg.config.qkv_bias);
    EXPECT_LT(maxDiff(gg.model->forward(f.x), logits), 1e-5);
    EXPECT_NEAR(pb::perplexity(*gg.model, ids, po).ppl, ppl, 1e-6 * ppl);

    // Streamed: perplexity of the plan cut block by block, and the GGUF written from the file.
    pb::StreamedModel streamed(kTiny);
    EXPECT_NEAR(streamed.perplexity(ids, po, &r.plan).ppl, ppl, 1e-6 * ppl);
    pb::GgufExportOptions dense_o;
    dense_o.source = kTiny;
    pb::exportGguf(*f.m.model, *f.m.tokenizer, root_ / "dense.gguf", dense_o);
    pb::writePrunedGguf(root_ / "dense.gguf", r.plan, root_ / "cut.gguf");
    pb::LoadedModel cut = pb::loadModel(root_ / "cut.gguf");
    EXPECT_LT(maxDiff(cut.model->forward(f.x), logits), 1e-5);
}

// AL-AM: units of every pruned layer and both modules in one pool, the lowest standardised
// scores removed first until the removed parameters reach the ratios' budget (closest), each
// unit weighted by its parameters; every unit removed scores at most every eligible unit kept.
TEST(Flap, AdaptiveRankingMeetsTheBudgetWithTheLowestScores) {
    pb::ModelConfig c = pb::loadModel(kTiny).config;
    c.layers = {c.layers[0], c.layers[0], c.layers[0], c.layers[0]};  // 4 layers of 4 heads / 2 KV groups, ffn 48
    c.layers[1].n_kv_heads = 4;  // 4 groups of 1 head
    pb::WidthScores s;
    s.criterion = pb::Criterion::Flap;
    uint64_t state = 12345;
    auto next = [&] { state = state * 6364136223846793005ull + 1442695040888963407ull; return double(state >> 11) / double(1ull << 53) * 4.0 - 2.0; };
    for (const pb::LayerDims& d : c.layers) {
        std::vector<double> g(size_t(d.n_kv_heads)), m(size_t(d.ffn));
        for (double& v : g) v = next();
        for (double& v : m) v = next();
        s.attention_groups.push_back(g);
        s.attention_heads.push_back(std::vector<double>(size_t(d.n_heads), 0.0));
        s.mlp.push_back(m);
    }
    s.mlp[2][5] = -50;  // far below everything: surely removed
    for (double& v : s.mlp[3]) v += 1.0;  // a layer that matters more: it keeps more channels
    pb::PruningPlan plan = pb::uniformWidthPlan(c, 0.3, 0.3, 1, 3);  // layer 0 kept whole
    plan.ranking = "adaptive";
    plan.bias_compensation = false;  // hand-made scores carry no activation means
    const pb::AdaptiveRemovals a = pb::adaptiveRemovals(c, plan, s);
    const int64_t unit_attn = pb::attentionUnitParams(c, 1), unit_mlp = pb::mlpChannelParams(c, 1);
    EXPECT_EQ(unit_mlp, 3 * 32);
    EXPECT_EQ(pb::attentionUnitParams(c, 0), (2 * 8 + 2 * 8 + 2 * 8) * 32) << "2 query heads, k, v, o columns";
    EXPECT_EQ(a.attention[0] + a.mlp[0], 0) << "a layer without ratios is not in the pool";
    EXPECT_LE(std::llabs(a.removed_params - a.target_params), std::max(unit_attn, pb::attentionUnitParams(c, 2)));
    int64_t target = 0;
    for (size_t i = 1; i < 4; ++i)
        target += pb::unitsRemoved(c.layers[i].n_kv_heads, 0.3, 1) * pb::attentionUnitParams(c, i) +
                  pb::unitsRemoved(48, 0.3, 1) * unit_mlp;
    EXPECT_EQ(a.target_params, target);

    const pb::PruningPlan r = pb::resolvePlan(c, plan, s);
    double max_removed = -1e9, min_kept = 1e9;
    int64_t removed_params = 0;
    std::set<double> mlp_ratios;
    for (size_t i = 1; i < 4; ++i) {
        const auto& keep_g = *r.layers[i].attention_keep;
        for (int64_t g = 0; g < c.layers[i].n_kv_heads; ++g) {
            const bool kept = std::count(keep_g.begin(), keep_g.end(), g) > 0;
            const double v = s.attention_groups[i][size_t(g)];
            if (!kept) max_removed = std::max(max_removed, v), removed_params += pb::attentionUnitParams(c, i);
            else if (int64_t(keep_g.size()) > 1) min_kept = std::min(min_kept, v);  // the last group may not go
        }
        const auto& keep_m = *r.layers[i].mlp_keep;
        mlp_ratios.insert(1.0 - double(keep_m.size()) / 48.0);
        for (int64_t ch = 0; ch < 48; ++ch) {
            const bool kept = std::binary_search(keep_m.begin(), keep_m.end(), ch);
            const double v = s.mlp[i][size_t(ch)];
            if (!kept) max_removed = std::max(max_removed, v), removed_params += unit_mlp;
            else min_kept = std::min(min_kept, v);
        }
    }
    EXPECT_EQ(removed_params, a.removed_params);
    EXPECT_LE(max_removed, min_kept) << "one threshold";
    EXPECT_FALSE(std::binary_search(r.layers[2].mlp_keep->begin(), r.layers[2].mlp_keep->end(), 5));
    EXPECT_GT(mlp_ratios.size(), 1u) << "each layer ends with its own ratio";
    EXPECT_FALSE(r.layers[0].mlp_keep.has_value());

    // Only FLAP's standardised scores compare across modules; heads per group and iterative
    // steps are not FLAP's structure.
    s.criterion = pb::Criterion::L1;
    EXPECT_THROW(pb::resolvePlan(c, plan, s), pb::Error);
    plan.attention_unit = pb::AttentionUnit::Head;
    EXPECT_THROW(plan.validate(c), pb::Error);
    plan.attention_unit = pb::AttentionUnit::Group;
    plan.iterative_steps = 2;
    EXPECT_THROW(plan.validate(c), pb::Error);
}

// End to end on the fixture: the adaptive plan removes about what the uniform one does.
TEST(Flap, AdaptivePruneOnTheModel) {
    Fixture f;
    pb::PruningPlan plan = pb::uniformWidthPlan(f.m.config, 0.5, 0.5);
    const pb::PruneResult uniform = pb::prune(*f.m.model, plan, f.calib, flapOptions());
    plan.ranking = "adaptive";
    const pb::PruneResult adaptive = pb::prune(*f.m.model, plan, f.calib, flapOptions());
    EXPECT_EQ(adaptive.plan.ranking, "adaptive");
    const double group = double(pb::attentionUnitParams(f.m.config, 0));
    EXPECT_NEAR(double(adaptive.params_after), double(uniform.params_after), group);
    EXPECT_TRUE(adaptive.model->config.o_bias || adaptive.model->config.down_bias);
    pb::ScoreOptions l1;
    l1.criterion = pb::Criterion::L1;
    int scored = 0;
    auto progress = [&](double, std::string_view s) { return scored += s == "scored", true; };
    EXPECT_THROW(pb::prune(*f.m.model, plan, f.calib, l1, progress), pb::Error);
    EXPECT_EQ(scored, 0) << "refused before scoring";
}
