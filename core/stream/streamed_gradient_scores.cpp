#include "core/stream/streamed_gradient_scores.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>

#include <torch/torch.h>

#include "core/graph/dependency_graph.h"
#include "core/model/llama_model.h"
#include "core/plan/criteria.h"
#include "core/prune/fusion_rule.h"
#include "core/prune/group_reduce.h"
#include "core/prune/masking.h"
#include "core/prune/taylor_terms.h"
#include "core/stream/stream_core.h"
#include "core/stream/streamed_backward.h"
#include "core/util/error.h"

namespace pb {

namespace {

using TensorScores = std::function<torch::Tensor(const torch::Tensor& weight)>;  // weight -> element scores

// Member scores of block `layer`'s groups from its loaded tensors (the other blocks' members
// stay undefined and add nothing to an accumulation).
MemberScores blockMembers(const DependencyGraph& graph, LlamaModel& shell, size_t layer, const TensorScores& element,
                          SignedReduce reduce) {
    return memberScores(graph, [&](const TensorNode& n) -> torch::Tensor {
        if (n.layer != static_cast<int>(layer)) return {};
        const torch::Tensor* t = shell.tensorByName(n.name);
        if (!t || !t->defined()) throw Error("internal: block tensor '" + n.name + "' is not loaded");
        return element(*t);
    }, reduce, false);
}

WidthScores widthScoresOf(const DependencyGraph& graph, const ModelConfig& c, const MemberScores& acc,
                          Aggregation aggregation) {
    WidthScores out;
    fillWidthScores(out, c, aggregateGroups(graph, acc, aggregation));
    return out;
}

// taylor_element1 (fine) and taylor_vector (coarse; taylor_vector_slice with AbsPerUnit) from one
// gradient of the mean loss.
struct FirstOrder {
    MemberScores element1, vector;
};
FirstOrder firstOrderMembers(StreamCore& core, const DependencyGraph& graph, const Calibration& calib, int64_t batch,
                             bool want_element1, bool want_vector, const ProgressFn& progress,
                             SignedReduce vector_reduce = SignedReduce::AbsPerVector) {
    FirstOrder f;
    LlamaModel& m = core.shell;
    streamedGradientPasses(core, calib, batch, false, [&](size_t i) {
        if (want_element1)
            f.element1.add(blockMembers(graph, m, i, [](const torch::Tensor& t) { return taylorFirstOrder(t.grad(), t, false); }, SignedReduce::Plain));
        if (want_vector)
            f.vector.add(blockMembers(graph, m, i, [](const torch::Tensor& t) { return taylorFirstOrder(t.grad(), t, true); }, vector_reduce));
    }, progress);
    return f;
}

// taylor_element2 and taylor_mix: per-sample gradients, as the in-memory path takes them.
MemberScores secondOrderMembers(StreamCore& core, const DependencyGraph& graph, const Calibration& calib, bool mix,
                                const ProgressFn& progress) {
    LlamaModel& m = core.shell;
    const double N = double(calib.samples());
    MemberScores acc;
    std::map<const torch::Tensor*, TaylorMixMoments> moments;  // mix: the loaded block's tensors
    int64_t seen = 0;                                          // samples of the loaded block so far
    streamedGradientPasses(core, calib, 1, true, [&](size_t i) {
        if (!mix) {
            acc.add(blockMembers(graph, m, i, [&](const torch::Tensor& t) { return taylorSecondOrderTerm(t.grad(), t, N); }, SignedReduce::Plain));
            return;
        }
        for (const LayerSlotSpec& s : kLayerSlots)
            if (const torch::Tensor& t = m.layers[i].*s.field; t.defined()) moments[&t].add(t.grad());
        if (++seen < calib.samples()) return;
        acc.add(blockMembers(graph, m, i, [&](const torch::Tensor& t) { return moments.at(&t).scores(t, N); }, SignedReduce::Plain));
        moments.clear(), seen = 0;
    }, progress);
    return acc;
}

// Adaptive fusion's losses streamed (the rule: core/prune/fusion_rule.h), one forward pass over
// the file per call on the probe samples: every whole plan is a run of its own; in layerLosses
// the context run advances block by block and each candidate cut of block i starts from the
// context's state at block i (the model before i is the context's), then runs on through the
// later blocks cut as the context says.
class StreamedFusionLosses final : public FusionLosses {
public:
    StreamedFusionLosses(StreamCore& core, torch::Tensor probe, ProgressFn progress)
        : core_(core), probe_(std::move(probe)), progress_(std::move(progress)) {}

    std::vector<double> planLosses(const std::vector<std::vector<FusionMask>>& plans) override {
        torch::NoGradGuard ng;
        LlamaModel& m = core_.shell;
        std::vector<torch::Tensor> runs(plans.size(), core_.embedded({probe_})[0]);  // [P, T, H] each
        core_.pass(nullptr, progress_, "fusion", [&](size_t i) {
            for (size_t k = 0; k < plans.size(); ++k) {
                MaskGuard guard(m);
                applyFusionMask(guard, i, config().layers[i], plans[k][i]);
                runs[k] = m.runBlock(i, runs[k]);
            }
        });
        std::vector<double> out;
        for (const torch::Tensor& h : runs) out.push_back(lossOf(h));
        return out;
    }

    std::vector<std::vector<double>> layerLosses(const std::vector<FusionMask>& context,
                                                 const std::vector<FusionCandidates>& candidates,
                                                 const std::vector<std::vector<bool>>& want) override {
        torch::NoGradGuard ng;
        LlamaModel& m = core_.shell;
        const size_t L = config().layers.size();
        struct Run {
            size_t layer, candidate;
            torch::Tensor h;  // [P, T, H]
        };
        std::vector<Run> runs;
        torch::Tensor ctx = core_.embedded({probe_})[0];  // [P, T, H]: the context's state
        core_.pass(nullptr, progress_, "fusion", [&](size_t i) {
            const LayerDims& d = config().layers[i];
            torch::Tensor before = ctx;
            {
                MaskGuard guard(m);  // block i cut as the context says
                applyFusionMask(guard, i, d, context[i]);
                for (Run& r : runs) r.h = m.runBlock(i, r.h);
                ctx = m.runBlock(i, ctx);
            }
            for (size_t j = 0; j < candidates[i].masks.size(); ++j) {
                if (!want[i][j]) continue;
                MaskGuard guard(m);
                applyFusionMask(guard, i, d, candidates[i].masks[j]);
                runs.push_back({i, j, m.runBlock(i, before)});
            }
        });
        std::vector<std::vector<double>> out(L);
        for (size_t i = 0; i < L; ++i) out[i].assign(candidates[i].masks.size(), 0.0);
        for (const Run& r : runs) out[r.layer][r.candidate] = lossOf(r.h);
        return out;
    }

private:
    const ModelConfig& config() const { return core_.loader.config(); }
    // The mean next-token loss of final states h [P, T, H], 4 samples at a time (the logits
    // [4, T, V] only), weighted as the in-memory path weighs its batches.
    double lossOf(const torch::Tensor& h) const {
        const int64_t P = h.size(0);
        double sum = 0.0;
        for (int64_t s = 0; s < P; s += 4) {
            const int64_t b = std::min<int64_t>(4, P - s);
            sum += streamedLoss(core_.shell, h.narrow(0, s, b), probe_.narrow(0, s, b)).item<double>() * double(b);
        }
        return sum / double(P);
    }

    StreamCore& core_;
    torch::Tensor probe_;  // [P, T] on the device
    ProgressFn progress_;
};

} // namespace

WidthScores streamedGradientWidth(StreamCore& core, const Calibration& calib, const ScoreOptions& o,
                                  const ProgressFn& progress) {
    if (o.score_hidden)
        throw Error("hidden-channel scores are not streamed (they need the embedding's and every block's gradients "
                    "at once): load the model instead");
    const ModelConfig& c = core.loader.config();
    const DependencyGraph graph = buildDependencyGraph(c);
    switch (o.criterion) {
        case Criterion::TaylorElement1:
        case Criterion::TaylorVector:
        case Criterion::TaylorVectorSlice: {
            const bool vector = o.criterion != Criterion::TaylorElement1;
            FirstOrder f = firstOrderMembers(core, graph, calib, o.batch, !vector, vector, progress, signedReduceOf(o.criterion));
            return widthScoresOf(graph, c, vector ? f.vector : f.element1, o.aggregation);
        }
        case Criterion::TaylorElement2:
        case Criterion::TaylorMix:
            return widthScoresOf(graph, c, secondOrderMembers(core, graph, calib, o.criterion == Criterion::TaylorMix, progress),
                                 o.aggregation);
        case Criterion::Fusion: {
            const PruningPlan target = fusionTarget(c, o.fusion_plan);  // a plan that does not fit: before any pass
            FirstOrder f = firstOrderMembers(core, graph, calib, o.batch, true, true, subProgress(progress, 0.0, 0.6));
            const WidthScores fine = widthScoresOf(graph, c, f.element1, o.aggregation);
            const WidthScores coarse = widthScoresOf(graph, c, f.vector, o.aggregation);
            const torch::Tensor probe =
                calib.ids.narrow(0, 0, std::min<int64_t>(calib.samples(), kFusionProbeSamples)).to(core.device);  // [P, T]
            StreamedFusionLosses losses(core, probe, subProgress(progress, 0.6, 1.0));
            return fuseScores(c, target, fine, coarse, losses, probe.size(0));
        }
        default:
            throw Error("internal: '" + criterionName(o.criterion) + "' is not a streamed gradient width criterion");
    }
}

BlockScores streamedBlockTaylor(StreamCore& core, const Calibration& calib, const ScoreOptions& o,
                                const ProgressFn& progress) {
    BlockScores out;
    out.scores.assign(core.loader.config().layers.size(), 0.0);
    streamedGradientPasses(core, calib, o.batch, false, [&](size_t i) { out.scores[i] = blockTaylorScore(core.shell.layers[i]); },
                           progress);
    return out;
}

} // namespace pb
