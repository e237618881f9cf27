// ModelConfig: parsing Hugging Face config.json variants, validation, parameter counts.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/arch/config_io.h"
#include "core/arch/family.h"
#include "core/util/error.h"

using nlohmann::json;

namespace {

json smolLmJson() {
    return json{{"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"vocab_size", 49152},
                {"hidden_size", 576}, {"intermediate_size", 1536}, {"num_hidden_layers", 30},
                {"num_attention_heads", 9}, {"num_key_value_heads", 3}, {"rms_norm_eps", 1e-5},
                {"rope_theta", 100000.0}, {"tie_word_embeddings", true}, {"torch_dtype", "bfloat16"},
                {"max_position_embeddings", 8192}, {"bos_token_id", 1}, {"eos_token_id", 2}};
}

} // namespace

TEST(ModelConfig, ParsesSmolLmShapeAndCountsParameters) {
    pb::ModelConfig c = pb::configFromHfJson(smolLmJson());
    EXPECT_EQ(c.family, "llama");
    EXPECT_EQ(c.numLayers(), 30);
    EXPECT_EQ(c.head_dim, 64);
    EXPECT_EQ(c.layers[7].n_kv_heads, 3);
    EXPECT_EQ(c.source_dtype, "bf16");
    EXPECT_DOUBLE_EQ(c.rope.theta, 100000.0);
    // SmolLM2-135M has 134,515,008 parameters (embedding tied).
    EXPECT_EQ(c.totalParams(), 134515008);
    EXPECT_EQ(c.layerParams(0), 3540096);
    EXPECT_TRUE(c.uniform());
}

TEST(ModelConfig, AcceptsRopeParametersAndDtypeSpellings) {
    json j = smolLmJson();
    j.erase("rope_theta");
    j.erase("torch_dtype");
    j["dtype"] = "float32";
    j["rope_parameters"] = {{"rope_type", "llama3"}, {"rope_theta", 500000.0}, {"factor", 8.0},
                            {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                            {"original_max_position_embeddings", 8192}};
    pb::ModelConfig c = pb::configFromHfJson(j);
    EXPECT_DOUBLE_EQ(c.rope.theta, 500000.0);
    EXPECT_EQ(c.rope.type, pb::RopeType::Llama3);
    EXPECT_DOUBLE_EQ(c.rope.factor, 8.0);
    EXPECT_EQ(c.source_dtype, "f32");

    json legacy = smolLmJson();
    legacy["rope_scaling"] = {{"type", "linear"}, {"factor", 2.0}};
    EXPECT_EQ(pb::configFromHfJson(legacy).rope.type, pb::RopeType::Linear);
}

TEST(ModelConfig, FamiliesComeFromTheTable) {
    json q = smolLmJson();
    q["architectures"] = {"Qwen2ForCausalLM"};
    q["model_type"] = "qwen2";
    pb::ModelConfig c = pb::configFromHfJson(q);
    EXPECT_EQ(c.family, "qwen2");
    EXPECT_TRUE(c.qkv_bias);
    EXPECT_FALSE(c.o_bias);
    json m = smolLmJson();
    m["architectures"] = {"MistralForCausalLM"};
    EXPECT_EQ(pb::configFromHfJson(m).family, "mistral");
    for (const auto& f : pb::families()) EXPECT_EQ(pb::familyByName(f.name), &f);
}

TEST(ModelConfig, PerLayerExtensionGivesUnequalLayers) {
    json j = smolLmJson();
    j["num_hidden_layers"] = 3;
    j["prunebench_layers"] = json::array({{{"heads", 9}, {"kv_heads", 3}, {"ffn", 1536}},
                                          {{"heads", 6}, {"kv_heads", 2}, {"ffn", 512}},
                                          {{"heads", 0}, {"kv_heads", 0}, {"ffn", 0}}});
    pb::ModelConfig c = pb::configFromHfJson(j);
    EXPECT_FALSE(c.uniform());
    EXPECT_EQ(c.layers[1].n_heads, 6);
    EXPECT_EQ(c.layerParams(2), 0);
    EXPECT_EQ(c.attentionParams(1), 576 + 384 * 576 + 2 * 128 * 576 + 576 * 384);
}

TEST(ModelConfig, RejectsBadInputWithClearMessages) {
    auto expectError = [](json j, const std::string& needle) {
        try {
            pb::configFromHfJson(j, "cfg.json");
            FAIL() << "expected an error containing '" << needle << "'";
        } catch (const pb::Error& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    json unknown = smolLmJson();
    unknown["architectures"] = {"GPT2LMHeadModel"};
    unknown["model_type"] = "gpt2";
    expectError(unknown, "unknown architecture 'GPT2LMHeadModel'");
    json missing = smolLmJson();
    missing.erase("hidden_size");
    expectError(missing, "'hidden_size' is missing");
    json gqa = smolLmJson();
    gqa["num_key_value_heads"] = 4;
    expectError(gqa, "not a multiple of 4 KV heads");
    json wrongType = smolLmJson();
    wrongType["vocab_size"] = "many";
    expectError(wrongType, "'vocab_size' must be an integer");
    json rope = smolLmJson();
    rope["rope_scaling"] = {{"rope_type", "yarn"}, {"factor", 4.0}};
    expectError(rope, "rope type 'yarn'");
    expectError(json::array(), "not a JSON object");
}

TEST(ModelConfig, MacsGrowWithSequenceAndShrinkWithPruning) {
    pb::ModelConfig c = pb::configFromHfJson(smolLmJson());
    const int64_t full = c.macs(128);
    EXPECT_GT(full, 128 * (c.totalParams() - c.hidden * 31));
    c.layers[3].ffn = 768;
    EXPECT_LT(c.macs(128), full);
}
