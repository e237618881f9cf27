// Width criteria: magnitude, random, the Taylor family, Wanda-sp, FLAP, adaptive fusion.
#include <chrono>
#include <cmath>
#include <random>

#include <torch/torch.h>

#include "core/graph/dependency_graph.h"
#include "core/model/llama_model.h"
#include "core/plan/criteria.h"
#include "core/dist/shard.h"
#include "core/prune/activation_scores.h"
#include "core/prune/data_parallel.h"
#include "core/prune/fusion_losses.h"
#include "core/prune/fusion_rule.h"
#include "core/prune/gradient_pass.h"
#include "core/prune/group_reduce.h"
#include "core/prune/importance.h"
#include "core/prune/masking.h"
#include "core/prune/scorers.h"
#include "core/prune/streamed_taylor.h"
#include "core/prune/taylor_terms.h"
#include "core/util/error.h"

namespace pb {

namespace {

using ElementFn = std::function<torch::Tensor(const TensorNode&)>;

WidthScores fromElements(LlamaModel& model, const ScoreOptions& o, const ElementFn& element, SignedReduce reduce) {
    WidthScores out;
    const DependencyGraph graph = buildDependencyGraph(model.config);
    fillWidthScores(out, model.config, reduceGroups(graph, element, o.aggregation, reduce, o.score_hidden));
    return out;
}

torch::Tensor weightOf(LlamaModel& m, const TensorNode& n) {
    torch::Tensor* t = m.tensorByName(n.name);
    if (!t) throw Error("internal: no tensor named '" + n.name + "'");
    return t->detach().to(torch::kFloat32);
}

void randomize(WidthScores& s, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (auto* v : {&s.attention_groups, &s.attention_heads, &s.mlp})
        for (auto& layer : *v)
            for (double& x : layer) x = u(rng);
    for (double& x : s.hidden) x = u(rng);
}

} // namespace

// Taylor scores from gradients: element1 |gW|, vector |sum gW|, element2 W^2 F, mix |gW - W^2 F / 2|.
WidthScores taylorScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                         const ProgressFn& progress) {
    const Criterion kind = o.criterion;
    if (criterionInfo(kind).one_pass_gradients) {  // element1, vector
        if (streamedTaylorApplies(calib, o)) return streamedTaylor(model, calib, o, progress);  // no gradient buffer
        const SignedReduce reduce = signedReduceOf(kind);
        const bool vector = reduce != SignedReduce::Plain;  // signed g·W
        WidthScores out;
        gradientPasses(model, calib, o.batch, false, [&] {
            out = fromElements(model, o, [&](const TensorNode& n) {
                torch::Tensor* t = model.tensorByName(n.name);
                return taylorFirstOrder(t->grad(), *t, vector);
            }, reduce);
        }, progress, dist::orOne(o.world));  // gradients summed across ranks before |g·W|
        return out;
    }
    // Second order, element2: sum over a member's slice of W^2 F with F = mean_j g_j^2 is
    // mean_j of sum (W g_j)^2, so per-unit member scores accumulate as each sample's
    // gradient arrives: no weight-sized buffer beyond the gradients.
    const double N = double(calib.samples());
    const DependencyGraph graph = buildDependencyGraph(model.config);
    if (kind == Criterion::TaylorElement2) {
        MemberScores acc;
        gradientPasses(model, calib, 1, true, [&] {
            acc.add(memberScores(graph, [&](const TensorNode& n) {
                torch::Tensor* t = model.tensorByName(n.name);
                return taylorSecondOrderTerm(t->grad(), *t, N);
            }, SignedReduce::Plain, o.score_hidden));
        }, progress, dist::orOne(o.world));
        sumOverRanks(dist::orOne(o.world), acc);  // Σ over every rank's samples
        WidthScores out;
        fillWidthScores(out, model.config, aggregateGroups(graph, acc, o.aggregation));
        return out;
    }
    // mix: |g W - W F W / 2| is not linear in the samples, so it keeps two weight-sized
    // buffers (the Fisher diagonal and the gradient sum) besides the gradients.
    std::map<std::string, TaylorMixMoments> moments;
    gradientPasses(model, calib, 1, true, [&] {
        for (auto& [name, t] : model.namedTensors()) moments[name].add(t.grad());
    }, progress, dist::orOne(o.world));
    sumOverRanks(dist::orOne(o.world), moments);
    return fromElements(model, o, [&](const TensorNode& n) {
        return moments.at(n.name).scores(weightOf(model, n), N);
    }, SignedReduce::Plain);
}

namespace {

// Activation moments of the inputs of o_proj and down_proj, per layer and channel.
struct ChannelStats {
    std::vector<BlockMoments> layers;
    double tokens = 0;
};

// Across ranks each takes its shard of the samples and the moments are summed after.
ChannelStats activationStats(LlamaModel& model, const Calibration& calib, int64_t batch, const ProgressFn& progress,
                             dist::World& world) {
    torch::NoGradGuard ng;
    ChannelStats st;
    st.layers.resize(model.layers.size());
    auto probe = [&](const std::string& name, const torch::Tensor& x) {  // name "layers.i.*", x: [B, T, C]
        const size_t dot = name.find('.', 7);
        st.layers[std::stoul(name.substr(7, dot - 7))].observe(name, x);
    };
    const int64_t step = std::max<int64_t>(batch, 1);
    const dist::Shard mine = dist::shardOf(calib.samples(), world);
    for (int64_t s = mine.begin; s < mine.end; s += step) {
        reportProgress(progress, double(s - mine.begin) / double(std::max<int64_t>(mine.count(), 1)),
                       "activations, sample " + std::to_string(s + 1));
        auto x = calib.ids.narrow(0, s, std::min(step, mine.end - s)).to(model.device());
        model.forward(x, nullptr, probe);
        st.tokens += double(x.numel());
    }
    sumOverRanks(world, st.layers, st.tokens);
    return st;
}

} // namespace

// Wanda-sp and FLAP: channel scores of o_proj/down_proj inputs, summed per head/group.
WidthScores activationWidthScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                                  const ProgressFn& progress) {
    const ChannelStats st = activationStats(model, calib, o.batch, progress, dist::orOne(o.world));
    const ModelConfig& c = model.config;
    WidthScores out;
    const size_t L = c.layers.size();
    out.attention_groups.assign(L, {}), out.attention_heads.assign(L, {}), out.mlp.assign(L, {});
    for (size_t i = 0; i < L; ++i)
        setActivationScores(out, i, c.layers[i], c.head_dim, model.layers[i], st.layers[i], o.criterion == Criterion::Flap, st.tokens);
    return out;
}

// Adaptive fusion (PruneBench's design after HyWIA's idea): per layer, the mix of element1
// (fine) and vector (coarse) scores whose cut, at the target plan's ratio and attention unit,
// costs the least calibration loss in the better input's context, checked against both inputs
// as whole plans (the rule: core/prune/fusion_rule.h; the losses: core/prune/fusion_losses.h).
WidthScores fusionScores(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                         const ProgressFn& progress) {
    const PruningPlan target = fusionTarget(model.config, o.fusion_plan);  // a plan that does not fit: before any pass
    ScoreOptions so = o;
    so.criterion = Criterion::TaylorElement1;
    const WidthScores fine = taylorScores(model, calib, so, subProgress(progress, 0.0, 0.3));
    so.criterion = Criterion::TaylorVector;
    const WidthScores coarse = taylorScores(model, calib, so, subProgress(progress, 0.3, 0.6));
    const Calibration probe{calib.ids.narrow(0, 0, std::min<int64_t>(calib.samples(), kFusionProbeSamples))};  // [P, T]
    InMemoryFusionLosses losses(model, probe, subProgress(progress, 0.6, 1.0));
    return fuseScores(model.config, target, fine, coarse, losses, probe.samples());
}

// l1 |W|, l2 W^2, random (the shapes of l1, uniform scores).
WidthScores magnitudeScores(LlamaModel& model, const Calibration&, const ScoreOptions& o, const ProgressFn&) {
    const bool squared = o.criterion == Criterion::L2;
    WidthScores out = fromElements(model, o, [&](const TensorNode& n) {
        auto w = weightOf(model, n);
        return squared ? w.square() : w.abs();
    }, SignedReduce::Plain);
    if (o.criterion == Criterion::Random) randomize(out, o.seed);
    return out;
}

} // namespace pb
