// Forward logits against Hugging Face transformers on tiny random checkpoints
// (tests/fixtures/models, made by tools/fixtures/make_tiny_models.py).
#include <cstring>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/io/safetensors.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"

namespace {

struct Reference {
    torch::Tensor ids;     // [2, 16] int64
    torch::Tensor logits;  // [2, 16, V] float32
};

torch::Tensor readTensor(const pb::st::File& f, const std::string& name, torch::ScalarType type) {
    const pb::st::TensorInfo* t = f.find(name);
    EXPECT_NE(t, nullptr) << name;
    auto out = torch::empty(t->shape, type);
    std::memcpy(out.data_ptr(), t->data, t->nbytes);
    return out;
}

Reference readReference(const std::string& dir) {
    pb::st::File f = pb::st::File::open(dir + "/reference.safetensors");
    return {readTensor(f, "input_ids", torch::kInt64), readTensor(f, "logits", torch::kFloat32)};
}

class ForwardReference : public ::testing::TestWithParam<std::string> {};

TEST_P(ForwardReference, MatchesTransformersInFloat32) {
    const std::string dir = std::string(PB_FIXTURE_DIR) + "/models/" + GetParam();
    pb::LoadedModel m = pb::loadModel(dir);
    Reference ref = readReference(dir);
    torch::NoGradGuard ng;
    auto logits = m.model->forward(ref.ids);  // [2, 16, V]
    ASSERT_EQ(logits.sizes(), ref.logits.sizes());
    const double diff = (logits - ref.logits).abs().max().item<double>();
    std::printf("[ fixture ] %s: max |logit difference| vs transformers (f32) = %.3g\n", GetParam().c_str(), diff);
    EXPECT_LT(diff, 1e-4);
}

TEST_P(ForwardReference, Bf16StaysCloseToFloat32) {
    const std::string dir = std::string(PB_FIXTURE_DIR) + "/models/" + GetParam();
    pb::LoadOptions o;
    o.dtype = "bf16";
    pb::LoadedModel m = pb::loadModel(dir, o);
    Reference ref = readReference(dir);
    torch::NoGradGuard ng;
    auto logits = m.model->forward(ref.ids);
    EXPECT_EQ(logits.scalar_type(), torch::kFloat32);
    const double diff = (logits - ref.logits).abs().max().item<double>();
    const double scale = ref.logits.abs().max().item<double>();
    EXPECT_LT(diff, 0.05 * scale + 0.05) << "bf16 logits drift too far: " << diff;
}

TEST_P(ForwardReference, KvCacheGivesTheSameLogitsAsOnePass) {
    const std::string dir = std::string(PB_FIXTURE_DIR) + "/models/" + GetParam();
    pb::LoadedModel m = pb::loadModel(dir);
    Reference ref = readReference(dir);
    torch::NoGradGuard ng;
    pb::KVCache cache;
    auto first = m.model->forward(ref.ids.narrow(1, 0, 10), &cache);   // prefill 10 tokens
    auto second = m.model->forward(ref.ids.narrow(1, 10, 4), &cache);  // 4 more at once (masked chunk)
    auto third = m.model->forward(ref.ids.narrow(1, 14, 1), &cache);   // then one
    auto stitched = torch::cat({first, second, third}, 1);             // [2, 15, V]
    EXPECT_EQ(cache.length(), 15);
    EXPECT_LT((stitched - ref.logits.narrow(1, 0, 15)).abs().max().item<double>(), 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ForwardReference,
                         ::testing::Values("tiny_llama", "tiny_qwen2", "tiny_llama3", "tiny_per_layer", "tiny_gemma3"));

// gemma3 as transformers 5 saves it: the fields that change the forward pass are read.
TEST(ForwardReference, Gemma3FixtureConfigIsRead) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_gemma3");
    const pb::ModelConfig& c = m.config;
    EXPECT_EQ(c.family, "gemma3");
    EXPECT_EQ(c.act, pb::Activation::GeluTanh);
    EXPECT_TRUE(c.qk_norm && c.sandwich_norms && c.embed_scale && c.tie_embeddings);
    EXPECT_EQ(c.head_dim, 32);
    EXPECT_EQ(c.query_scalar, 24.0);
    EXPECT_EQ(c.sliding_window, 6);
    ASSERT_EQ(c.numLayers(), 4);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(c.layers[i].sliding, i < 3) << "layer " << i;
    EXPECT_EQ(c.rope.theta, 1e6);
    EXPECT_EQ(c.rope_local.theta, 1e4);
    EXPECT_EQ(c.layers[0].n_kv_heads, 1);
    // HF stores w with the layer scaling by (1 + w); PruneBench holds the multiplier.
    const pb::st::File f = pb::st::File::open(std::string(PB_FIXTURE_DIR) + "/models/tiny_gemma3/model.safetensors");
    const torch::Tensor hf = readTensor(f, "model.layers.0.post_feedforward_layernorm.weight", torch::kFloat32);
    EXPECT_LT((m.model->layers[0].post_ffn_norm - (hf + 1)).abs().max().item<double>(), 1e-7);
}

// tiny_gemma3_gguf/model.gguf: written as llama.cpp's convert_hf_to_gguf.py writes gemma3
// (norms + 1, F16 matrices, no query_pre_attn_scalar key, layer 5 of 6 global by llama.cpp's
// rule); the reference comes from transformers on the same (F16-rounded) weights.
TEST(ForwardReference, Gemma3GgufMatchesTransformers) {
    const std::string dir = std::string(PB_FIXTURE_DIR) + "/models/tiny_gemma3_gguf";
    pb::LoadedModel m = pb::loadModel(dir + "/model.gguf");
    EXPECT_EQ(m.config.family, "gemma3");
    ASSERT_EQ(m.config.numLayers(), 6);
    for (size_t i = 0; i < 6; ++i) EXPECT_EQ(m.config.layers[i].sliding, i != 5) << "layer " << i;
    EXPECT_EQ(m.config.layers[0].n_kv_heads, 2);
    Reference ref = readReference(dir);
    torch::NoGradGuard ng;
    auto logits = m.model->forward(ref.ids);  // [2, 16, V]
    ASSERT_EQ(logits.sizes(), ref.logits.sizes());
    const double diff = (logits - ref.logits).abs().max().item<double>();
    std::printf("[ fixture ] tiny_gemma3_gguf: max |logit difference| vs transformers (f32) = %.3g\n", diff);
    EXPECT_LT(diff, 1e-4);
    pb::KVCache cache;  // the sliding mask through the cache: 10 tokens, then 4, then 1
    auto stitched = torch::cat({m.model->forward(ref.ids.narrow(1, 0, 10), &cache),
                                m.model->forward(ref.ids.narrow(1, 10, 4), &cache),
                                m.model->forward(ref.ids.narrow(1, 14, 1), &cache)}, 1);  // [2, 15, V]
    EXPECT_LT((stitched - ref.logits.narrow(1, 0, 15)).abs().max().item<double>(), 1e-4);
}

TEST(ForwardReference, PerLayerFixtureReallyHasUnequalLayers) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_per_layer");
    EXPECT_FALSE(m.config.uniform());
    EXPECT_EQ(m.config.layers[1].n_heads, 2);
    EXPECT_EQ(m.model->layers[1].w_down.size(1), 20);
}

} // namespace

namespace {

// On a machine with CUDA (the GPU build), the same fixtures on the GPU.
TEST(ForwardReferenceCuda, MatchesTransformersOnTheGpu) {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    for (const char* name : {"tiny_llama", "tiny_qwen2", "tiny_llama3", "tiny_per_layer", "tiny_gemma3"}) {
        const std::string dir = std::string(PB_FIXTURE_DIR) + "/models/" + name;
        pb::LoadOptions o;
        o.device = "cuda";
        pb::LoadedModel m = pb::loadModel(dir, o);
        Reference ref = readReference(dir);
        torch::NoGradGuard ng;
        auto logits = m.model->forward(ref.ids.to(torch::kCUDA)).cpu();
        const double diff = (logits - ref.logits).abs().max().item<double>();
        std::printf("[ cuda ] %s: max |logit difference| vs transformers (f32) = %.3g\n", name, diff);
        EXPECT_LT(diff, 1e-3);  // TF32 and kernel differences allowed
    }
}

} // namespace
