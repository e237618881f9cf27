// Hidden-size pruning (LLM-Pruner's channel strategy, PruningPlan::hidden_ratio): the hidden
// channel scores are the sum over every coupled weight (recomputed here from the tensors), the
// plan removes the least important channels from every tensor, and the Hugging Face and GGUF
// exports of the pruned model load back with the same perplexity.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <numeric>

#include "core/eval/perplexity.h"
#include "core/export/gguf_export.h"
#include "core/export/hf_export.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/prune/importance.h"
#include "core/prune/pruner.h"
#include "core/util/error.h"
#include "tests/base/temp_dir.h"

namespace {

const std::string kTiny = std::string(PB_FIXTURE_DIR) + "/models/tiny_llama";

pb::Calibration randomCalib(const pb::LoadedModel& m) {
    torch::manual_seed(11);
    return {torch::randint(0, m.config.vocab, {4, 16}, torch::TensorOptions().dtype(torch::kInt64))};
}

std::vector<int32_t> evalIds(const pb::LoadedModel& m) {
    torch::manual_seed(5);
    auto t = torch::randint(0, m.config.vocab, {3 * 32}, torch::TensorOptions().dtype(torch::kInt64));
    std::vector<int32_t> ids;
    for (int64_t i = 0; i < t.numel(); ++i) ids.push_back(static_cast<int32_t>(t[i].item<int64_t>()));
    return ids;
}

double ppl(const pb::LlamaModel& model, const std::vector<int32_t>& ids) {
    pb::PerplexityOptions o;
    o.seq_len = 32;
    return pb::perplexity(model, ids, o).ppl;
}

// Σ |W| over channel c of every tensor the residual stream runs through.
std::vector<double> l1ByHand(const pb::LlamaModel& m) {
    const int64_t H = m.config.hidden;
    torch::Tensor s = torch::zeros({H}, torch::kFloat64);
    auto cols = [&](const torch::Tensor& w) { s += w.abs().to(torch::kFloat64).sum(0); };  // [out, H]
    auto rows = [&](const torch::Tensor& w) { s += w.abs().to(torch::kFloat64).sum(1); };  // [H, in]
    auto vec = [&](const torch::Tensor& v) { s += v.abs().to(torch::kFloat64); };          // [H]
    cols(m.embed);
    for (const pb::LayerWeights& l : m.layers) {
        vec(l.attn_norm), cols(l.wq), cols(l.wk), cols(l.wv), rows(l.wo);
        vec(l.ffn_norm), cols(l.w_gate), cols(l.w_up), rows(l.w_down);
    }
    vec(m.final_norm);
    if (!m.config.tie_embeddings) cols(m.lm_head);
    return std::vector<double>(s.data_ptr<double>(), s.data_ptr<double>() + H);
}

TEST(HiddenPrune, L1ScoresSumEveryCoupledWeight) {
    pb::LoadedModel m = pb::loadModel(kTiny);
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::L1;
    o.score_hidden = true;
    const pb::WidthScores s = pb::scoreWidth(*m.model, randomCalib(m), o);
    const std::vector<double> expect = l1ByHand(*m.model);
    ASSERT_EQ(s.hidden.size(), expect.size());
    for (size_t c = 0; c < expect.size(); ++c) EXPECT_NEAR(s.hidden[c], expect[c], 1e-4 * expect[c]) << "channel " << c;
}

TEST(HiddenPrune, RemovesTheLeastImportantChannelsEverywhere) {
    pb::LoadedModel m = pb::loadModel(kTiny);
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0, 0);
    plan.hidden_ratio = 0.25;
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::L1;
    const pb::PruneResult r = pb::prune(*m.model, plan, randomCalib(m), o);
    ASSERT_TRUE(r.plan.hidden_keep);
    EXPECT_EQ(r.model->config.hidden, 24);
    // The kept channels are the 24 with the largest hand-computed L1 scores.
    const std::vector<double> s = l1ByHand(*m.model);
    std::vector<int64_t> idx(s.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) { return s[size_t(a)] > s[size_t(b)]; });
    idx.resize(24);
    std::sort(idx.begin(), idx.end());
    EXPECT_EQ(*r.plan.hidden_keep, idx);
    // Every tensor lost the channels: the embedding's columns and o_proj's rows are the kept ones.
    const auto keep = torch::tensor(idx, torch::kInt64);
    EXPECT_TRUE(torch::equal(r.model->embed, m.model->embed.index_select(1, keep)));
    EXPECT_TRUE(torch::equal(r.model->layers[1].wo, m.model->layers[1].wo.index_select(0, keep)));
    EXPECT_TRUE(torch::equal(r.model->final_norm, m.model->final_norm.index_select(0, keep)));
    EXPECT_EQ(r.params_after, r.model->config.totalParams());
    EXPECT_LT(r.macs_after, r.macs_before);
    // Core's count: the hidden-only plan removes what prunedConfig says.
    EXPECT_EQ(r.params_after, pb::prunedConfig(m.config, r.plan).totalParams());
}

TEST(HiddenPrune, ExportsLoadBackWithTheSamePerplexity) {
    pb::LoadedModel m = pb::loadModel(kTiny);
    pb::PruningPlan plan = pb::uniformWidthPlan(m.config, 0.5, 0.25);  // with width: both cuts in one model
    plan.hidden_ratio = 0.25;
    pb::ScoreOptions o;
    o.criterion = pb::Criterion::TaylorElement1;
    const pb::PruneResult r = pb::prune(*m.model, plan, randomCalib(m), o);
    ASSERT_EQ(r.model->config.hidden, 24);
    const std::vector<int32_t> ids = evalIds(m);
    const double before = ppl(*r.model, ids);
    EXPECT_NE(before, ppl(*m.model, ids));
    pbtest::TempDir dir("hidden_export");

    pb::HfExportOptions ho;
    ho.source = kTiny;
    pb::exportHuggingFace(*r.model, *m.tokenizer, dir.path() / "hf", ho);
    const pb::LoadedModel hf = pb::loadModel(dir.path() / "hf");
    EXPECT_EQ(hf.config.hidden, 24);
    EXPECT_EQ(hf.config.totalParams(), r.params_after);
    EXPECT_NEAR(ppl(*hf.model, ids), before, 1e-5 * before);

    pb::GgufExportOptions go;
    go.source = kTiny;
    pb::exportGguf(*r.model, *m.tokenizer, dir.path() / "pruned.gguf", go);
    const pb::LoadedModel gg = pb::loadModel(dir.path() / "pruned.gguf");
    EXPECT_EQ(gg.config.hidden, 24);
    EXPECT_EQ(gg.config.totalParams(), r.params_after);
    EXPECT_NEAR(ppl(*gg.model, ids), before, 1e-5 * before);
}

TEST(HiddenPrune, ParameterFractionRules) {
    const pb::LoadedModel m = pb::loadModel(kTiny);
    const double r = pb::hiddenRatioForParamFraction(m.config, 0.25);
    pb::PruningPlan p = pb::uniformWidthPlan(m.config, 0, 0);
    p.hidden_ratio = r;
    EXPECT_NEAR(pb::removedParamFraction(m.config, p), 0.25, 1.0 / 32);  // one channel is ~1/32 of the parameters
    // With a hidden cut, the width ratio for a target removes the rest.
    const double w = pb::widthRatioForParamFraction(m.config, 0.4, 0, 1, pb::AttentionUnit::Group, 1, 0.25);
    pb::PruningPlan both = pb::uniformWidthPlan(m.config, w, w, 0, 1);
    both.hidden_ratio = 0.25;
    EXPECT_NEAR(pb::removedParamFraction(m.config, both), 0.4, 0.05);
    EXPECT_THROW(pb::widthRatioForParamFraction(m.config, 0.1, 0, 1, pb::AttentionUnit::Group, 1, 0.5), pb::Error);
}

} // namespace
