// The dependency graph drives every cut: for every family and every group kind, removing some
// units of one group takes away exactly that group's members' indices (memberIndices along
// each member's dim, or the whole tensor for a block) and leaves every other value as it was;
// the GGUF writer and the streamed passes cut the same as the in-memory applier.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/arch/family.h"
#include "core/bench/random_model.h"
#include "core/eval/perplexity.h"
#include "core/export/gguf_export.h"
#include "core/export/gguf_pruned.h"
#include "core/export/hf_export.h"
#include "core/graph/dependency_graph.h"
#include "core/graph/plan_cut.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/prune/apply.h"
#include "core/stream/streamed_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

const pb::GroupKind kKinds[] = {pb::GroupKind::AttentionGroup, pb::GroupKind::QueryHead, pb::GroupKind::MlpChannel,
                                pb::GroupKind::HiddenChannel, pb::GroupKind::Block};

// Every value distinct (random normal), so that a kept slice can only match the indices it came from.
void randomise(pb::LlamaModel& m, uint64_t seed) {
    torch::NoGradGuard ng;
    torch::manual_seed(seed);
    for (auto& [name, t] : m.namedTensors()) t.copy_(torch::randn_like(t));
}

// A small config of `family`: three blocks of different widths (as after an earlier cut).
pb::ModelConfig smallConfig(const pb::FamilySpec& f, bool attention_bias, bool mlp_bias, bool tied) {
    pb::ModelConfig c;
    c.family = f.name;
    c.architecture = f.hf_architectures.front();
    c.vocab = 40, c.hidden = 24, c.head_dim = 4, c.max_position = 64;
    c.layers = {{6, 3, 20}, {4, 2, 16}, {2, 1, 12}};
    c.qkv_bias = f.qkv_bias || attention_bias;
    c.o_bias = attention_bias;
    c.mlp_bias = mlp_bias;
    c.tie_embeddings = tied;
    c.validate();
    return c;
}

struct Variant {
    std::string what;
    pb::ModelConfig config;
};

std::vector<Variant> variants() {
    std::vector<Variant> out;
    for (const pb::FamilySpec& f : pb::families()) {  // a new family row is tested here without a new line
        out.push_back({f.name, smallConfig(f, false, false, false)});
        out.push_back({f.name + " tied, attention and MLP biases", smallConfig(f, true, true, true)});
    }
    return out;
}

// The units of `g` the test removes: one KV group, one query head per KV group (the plan's
// rule: the same count in each), two MLP or hidden channels, the block.
std::vector<int64_t> unitsToRemove(const pb::GroupSpec& g, const pb::ModelConfig& c) {
    switch (g.kind) {
        case pb::GroupKind::AttentionGroup: return {1};
        case pb::GroupKind::QueryHead: {
            const pb::LayerDims& d = c.layers[size_t(g.layer)];
            std::vector<int64_t> heads;
            for (int64_t j = 0; j < d.n_kv_heads; ++j) heads.push_back(j * (d.n_heads / d.n_kv_heads));  // first of each
            return heads;
        }
        case pb::GroupKind::MlpChannel: return {0, g.units - 3};
        case pb::GroupKind::HiddenChannel: return {2, 11};
        case pb::GroupKind::Block: return {0};
    }
    return {};
}

// A resolved plan that removes `removed` from group `g` and nothing else.
pb::PruningPlan planRemoving(const pb::ModelConfig& c, const pb::GroupSpec& g, const std::vector<int64_t>& removed) {
    pb::PruningPlan plan = pb::uniformWidthPlan(c, 0.0, 0.0);
    std::vector<int64_t> keep;
    for (int64_t u = 0; u < g.units; ++u)
        if (std::find(removed.begin(), removed.end(), u) == removed.end()) keep.push_back(u);
    switch (g.kind) {
        case pb::GroupKind::AttentionGroup:
            plan.attention_unit = pb::AttentionUnit::Group;
            plan.layers[size_t(g.layer)].attention_keep = keep;
            break;
        case pb::GroupKind::QueryHead:
            plan.attention_unit = pb::AttentionUnit::Head;
            plan.layers[size_t(g.layer)].attention_keep = keep;
            break;
        case pb::GroupKind::MlpChannel: plan.layers[size_t(g.layer)].mlp_keep = keep; break;
        case pb::GroupKind::HiddenChannel: plan.hidden_keep = keep; break;
        case pb::GroupKind::Block: plan.dropped_blocks = {g.layer}; break;
    }
    return plan;
}

// Per graph node and dim: the indices the group's members lose (memberIndices of each removed unit).
std::map<int, std::map<int, std::set<int64_t>>> lossOf(const pb::GroupSpec& g, const std::vector<int64_t>& removed) {
    std::map<int, std::map<int, std::set<int64_t>>> loss;
    for (const pb::GroupMember& m : g.members)
        for (int64_t u : removed)
            for (int64_t i : pb::memberIndices(m, u)) loss[m.node][m.dim].insert(i);
    return loss;
}

// `t` without `gone` along `dim`.
torch::Tensor without(const torch::Tensor& t, int dim, const std::set<int64_t>& gone) {
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < t.size(dim); ++i)
        if (!gone.count(i)) keep.push_back(i);
    return t.index_select(dim, torch::tensor(keep, torch::kInt64));
}

// The group of `kind` the test cuts: layer 0's (the hidden group has no layer).
const pb::GroupSpec* groupToCut(const pb::DependencyGraph& graph, pb::GroupKind kind) {
    return graph.find(kind, kind == pb::GroupKind::HiddenChannel ? -1 : 0);
}

// Checks `pruned` against `src` cut by removing `removed` of `g`, tensor by tensor.
void expectCutEqualsMembers(const pb::LlamaModel& src, const pb::LlamaModel& pruned, const pb::DependencyGraph& graph,
                            const pb::GroupSpec& g, const std::vector<int64_t>& removed, const std::string& what) {
    auto& source = const_cast<pb::LlamaModel&>(src);  // tensorByName only looks up
    auto& cut = const_cast<pb::LlamaModel&>(pruned);
    const auto loss = lossOf(g, removed);
    const int dropped = g.kind == pb::GroupKind::Block ? g.layer : -1;
    size_t kept_tensors = 0;
    for (size_t n = 0; n < graph.nodes.size(); ++n) {
        const pb::TensorNode& node = graph.nodes[n];
        const torch::Tensor* before = source.tensorByName(node.name);
        ASSERT_TRUE(before && before->defined()) << what << ": the source lacks " << node.name;
        if (node.layer >= 0 && node.layer == dropped) {  // a block member: the whole tensor goes
            ASSERT_TRUE(loss.count(int(n)) && loss.at(int(n)).count(-1)) << what << ": " << node.name;
            continue;
        }
        const int layer = node.layer > dropped && dropped >= 0 ? node.layer - 1 : node.layer;
        const std::string name = pb::hfTensorName(node.role, layer, node.bias, graph.family);
        const torch::Tensor* after = cut.tensorByName(name);
        ASSERT_TRUE(after && after->defined()) << what << ": the pruned model lacks " << name;
        ++kept_tensors;
        torch::Tensor expected = *before;
        if (const auto it = loss.find(int(n)); it != loss.end())
            for (const auto& [dim, gone] : it->second) expected = without(expected, dim, gone);
        EXPECT_EQ(after->sizes(), expected.sizes()) << what << ": " << node.name;
        if (after->sizes() == expected.sizes()) EXPECT_TRUE(torch::equal(*after, expected)) << what << ": " << node.name;
    }
    EXPECT_EQ(pruned.namedTensors().size(), kept_tensors) << what << ": the pruned model holds other tensors";
}

} // namespace

TEST(GraphCut, EveryFamilyEveryGroupKind) {
    torch::NoGradGuard ng;
    int cuts = 0;
    for (const Variant& v : variants()) {
        const auto model = pb::randomModel(v.config, torch::kCPU, torch::kFloat32);
        randomise(*model, 11);
        const pb::DependencyGraph graph = pb::buildDependencyGraph(v.config);
        for (pb::GroupKind kind : kKinds) {
            const pb::GroupSpec* g = groupToCut(graph, kind);
            ASSERT_NE(g, nullptr) << v.what << ": no " << pb::groupKindName(kind) << " group";
            const std::string what = v.what + ", " + pb::groupKindName(kind);
            const std::vector<int64_t> removed = unitsToRemove(*g, v.config);
            const pb::PruningPlan plan = planRemoving(v.config, *g, removed);
            const pb::LlamaModel pruned = pb::applyPlan(*model, plan);
            expectCutEqualsMembers(*model, pruned, graph, *g, removed, what);
            ++cuts;
        }
    }
    EXPECT_EQ(cuts, int(pb::families().size()) * 2 * 5);
}

TEST(GraphCut, MembersAreTheCouplingRules) {
    // The graph's members for layer 0 (6 query heads, 3 KV heads, head_dim 4: 2 query heads per
    // group) of a model with every bias: what each group kind takes, written out by hand.
    const pb::ModelConfig c = smallConfig(*pb::familyByName("qwen2"), true, true, false);
    const pb::DependencyGraph graph = pb::buildDependencyGraph(c);
    auto lost = [&](pb::GroupKind kind, int64_t unit) {  // tensor name -> "dim:first..last"
        std::map<std::string, std::string> out;
        const pb::GroupSpec* g = groupToCut(graph, kind);
        for (const pb::GroupMember& m : g->members) {
            const auto idx = pb::memberIndices(m, unit);
            const std::string& name = graph.nodes[size_t(m.node)].name;
            if (m.dim >= 0 && (name.rfind("model.layers.0.", 0) == 0 || kind == pb::GroupKind::HiddenChannel))
                out[name.substr(name.find_last_of('.', name.rfind('.') - 1) + 1)] +=
                    std::to_string(m.dim) + ":" + std::to_string(idx.front()) + ".." + std::to_string(idx.back()) + " ";
        }
        return out;
    };
    using M = std::map<std::string, std::string>;
    EXPECT_EQ(lost(pb::GroupKind::AttentionGroup, 1),
              (M{{"q_proj.weight", "0:8..15 "}, {"q_proj.bias", "0:8..15 "}, {"k_proj.weight", "0:4..7 "},
                 {"k_proj.bias", "0:4..7 "}, {"v_proj.weight", "0:4..7 "}, {"v_proj.bias", "0:4..7 "},
                 {"o_proj.weight", "1:8..15 "}}));
    EXPECT_EQ(lost(pb::GroupKind::QueryHead, 3),
              (M{{"q_proj.weight", "0:12..15 "}, {"q_proj.bias", "0:12..15 "}, {"o_proj.weight", "1:12..15 "}}));
    EXPECT_EQ(lost(pb::GroupKind::MlpChannel, 5),
              (M{{"gate_proj.weight", "0:5..5 "}, {"gate_proj.bias", "0:5..5 "}, {"up_proj.weight", "0:5..5 "},
                 {"up_proj.bias", "0:5..5 "}, {"down_proj.weight", "1:5..5 "}}));
    const M hidden = lost(pb::GroupKind::HiddenChannel, 7);  // channel 7 of the residual stream, in all 3 blocks
    const std::string in = "1:7..7 1:7..7 1:7..7 ", out = "0:7..7 0:7..7 0:7..7 ";
    EXPECT_EQ(hidden, (M{{"embed_tokens.weight", "1:7..7 "}, {"norm.weight", "0:7..7 "}, {"lm_head.weight", "1:7..7 "},
                         {"input_layernorm.weight", out}, {"post_attention_layernorm.weight", out},
                         {"q_proj.weight", in}, {"k_proj.weight", in}, {"v_proj.weight", in}, {"o_proj.weight", out},
                         {"o_proj.bias", out}, {"gate_proj.weight", in}, {"up_proj.weight", in},
                         {"down_proj.weight", out}, {"down_proj.bias", out}}));
    const pb::GroupSpec* block = groupToCut(graph, pb::GroupKind::Block);
    EXPECT_EQ(block->members.size(), 16u);  // 2 norms, 7 projections, 7 biases
    for (const pb::GroupMember& m : block->members) EXPECT_EQ(m.dim, -1);

    // planCut turns kept units into these indices; a unit outside its group is named.
    pb::PruningPlan plan = planRemoving(c, *groupToCut(graph, pb::GroupKind::AttentionGroup), {1});
    const pb::PlanCut cut = pb::planCut(graph, plan);
    const pb::TensorCut* k = cut.find(graph, pb::TensorRole::K, 0, true);
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->keep[0], (std::vector<int64_t>{0, 1, 2, 3, 8, 9, 10, 11}));
    EXPECT_FALSE(cut.find(graph, pb::TensorRole::K, 1)->cuts());
    plan.layers[0].attention_keep = std::vector<int64_t>{0, 3};
    try {
        pb::planCut(graph, plan);
        ADD_FAILURE() << "unit 3 of 3 KV groups accepted";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("unit 3 of layer 0's attention groups"), std::string::npos) << e.what();
    }
    const pb::PlanCut depth = pb::planCut(graph, planRemoving(c, *graph.find(pb::GroupKind::Block, 1), {0}));
    EXPECT_EQ(depth.dropped_blocks, std::vector<int>{1});
    EXPECT_TRUE(depth.find(graph, pb::TensorRole::Down, 1, true)->dropped);
    EXPECT_FALSE(depth.find(graph, pb::TensorRole::Down, 2, true)->cuts());
}

namespace {

class TempDir {
public:
    explicit TempDir(const std::string& name)
        : path_(fs::temp_directory_path() / ("pb_graphcut_" + std::to_string(::getpid()) + "_" + name)) {
        fs::remove_all(path_);
        fs::create_directories(path_ / "src");
        fs::create_directories(path_ / "out");
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }
private:
    fs::path path_;
};

std::vector<int32_t> textIds(const pb::Tokenizer& tok) {
    std::string text;
    for (int k = 0; k < 8; ++k) text += "The whale swam slowly along the grey coast while the sailors watched. ";
    return tok.encode(text, true);
}

} // namespace

TEST(GraphCut, GgufWriterAndStreamedPassesCutLikeTheInMemoryApplier) {
    torch::NoGradGuard ng;
    for (const std::string fixture : {"tiny_llama", "tiny_qwen2"}) {  // interleaved Q/K rows; q/k/v biases, tied
        TempDir dir(fixture);
        const fs::path src_dir = fs::path(PB_FIXTURE_DIR) / "models" / fixture;
        pb::LoadedModel fx = pb::loadModel(src_dir);
        randomise(*fx.model, 5);
        pb::GgufExportOptions eo;
        eo.source = src_dir;  // F32: exact
        const fs::path file = dir.path() / "src" / "model.gguf";
        pb::exportGguf(*fx.model, *fx.tokenizer, file, eo);
        pb::LoadedModel m = pb::loadModel(file);
        const pb::DependencyGraph graph = pb::buildDependencyGraph(m.config);
        pb::StreamedModel streamed(file);
        const std::vector<int32_t> ids = textIds(*m.tokenizer);
        pb::PerplexityOptions po;
        po.seq_len = 16;
        for (pb::GroupKind kind : kKinds) {
            const pb::GroupSpec* g = groupToCut(graph, kind);
            const std::string what = fixture + ", " + pb::groupKindName(kind);
            if (g->units < 2 && kind != pb::GroupKind::Block) continue;  // one KV group: nothing to remove
            const pb::PruningPlan plan = planRemoving(m.config, *g, unitsToRemove(*g, m.config));
            const fs::path out = dir.path() / "out" / (std::string(pb::groupKindName(kind)) + ".gguf");
            if (kind == pb::GroupKind::HiddenChannel) {  // refused by both streamed paths, with a reason
                EXPECT_THROW(pb::writePrunedGguf(file, plan, out), pb::Error) << what;
                EXPECT_THROW(streamed.perplexity(ids, po, &plan), pb::Error) << what;
                EXPECT_FALSE(fs::exists(out));
                continue;
            }
            const pb::LlamaModel ref = pb::applyPlan(*m.model, plan);
            pb::writePrunedGguf(file, plan, out);
            pb::LoadedModel back = pb::loadModel(out);
            ASSERT_EQ(back.config.layers, ref.config.layers) << what;
            const auto got = back.model->namedTensors(), want = ref.namedTensors();
            ASSERT_EQ(got.size(), want.size()) << what;
            for (size_t k = 0; k < want.size(); ++k) {
                EXPECT_EQ(got[k].first, want[k].first) << what;
                EXPECT_TRUE(torch::equal(got[k].second, want[k].second)) << what << ": " << want[k].first;
            }
            EXPECT_NEAR(streamed.perplexity(ids, po, &plan).ppl, pb::perplexity(ref, ids, po).ppl, 1e-9) << what;
        }
    }
}

// A checkpoint whose config.json does not announce its biases (a Llama with q/k/v/o and MLP
// biases, no "attention_bias" / "mlp_bias"): the loader announces them from the file, so the
// graph has them and every group's cut takes their members' indices too (the in-memory applier
// and the streamed passes), as it did when the applier cut bq/bo/b_down with their weights.
TEST(GraphCut, BiasesTheConfigDoesNotAnnounceAreCutWithTheirWeights) {
    torch::NoGradGuard ng;
    TempDir dir("unannounced_bias");
    const fs::path src_dir = fs::path(PB_FIXTURE_DIR) / "models" / "tiny_llama";
    pb::LoadedModel fx = pb::loadModel(src_dir);
    pb::ModelConfig biased = fx.config;
    biased.qkv_bias = biased.o_bias = biased.mlp_bias = true;
    const auto model = pb::randomModel(biased, torch::kCPU, torch::kFloat32);
    randomise(*model, 9);
    const fs::path folder = dir.path() / "src" / "biased";
    pb::HfExportOptions eo;
    eo.source = src_dir;
    pb::exportHuggingFace(*model, *fx.tokenizer, folder, eo);
    {
        std::ifstream in(folder / "config.json");
        nlohmann::json j = nlohmann::json::parse(in);
        ASSERT_TRUE(j.contains("attention_bias") && j.contains("mlp_bias"));
        j.erase("attention_bias");
        j.erase("mlp_bias");
        std::ofstream(folder / "config.json") << j.dump(2);
    }
    pb::LoadedModel m = pb::loadModel(folder);
    EXPECT_TRUE(m.config.qkv_bias && m.config.o_bias && m.config.mlp_bias);
    ASSERT_TRUE(m.model->layers[0].bq.defined() && m.model->layers[0].b_down.defined());
    const pb::DependencyGraph graph = pb::buildDependencyGraph(m.config);
    pb::StreamedModel streamed(folder);
    EXPECT_TRUE(streamed.config().qkv_bias && streamed.config().o_bias && streamed.config().mlp_bias);
    const std::vector<int32_t> ids = textIds(*m.tokenizer);
    pb::PerplexityOptions po;
    po.seq_len = 16;
    for (pb::GroupKind kind : kKinds) {
        const pb::GroupSpec* g = groupToCut(graph, kind);
        if (g->units < 2 && kind != pb::GroupKind::Block) continue;
        const std::string what = std::string("unannounced biases, ") + pb::groupKindName(kind);
        const std::vector<int64_t> removed = unitsToRemove(*g, m.config);
        const pb::PruningPlan plan = planRemoving(m.config, *g, removed);
        pb::LlamaModel cut;
        ASSERT_NO_THROW(cut = pb::applyPlan(*m.model, plan)) << what;
        expectCutEqualsMembers(*m.model, cut, graph, *g, removed, what);
        if (kind != pb::GroupKind::HiddenChannel)
            EXPECT_NEAR(streamed.perplexity(ids, po, &plan).ppl, pb::perplexity(cut, ids, po).ppl, 1e-9) << what;
    }
}
