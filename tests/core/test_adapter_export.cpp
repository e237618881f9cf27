// A PEFT adapter saved with the Hugging Face folder of the same save: its
// base_model_name_or_path names that folder (not the source), its tensors fit the folder's
// config.json (the pruned sizes), it loads back on the folder's model, and its folder is
// never the model folder, inside it, around it, a source or an unrelated folder.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/export/hf_export.h"
#include "core/io/safetensors.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/prune/apply.h"
#include "core/recover/adapter_export.h"
#include "core/recover/lora.h"
#include "core/util/error.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kSource = fs::path(PB_FIXTURE_DIR) / "models" / "tiny_llama";

json readJson(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
}

class AdapterExport : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("pb_adapter_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_);
        m_ = pb::loadModel(kSource);
        // The same cut in every layer (transformers loads it): one KV group of two, 8 MLP channels.
        pb::PruningPlan plan = pb::uniformWidthPlan(m_.config, 0, 0);
        for (auto& l : plan.layers) {
            l.attention_keep = std::vector<int64_t>{1};
            l.mlp_keep = std::vector<int64_t>{0, 3, 5, 7, 11, 20, 30, 47};
        }
        pruned_ = std::make_shared<pb::LlamaModel>(pb::applyPlan(*m_.model, plan));
        pb::HfExportOptions o;
        o.source = kSource;
        o.dtype = "f32";
        pb::exportHuggingFace(*pruned_, *m_.tokenizer, root_ / "model", o);
    }
    void TearDown() override { fs::remove_all(root_); }

    fs::path root_;
    pb::LoadedModel m_;
    std::shared_ptr<pb::LlamaModel> pruned_;
};

} // namespace

TEST_F(AdapterExport, BaseIsTheSavedFolderAndShapesFitItsConfig) {
    const pb::LoraSet lora = pb::LoraSet::create(*pruned_, pb::LoraConfig{});
    EXPECT_EQ(pb::defaultAdapterFolder(root_ / "model"), root_ / "model-lora");
    EXPECT_EQ(pb::defaultAdapterFolder(root_ / "model/"), root_ / "model-lora");
    const fs::path out = pb::saveAdapterForFolder(lora, root_ / "model-lora", root_ / "model", pb::modelSource(kSource));
    EXPECT_EQ(out, root_ / "model-lora");

    const json adapter = readJson(out / "adapter_config.json");
    EXPECT_EQ(adapter["base_model_name_or_path"], pb::resolvedPath(root_ / "model").string());
    EXPECT_TRUE(fs::is_regular_file(fs::path(adapter["base_model_name_or_path"].get<std::string>()) / "config.json"));
    EXPECT_EQ(adapter["peft_type"], "LORA");
    const int64_t r = adapter["r"];

    const json cfg = readJson(root_ / "model" / "config.json");
    ASSERT_FALSE(cfg.contains("prunebench_layers"));  // uniform: plain transformers config
    const int64_t hidden = cfg["hidden_size"], inter = cfg["intermediate_size"];
    const int64_t heads = cfg["num_attention_heads"], kv = cfg["num_key_value_heads"], hd = cfg["head_dim"];
    EXPECT_EQ(inter, 8);
    EXPECT_LT(heads, m_.config.layers.front().n_heads);  // the pruned sizes, not the source's
    // in, out of each target module from the folder's config (PEFT: A [r, in], B [out, r]).
    const std::map<std::string, std::pair<int64_t, int64_t>> dims = {
        {"q_proj", {hidden, heads * hd}}, {"k_proj", {hidden, kv * hd}},   {"v_proj", {hidden, kv * hd}},
        {"o_proj", {heads * hd, hidden}}, {"gate_proj", {hidden, inter}}, {"up_proj", {hidden, inter}},
        {"down_proj", {inter, hidden}}};
    const pb::st::File st = pb::st::File::open(out / "adapter_model.safetensors");
    const int64_t layers = cfg["num_hidden_layers"];
    int checked = 0;
    for (int64_t i = 0; i < layers; ++i)
        for (const auto& t : adapter["target_modules"]) {
            const std::string name = t.get<std::string>();
            const std::string module = name == "gate_proj" || name == "up_proj" || name == "down_proj" ? "mlp" : "self_attn";
            const std::string prefix = "base_model.model.model.layers." + std::to_string(i) + "." + module + "." + name;
            const pb::st::TensorInfo* a = st.find(prefix + ".lora_A.weight");
            const pb::st::TensorInfo* b = st.find(prefix + ".lora_B.weight");
            ASSERT_TRUE(a && b) << prefix;
            const auto [in, outDim] = dims.at(name);
            EXPECT_EQ(a->shape, (std::vector<int64_t>{r, in})) << prefix;
            EXPECT_EQ(b->shape, (std::vector<int64_t>{outDim, r})) << prefix;
            ++checked;
        }
    EXPECT_EQ(checked, layers * 7);

    // And it loads on the folder's model.
    const pb::LoadedModel base = pb::loadModel(root_ / "model");
    EXPECT_NO_THROW(pb::LoraSet::load(out, *base.model));
    // Saving again replaces the earlier adapter.
    EXPECT_NO_THROW(pb::saveAdapterForFolder(lora, out, root_ / "model", pb::modelSource(kSource)));
}

TEST_F(AdapterExport, RefusesTheModelFolderSourcesAndUnrelatedFolders) {
    const pb::LoraSet lora = pb::LoraSet::create(*pruned_, pb::LoraConfig{});
    const auto sources = pb::modelSource(kSource);
    const fs::path model = root_ / "model";
    EXPECT_EQ(pb::adapterTargetRefusal(root_ / "a", model, sources), "");
    EXPECT_NE(pb::adapterTargetRefusal("", model, sources), "");
    EXPECT_NE(pb::adapterTargetRefusal(model, model, sources), "");           // the model folder itself
    EXPECT_NE(pb::adapterTargetRefusal(model / "lora", model, sources), "");  // inside it
    EXPECT_NE(pb::adapterTargetRefusal(root_, model, sources), "");           // around it
    EXPECT_NE(pb::adapterTargetRefusal(kSource, model, sources), "");         // the source model
    // A model folder not written yet (the GUI checks before the job): the same rule.
    EXPECT_NE(pb::adapterTargetRefusal(root_ / "later" / "lora", root_ / "later", sources), "");
    EXPECT_NE(pb::adapterTargetRefusal(root_ / "later", root_ / "later/", sources), "");
    EXPECT_EQ(pb::adapterTargetRefusal(root_ / "later-lora", root_ / "later", sources), "");
    fs::create_directories(root_ / "busy");
    std::ofstream(root_ / "busy" / "notes.txt") << "mine";
    EXPECT_NE(pb::adapterTargetRefusal(root_ / "busy", model, sources).find("notes.txt"), std::string::npos);
    EXPECT_THROW(pb::saveAdapterForFolder(lora, root_ / "busy", model, sources), pb::Error);
    EXPECT_FALSE(fs::exists(root_ / "busy" / "adapter_config.json"));
    // No base folder yet: refused, nothing written.
    EXPECT_THROW(pb::saveAdapterForFolder(lora, root_ / "b", root_ / "nothing", sources), pb::Error);
    EXPECT_FALSE(fs::exists(root_ / "b" / "adapter_config.json"));
}
