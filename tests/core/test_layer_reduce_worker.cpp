// LayerReduceWorker (the streamed Taylor scoring's reductions overlapped with the backward)
// against reducing every tensor at the end: the same numbers, whatever order the layers come in.
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/prune/group_reduce.h"
#include "core/prune/layer_reduce_worker.h"
#include "core/util/error.h"

namespace {

// Random non-negative vectors along each scored tensor's coupled dimension (rows of
// q/k/v/gate/up, columns of o/down), keyed by the model tensor's storage.
struct Vectors {
    std::map<const void*, torch::Tensor> along;
    std::map<const void*, size_t> layer_of;
};

Vectors randomVectors(pb::LlamaModel& model, const pb::DependencyGraph& graph) {
    Vectors v;
    torch::manual_seed(3);
    for (const pb::TensorNode& n : graph.nodes) {
        if (n.layer < 0 || n.shape.size() != 2) continue;
        const torch::Tensor* t = model.tensorByName(n.name);
        if (!t) throw pb::Error("no tensor " + n.name);
        const bool columns = n.name.find("o_proj") != std::string::npos || n.name.find("down_proj") != std::string::npos;
        v.along[t->data_ptr()] = torch::rand({columns ? n.shape[1] : n.shape[0]}, torch::kFloat32);
        v.layer_of[t->data_ptr()] = size_t(n.layer);
    }
    return v;
}

TEST(LayerReduceWorker, EqualsReducingEverythingAtTheEnd) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_per_layer");
    const pb::DependencyGraph graph = pb::buildDependencyGraph(m.model->config);
    Vectors v = randomVectors(*m.model, graph);
    ASSERT_FALSE(v.along.empty());
    auto key = [&](const pb::TensorNode& n) -> const void* {
        const torch::Tensor* t = m.model->tensorByName(n.name);
        return t ? t->data_ptr() : nullptr;
    };
    for (const pb::Aggregation agg : {pb::Aggregation::Sum, pb::Aggregation::Max, pb::Aggregation::Last}) {
        const pb::GroupScores want = pb::reduceGroups(graph, [&](const pb::TensorNode& n) {
            auto it = v.along.find(key(n));
            return it == v.along.end() ? torch::Tensor() : it->second.to(torch::kFloat64);
        }, agg, pb::SignedReduce::Plain, false);
        pb::LayerReduceWorker worker(graph, agg, pb::SignedReduce::Plain, key);
        const size_t L = m.model->config.layers.size();
        for (size_t i = L; i-- > 0;) {  // last layer first, as the backward reaches them
            std::vector<std::pair<const void*, torch::Tensor>> layer;
            for (const auto& [k, t] : v.along)
                if (v.layer_of[k] == i) layer.emplace_back(k, t);
            worker.submit(int(i), layer);
        }
        const pb::GroupScores got = worker.finish();
        ASSERT_EQ(got.by_kind_layer.size(), want.by_kind_layer.size());
        for (const auto& [k, scores] : want.by_kind_layer) {
            auto it = got.by_kind_layer.find(k);
            ASSERT_NE(it, got.by_kind_layer.end()) << "kind " << k.first << " layer " << k.second;
            EXPECT_EQ(it->second, scores) << "kind " << k.first << " layer " << k.second;  // bit for bit
        }
    }
}

TEST(LayerReduceWorker, AWorkersErrorReachesFinish) {
    pb::LoadedModel m = pb::loadModel(std::string(PB_FIXTURE_DIR) + "/models/tiny_llama");
    const pb::DependencyGraph graph = pb::buildDependencyGraph(m.model->config);
    auto key = [&](const pb::TensorNode& n) -> const void* {
        const torch::Tensor* t = m.model->tensorByName(n.name);
        return t ? t->data_ptr() : nullptr;
    };
    pb::LayerReduceWorker worker(graph, pb::Aggregation::Sum, pb::SignedReduce::Plain, key);
    const torch::Tensor* q = m.model->tensorByName("model.layers.0.self_attn.q_proj.weight");
    ASSERT_NE(q, nullptr);
    worker.submit(0, {{q->data_ptr(), torch::ones({q->size(0) + 3})}});  // not a whole number of units
    EXPECT_THROW(worker.finish(), std::exception);
}

} // namespace
