// LoRA recovery: zero-init identity, merge == unmerged, training lowers held-out loss,
// gradient checkpointing matches, PEFT files round trip, NaN stops cleanly, Alpaca masking.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/io/safetensors.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/recover/data.h"
#include "core/recover/lora.h"
#include "core/recover/train.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

pb::LoadedModel tiny(const std::string& name = "tiny_per_layer") {
    return pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/" + name);
}

torch::Tensor ids() {
    torch::manual_seed(3);
    return torch::randint(0, 256, {2, 12}, torch::TensorOptions().dtype(torch::kInt64));
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

void randomizeB(pb::LoraSet& l) {
    torch::manual_seed(11);
    torch::NoGradGuard ng;
    for (auto& layer : l.layers)
        for (auto& ab : layer)
            if (ab.defined()) ab.B.copy_(torch::randn_like(ab.B) * 0.1);
}

std::string patternText() {
    std::string s;
    for (int i = 0; i < 120; ++i) s += "the whale swims in the sea and the ship sails on. ";
    return s;
}

fs::path tempDir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("pb_lora_test_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    return d;
}

} // namespace

TEST(Lora, ZeroBLeavesOutputsUnchanged) {
    auto m = tiny();
    torch::NoGradGuard ng;
    auto x = ids();
    auto ref = m.model->forward(x);
    pb::LoraSet l = pb::LoraSet::create(*m.model, {});
    EXPECT_GT(l.parameterCount(), 0);
    pb::LoraAttachment att(*m.model, l);
    EXPECT_EQ(maxDiff(m.model->forward(x), ref), 0.0);
}

TEST(Lora, MergedAndUnmergedAgree) {
    auto m = tiny();
    torch::NoGradGuard ng;
    auto x = ids();
    pb::LoraSet l = pb::LoraSet::create(*m.model, {});
    randomizeB(l);
    torch::Tensor with;
    {
        pb::LoraAttachment att(*m.model, l);
        with = m.model->forward(x);
    }
    EXPECT_GT(maxDiff(with, m.model->forward(x)), 1e-3) << "the adapters change the output";
    pb::LlamaModel merged = *m.model;
    l.mergeInto(merged);
    EXPECT_LT(maxDiff(merged.forward(x), with), 1e-5);
    EXPECT_GT(maxDiff(m.model->forward(x), with), 1e-3) << "merging a copy leaves the original alone";
}

TEST(Lora, PeftFilesRoundTrip) {
    auto m = tiny();
    pb::LoraConfig cfg;
    cfg.rank = 4;
    cfg.alpha = 8;
    pb::LoraSet l = pb::LoraSet::create(*m.model, cfg);
    randomizeB(l);
    const fs::path dir = tempDir("peft");
    l.save(dir, "tiny_per_layer");
    std::ifstream cfg_in(dir / "adapter_config.json");
    auto j = nlohmann::json::parse(cfg_in);
    EXPECT_EQ(j["peft_type"], "LORA");
    EXPECT_EQ(j["task_type"], "CAUSAL_LM");
    EXPECT_EQ(j["r"], 4);
    EXPECT_EQ(j["lora_alpha"], 8.0);
    EXPECT_EQ(j["target_modules"].size(), 7u);
    auto f = pb::st::File::open(dir / "adapter_model.safetensors");
    // layer 1 of tiny_per_layer: 2 heads (hd 8), 1 kv head, ffn 20, hidden 32
    auto shape = [&](const std::string& n) { auto* t = f.find(n); return t ? t->shape : std::vector<int64_t>{}; };
    EXPECT_EQ(shape("base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight"), (std::vector<int64_t>{4, 32}));
    EXPECT_EQ(shape("base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight"), (std::vector<int64_t>{16, 4}));
    EXPECT_EQ(shape("base_model.model.model.layers.1.self_attn.k_proj.lora_B.weight"), (std::vector<int64_t>{8, 4}));
    EXPECT_EQ(shape("base_model.model.model.layers.1.self_attn.o_proj.lora_A.weight"), (std::vector<int64_t>{4, 16}));
    EXPECT_EQ(shape("base_model.model.model.layers.1.mlp.down_proj.lora_A.weight"), (std::vector<int64_t>{4, 20}));
    EXPECT_EQ(shape("base_model.model.model.layers.2.mlp.up_proj.lora_B.weight"), (std::vector<int64_t>{8, 4}));
    EXPECT_EQ(f.tensors().size(), 3u * 7u * 2u);
    pb::LoraSet back = pb::LoraSet::load(dir, *m.model);
    EXPECT_EQ(back.config.rank, 4);
    EXPECT_DOUBLE_EQ(back.config.scale(), 2.0);
    auto a = l.namedTensors(), b = back.namedTensors();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].first, b[i].first);
        EXPECT_EQ(maxDiff(a[i].second, b[i].second), 0.0);
    }
    // an adapter for another model's shapes is refused, naming the tensor
    auto other = tiny("tiny_llama");
    EXPECT_THROW(pb::LoraSet::load(dir, *other.model), pb::Error);
    fs::remove_all(dir);
}

TEST(Lora, ShortRunLowersHeldOutLoss) {
    auto m = tiny();
    auto all = pb::textWindows(*m.tokenizer, patternText(), 32);
    std::vector<pb::TrainExample> train, val;
    pb::splitExamples(all, 8, 1, train, val);
    pb::RecoverOptions o;
    o.lora.rank = 4;
    o.lora.dropout = 0.0;
    o.lr = 1e-2;
    o.steps = 30;
    o.micro_batch = 4;
    o.grad_accum = 2;
    o.warmup_steps = 3;
    o.eval_every = 10;
    std::vector<pb::LossPoint> curve;
    int progress_calls = 0;
    auto r = pb::recover(*m.model, train, val, o, [&](double, std::string_view) { return ++progress_calls, true; },
                         [&](const pb::LossPoint& p) { curve.push_back(p); });
    EXPECT_FALSE(r.stopped) << r.message;
    EXPECT_EQ(r.steps_done, 30);
    EXPECT_LT(r.final_val_loss, r.initial_val_loss - 0.3) << r.initial_val_loss << " -> " << r.final_val_loss;
    EXPECT_EQ(curve.size(), 31u);
    EXPECT_FALSE(std::isnan(curve[10].val_loss));
    EXPECT_TRUE(std::isnan(curve[5].val_loss));
    EXPECT_GT(progress_calls, 30);
    EXPECT_GT(r.tokens_per_s, 0.0);
    // the model itself is unchanged; merging gives the trained loss
    EXPECT_NEAR(pb::evaluationLoss(*m.model, nullptr, val), r.initial_val_loss, 1e-5);
    pb::LlamaModel merged = *m.model;
    r.adapters.mergeInto(merged);
    EXPECT_NEAR(pb::evaluationLoss(merged, nullptr, val), r.final_val_loss, 1e-4);
    for (const auto& p : r.adapters.parameters()) EXPECT_FALSE(p.requires_grad());
}

TEST(Lora, GradientCheckpointingGivesTheSameTraining) {
    auto m = tiny();
    auto all = pb::textWindows(*m.tokenizer, patternText(), 24);
    std::vector<pb::TrainExample> train(all.begin(), all.begin() + 8), val(all.begin() + 8, all.begin() + 10);
    pb::RecoverOptions o;
    o.lora.rank = 2;
    o.lora.dropout = 0.1;  // the recomputation must replay the same dropout masks
    o.lr = 1e-2;
    o.steps = 3;
    o.micro_batch = 2;
    auto plain = pb::recover(*m.model, train, val, o);
    o.grad_checkpoint = true;
    auto ckpt = pb::recover(*m.model, train, val, o);
    auto a = plain.adapters.namedTensors(), b = ckpt.adapters.namedTensors();
    ASSERT_EQ(a.size(), b.size());
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, maxDiff(a[i].second, b[i].second));
    EXPECT_LT(worst, 1e-5);
    EXPECT_NEAR(plain.final_train_loss, ckpt.final_train_loss, 1e-5);
    EXPECT_EQ(plain.recomputed_blocks, 0);
    EXPECT_EQ(ckpt.recomputed_blocks, 3 * 3) << "3 steps x 3 blocks, each recomputed once in backward";
}

TEST(Lora, NanStopsWithMessageAndKeepsLastGoodAdapters) {
    auto m = tiny();
    auto all = pb::textWindows(*m.tokenizer, patternText(), 32);
    std::vector<pb::TrainExample> train(all.begin(), all.begin() + 8), val(all.begin() + 8, all.begin() + 10);
    pb::RecoverOptions o;
    o.lr = 1e30;
    o.lora.dropout = 0.0;
    o.steps = 20;
    o.schedule = "constant";
    auto r = pb::recover(*m.model, train, val, o);
    EXPECT_TRUE(r.stopped);
    EXPECT_NE(r.message.find("NaN"), std::string::npos) << r.message;
    EXPECT_LT(r.steps_done, 20);
    for (const auto& p : r.adapters.parameters()) EXPECT_TRUE(torch::isfinite(p).all().item<bool>());
    EXPECT_TRUE(std::isfinite(r.final_val_loss));
}

TEST(Lora, AlpacaTemplateAndMasking) {
    auto m = tiny();
    pb::AlpacaRecord rec{"Say hi.", "", "hi"};
    EXPECT_EQ(pb::alpacaPrompt(rec, false),
              "Below is an instruction that describes a task. Write a response that appropriately completes the "
              "request.\n\n### Instruction:\nSay hi.\n\n### Response:\n");
    pb::AlpacaRecord rec2{"Add.", "1 2", "3"};
    EXPECT_NE(pb::alpacaPrompt(rec2).find("### Input:\n1 2\n\n### Response:\n3"), std::string::npos);
    auto ex = pb::alpacaExample(*m.tokenizer, rec, 256);
    auto user = m.tokenizer->encode(pb::alpacaPrompt(rec, false), true);
    ASSERT_GT(ex.ids.size(), user.size());
    for (size_t i = 0; i < user.size(); ++i) EXPECT_EQ(ex.labels[i], -100);
    for (size_t i = user.size(); i < ex.ids.size(); ++i) EXPECT_EQ(ex.labels[i], ex.ids[i]);
    EXPECT_EQ(ex.ids.back(), m.tokenizer->eosId());
    auto recs = pb::parseAlpaca("{\"instruction\": \"a\", \"output\": \"b\"}\n\n{\"instruction\": \"c\", \"input\": \"d\", \"output\": \"e\"}\n");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[1].input, "d");
    EXPECT_THROW(pb::parseAlpaca("[{\"input\": 3}]"), pb::Error);
}

TEST(Lora, Bf16BaseWithFloat32Adapters) {
    for (const std::string device : {"cpu", "cuda"}) {
        if (device == "cuda" && !torch::cuda::is_available()) continue;
        pb::LoadOptions lo;
        lo.device = device;
        lo.dtype = "bf16";
        auto m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_per_layer", lo);
        auto all = pb::textWindows(*m.tokenizer, patternText(), 32);
        std::vector<pb::TrainExample> train(all.begin(), all.begin() + 16), val(all.begin() + 16, all.begin() + 20);
        pb::RecoverOptions o;
        o.lora.rank = 4;
        o.lr = 1e-2;
        o.steps = 20;
        o.grad_checkpoint = device == "cuda";
        auto r = pb::recover(*m.model, train, val, o);
        SCOPED_TRACE(device);
        EXPECT_FALSE(r.stopped) << r.message;
        EXPECT_LT(r.final_val_loss, r.initial_val_loss - 0.2);
        for (const auto& p : r.adapters.parameters()) {
            EXPECT_EQ(p.scalar_type(), torch::kFloat32);
            EXPECT_EQ(p.device().type(), m.model->device().type());
        }
        r.adapters.mergeInto(*m.model);
        EXPECT_EQ(m.model->layers[1].wq.scalar_type(), torch::kBFloat16);
    }
}

// Writes an adapter with non-zero B for tiny_llama, the ids and the logits with the adapter
// into $PB_LORA_EXPORT, for a cross-check with Python PEFT (scripts are not part of the suite).
TEST(Lora, ExportForPeftCrossCheck) {
    const char* out = std::getenv("PB_LORA_EXPORT");
    if (!out) GTEST_SKIP() << "set PB_LORA_EXPORT=DIR to write the cross-check files";
    auto m = tiny("tiny_llama");
    pb::LoraConfig cfg;
    cfg.rank = 4;
    cfg.alpha = 8;
    pb::LoraSet l = pb::LoraSet::create(*m.model, cfg, 5);
    randomizeB(l);
    l.save(fs::path(out) / "adapter", "tiny_llama");
    torch::NoGradGuard ng;
    auto x = ids();
    torch::Tensor logits;
    {
        pb::LoraAttachment att(*m.model, l);
        logits = m.model->forward(x).contiguous();
    }
    auto xi = x.contiguous();
    pb::st::write(fs::path(out) / "expected.safetensors",
                  {{"ids", pb::st::DType::I64, xi.sizes().vec(), xi.data_ptr(), uint64_t(xi.numel()) * 8},
                   {"logits", pb::st::DType::F32, logits.sizes().vec(), logits.data_ptr(), uint64_t(logits.numel()) * 4}});
}

// On the GPU each micro-batch replays one recorded CUDA graph (core/recover/graphed_step): the
// same adapters and losses as the eager steps, also for a shorter batch padded to the recorded
// length and with gradient accumulation. (Dropout off: a replay draws its own masks.)
TEST(Lora, CudaGraphStepsTrainAsEagerSteps) {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    auto m = tiny();
    m.model->to(torch::Device("cuda"), torch::kFloat32);
    auto all = pb::textWindows(*m.tokenizer, patternText(), 24);
    std::vector<pb::TrainExample> train(all.begin(), all.begin() + 8), val(all.begin() + 8, all.begin() + 10);
    for (size_t i = 0; i < train.size(); i += 3) {  // some examples shorter: padded batches
        train[i].ids.resize(17);
        train[i].labels.resize(17);
    }
    pb::RecoverOptions o;
    o.lora.rank = 2;
    o.lora.dropout = 0.0;
    o.lr = 1e-2;
    o.steps = 4;
    o.micro_batch = 2;
    o.grad_accum = 2;
    setenv("PB_CUDA_GRAPHS", "0", 1);
    auto eager = pb::recover(*m.model, train, val, o);
    unsetenv("PB_CUDA_GRAPHS");
    auto graphed = pb::recover(*m.model, train, val, o);
    EXPECT_FALSE(eager.cuda_graph);
    ASSERT_TRUE(graphed.cuda_graph) << graphed.cuda_graph_note;
    auto a = eager.adapters.namedTensors(), b = graphed.adapters.namedTensors();
    ASSERT_EQ(a.size(), b.size());
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, maxDiff(a[i].second, b[i].second));
    EXPECT_LT(worst, 1e-5);
    ASSERT_EQ(eager.history.size(), graphed.history.size());
    for (size_t i = 1; i < eager.history.size(); ++i)
        EXPECT_NEAR(eager.history[i].train_loss, graphed.history[i].train_loss, 1e-5) << "step " << i;
    EXPECT_NEAR(eager.final_val_loss, graphed.final_val_loss, 1e-5);
}
