#include "core/dist/pipeline_scores.h"

#include <chrono>
#include <cmath>

#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/dist/stage_run.h"
#include "core/graph/dependency_graph.h"
#include "core/model/llama_model.h"
#include "core/plan/criteria.h"
#include "core/prune/activation_scores.h"
#include "core/prune/data_parallel.h"
#include "core/prune/group_reduce.h"
#include "core/prune/taylor_terms.h"
#include "core/util/error.h"

namespace pb {

namespace {

using Clock = std::chrono::steady_clock;

// Per-block vectors of every stage (local block j is global blocks().begin + j) on every rank:
// a zero-padded sum over the world to which only replica 0 contributes.
std::vector<std::vector<double>> gatherBlocks(const dist::Pipeline& pipe, int64_t layers,
                                              const std::vector<std::vector<double>>& local) {
    const dist::StageRange b = pipe.blocks();
    const bool mine = pipe.replica() == 0;
    std::vector<double> sizes(size_t(layers), 0.0);
    if (mine)
        for (size_t j = 0; j < local.size(); ++j) sizes[size_t(b.begin) + j] = double(local[j].size());
    dist::allReduceSum(pipe.world(), sizes);
    std::vector<size_t> offset(size_t(layers) + 1, 0);
    for (size_t i = 0; i < size_t(layers); ++i) offset[i + 1] = offset[i] + size_t(std::llround(sizes[i]));
    std::vector<double> flat(offset.back(), 0.0);
    if (mine)
        for (size_t j = 0; j < local.size(); ++j)
            std::copy(local[j].begin(), local[j].end(), flat.begin() + std::ptrdiff_t(offset[size_t(b.begin) + j]));
    if (!flat.empty()) dist::allReduceSum(pipe.world(), flat);
    std::vector<std::vector<double>> out(static_cast<size_t>(layers));
    for (size_t i = 0; i < size_t(layers); ++i)
        out[i].assign(flat.begin() + std::ptrdiff_t(offset[i]), flat.begin() + std::ptrdiff_t(offset[i + 1]));
    return out;
}

WidthScores gatherWidth(const dist::Pipeline& pipe, const ModelConfig& full, const WidthScores& local) {
    WidthScores out;
    const int64_t L = full.numLayers();
    out.attention_groups = gatherBlocks(pipe, L, local.attention_groups);
    out.attention_heads = gatherBlocks(pipe, L, local.attention_heads);
    out.mlp = gatherBlocks(pipe, L, local.mlp);
    if (!local.attn_input_mean.empty() || !local.mlp_input_mean.empty()) {
        out.attn_input_mean = gatherBlocks(pipe, L, local.attn_input_mean);
        out.mlp_input_mean = gatherBlocks(pipe, L, local.mlp_input_mean);
    }
    return out;
}

// This replica's calibration samples in micro-batches, `in_flight` of them per pipeline run.
template <class F>
void forRounds(const dist::Pipeline& pipe, const Calibration& calib, int64_t batch, int64_t in_flight,
               const ProgressFn& progress, const char* what, F&& round) {
    const dist::Shard mine = dist::shardOf(calib.samples(), pipe.replica(), pipe.layout().replicas);
    const auto batches = dist::microBatches(mine.begin, mine.end, batch);
    const size_t per_round = size_t(std::max<int64_t>(in_flight, 1));
    for (size_t r0 = 0; r0 < batches.size(); r0 += per_round) {
        reportProgress(progress, double(r0) / double(batches.size()),
                       std::string(what) + ", sample " + std::to_string(batches[r0].first + 1));
        const size_t n = std::min(per_round, batches.size() - r0);
        std::vector<std::pair<int64_t, int64_t>> these(batches.begin() + std::ptrdiff_t(r0),
                                                       batches.begin() + std::ptrdiff_t(r0 + n));
        round(these);
    }
}

void checkIds(const Calibration& calib, int64_t vocab) {
    if (calib.ids.numel() && (calib.ids.min().item<int64_t>() < 0 || calib.ids.max().item<int64_t>() >= vocab))
        throw Error("token id out of range for vocabulary of " + std::to_string(vocab));
}

// Gradients on for the stage's weights, cleared and off again at scope exit.
class StageGrads {
public:
    explicit StageGrads(LlamaModel& m) : tensors_(m.namedTensors()) {
        for (auto& [n, t] : tensors_) t.requires_grad_(true);
    }
    ~StageGrads() {
        for (auto& [n, t] : tensors_) {
            t.mutable_grad() = torch::Tensor();
            t.requires_grad_(false);
        }
    }
    std::vector<torch::Tensor> grads() const {
        std::vector<torch::Tensor> g;
        for (const auto& [n, t] : tensors_)
            if (t.grad().defined()) g.push_back(t.grad());
        return g;
    }

private:
    std::vector<std::pair<std::string, torch::Tensor>> tensors_;
};

WidthScores taylorWidth(dist::Pipeline& pipe, StageModel& s, const Calibration& calib, const ScoreOptions& o,
                        int64_t in_flight, const ProgressFn& progress) {
    LlamaModel& model = *s.model;
    const double N = double(calib.samples());
    {
        StageGrads scope(model);
        forRounds(pipe, calib, o.batch, in_flight, progress, "gradients", [&](const auto& batches) {
            auto ids_of = [&](size_t m) { return calib.ids.narrow(0, batches[m].first, batches[m].second); };  // [b, L]
            auto head = [&](size_t m, const torch::Tensor& y) {  // y [b, L, H]: this micro-batch's share of the mean loss
                auto logits = model.logitsOf(y);                 // [b, L, V] float32
                torch::Tensor x = ids_of(m).to(logits.device());
                const int64_t L = x.size(1);
                torch::Tensor loss = torch::nn::functional::cross_entropy(logits.narrow(1, 0, L - 1).reshape({-1, logits.size(-1)}),
                                                                 x.narrow(1, 1, L - 1).reshape({-1}));
                if (!std::isfinite(loss.item<double>())) throw Error("the calibration loss is not finite (NaN or infinity)");
                return loss * (double(batches[m].second) / N);
            };
            pipe.run(shapesOf(batches.size(), ids_of), stageRun(s, ids_of, head), true);
        });
        dist::allReduceSumAll(pipe.replicaGroup(), scope.grads());  // the mean loss's gradient over all samples
        torch::NoGradGuard ng;
        const SignedReduce reduce = signedReduceOf(o.criterion);
        const bool vector = reduce != SignedReduce::Plain;
        const DependencyGraph graph = buildDependencyGraph(model.config);  // the stage's blocks
        WidthScores local;
        fillWidthScores(local, model.config, reduceGroups(graph, [&](const TensorNode& n) {
            torch::Tensor* t = model.tensorByName(n.name);
            if (!t) throw Error("internal: no tensor named '" + n.name + "' on this stage");
            return taylorFirstOrder(t->grad(), *t, vector);
        }, o.aggregation, reduce, false));
        return gatherWidth(pipe, s.full, local);
    }
}

WidthScores activationWidth(dist::Pipeline& pipe, StageModel& s, const Calibration& calib, const ScoreOptions& o,
                            int64_t in_flight, const ProgressFn& progress) {
    torch::NoGradGuard ng;
    LlamaModel& model = *s.model;
    std::vector<BlockMoments> moments(model.layers.size());
    double tokens = 0;
    auto probe = [&](const std::string& name, const torch::Tensor& x) {  // "layers.j.*" (local), x [B, T, C]
        const size_t dot = name.find('.', 7);
        moments[std::stoul(name.substr(7, dot - 7))].observe(name, x);
    };
    forRounds(pipe, calib, o.batch, in_flight, progress, "activations", [&](const auto& batches) {
        auto ids_of = [&](size_t m) { return calib.ids.narrow(0, batches[m].first, batches[m].second); };
        for (const auto& b : batches) tokens += double(b.second * calib.length());
        pipe.run(shapesOf(batches.size(), ids_of), stageRun(s, ids_of, [](size_t, const torch::Tensor&) {
            return torch::Tensor();
        }, probe), false);
    });
    sumOverRanks(pipe.replicaGroup(), moments, tokens);  // every replica's samples
    const ModelConfig& c = model.config;
    WidthScores local;
    const size_t L = c.layers.size();
    local.attention_groups.assign(L, {}), local.attention_heads.assign(L, {}), local.mlp.assign(L, {});
    for (size_t j = 0; j < L; ++j)
        setActivationScores(local, j, c.layers[j], c.head_dim, model.layers[j], moments[j],
                            o.criterion == Criterion::Flap, tokens);
    return gatherWidth(pipe, s.full, local);
}

} // namespace

std::string pipelineRefusal(Criterion criterion, bool score_hidden) {
    if (score_hidden) return "--hidden is not scored across pipeline stages (the embedding and lm_head live on different ranks)";
    switch (criterion) {
        case Criterion::TaylorElement1:
        case Criterion::TaylorVector:
        case Criterion::WandaSp:
        case Criterion::Flap:
        case Criterion::BlockBi:
            return "";
        default:
            return "criterion " + criterionName(criterion) + " does not run across pipeline stages yet (pipelined: "
                   "taylor_element1, taylor_vector, wanda_sp, flap, block_bi); without --pipeline-stages it runs data "
                   "parallel with the whole model on every rank, or `stream` scores a model larger than the GPU";
    }
}

WidthScores pipelineWidthScores(dist::Pipeline& pipe, StageModel& s, const Calibration& calib, const ScoreOptions& o,
                                int64_t in_flight, const ProgressFn& progress) {
    if (const std::string why = pipelineRefusal(o.criterion, o.score_hidden); !why.empty()) throw Error(why);
    if (criterionInfo(o.criterion).depth) throw Error("internal: " + criterionName(o.criterion) + " scores blocks");
    if (calib.samples() < pipe.layout().replicas)
        throw Error(std::to_string(calib.samples()) + " calibration samples for " + std::to_string(pipe.layout().replicas) +
                    " pipeline replicas: each needs at least one");
    checkIds(calib, s.full.vocab);
    const auto t0 = Clock::now();
    const bool gradient = o.criterion == Criterion::TaylorElement1 || o.criterion == Criterion::TaylorVector;
    WidthScores out = gradient ? taylorWidth(pipe, s, calib, o, in_flight, progress)
                               : activationWidth(pipe, s, calib, o, in_flight, progress);
    out.criterion = o.criterion;
    out.aggregation = o.aggregation;
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    reportProgress(progress, 1.0, "done");
    return out;
}

BlockScores pipelineBlockScores(dist::Pipeline& pipe, StageModel& s, const Calibration& calib, const ScoreOptions& o,
                                int64_t in_flight, const ProgressFn& progress) {
    if (const std::string why = pipelineRefusal(o.criterion, false); !why.empty()) throw Error(why);
    if (o.criterion != Criterion::BlockBi) throw Error("internal: " + criterionName(o.criterion) + " scores width");
    if (calib.samples() < pipe.layout().replicas)
        throw Error(std::to_string(calib.samples()) + " calibration samples for " + std::to_string(pipe.layout().replicas) +
                    " pipeline replicas: each needs at least one");
    checkIds(calib, s.full.vocab);
    const auto t0 = Clock::now();
    torch::NoGradGuard ng;
    const size_t L = s.model->layers.size();
    std::vector<double> cos_sum(L + 1, 0.0);  // the last entry: tokens
    std::vector<torch::Tensor> input(L);
    auto probe = [&](const std::string& name, const torch::Tensor& x) {  // as blockInfluenceScores; x [B, T, H]
        const size_t dot = name.find('.', 7);
        const size_t j = std::stoul(name.substr(7, dot - 7));
        if (name.ends_with(".input")) input[j] = x;
        else if (name.ends_with(".output"))
            cos_sum[j] += torch::cosine_similarity(input[j].to(torch::kFloat32), x.to(torch::kFloat32), -1).sum().item<double>();
    };
    forRounds(pipe, calib, o.batch, in_flight, progress, "block influence", [&](const auto& batches) {
        auto ids_of = [&](size_t m) { return calib.ids.narrow(0, batches[m].first, batches[m].second); };
        for (const auto& b : batches) cos_sum[L] += double(b.second * calib.length());
        pipe.run(shapesOf(batches.size(), ids_of), stageRun(s, ids_of, [](size_t, const torch::Tensor&) {
            return torch::Tensor();
        }, probe), false);
    });
    dist::allReduceSum(pipe.replicaGroup(), cos_sum);
    std::vector<std::vector<double>> local(L);
    for (size_t j = 0; j < L; ++j) local[j] = {1.0 - cos_sum[j] / cos_sum[L]};  // BI = 1 - mean cos
    BlockScores out;
    out.criterion = o.criterion;
    for (const auto& v : gatherBlocks(pipe, s.full.numLayers(), local)) out.scores.push_back(v.at(0));
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    reportProgress(progress, 1.0, "done");
    return out;
}

} // namespace pb
