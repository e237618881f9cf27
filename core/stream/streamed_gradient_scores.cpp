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

// Adaptive fusion's loss search in one forward pass over the first probe samples: at block i,
// every alpha's masked run of block i starts from the dense states there (the model before i is
// the dense one) and then advances with the earlier layers' variants through the later blocks.
// Alphas whose masks are equal share one run (in memory they give the same loss, and the first
// alpha wins a tie).
WidthScores fusionFromScores(StreamCore& core, const Calibration& calib, const ScoreOptions& o, const WidthScores& fine,
                             const WidthScores& coarse, const ProgressFn& progress) {
    torch::NoGradGuard ng;
    LlamaModel& m = core.shell;
    const ModelConfig& c = core.loader.config();
    const size_t L = c.layers.size(), A = std::size(kFusionAlphas);
    const torch::Tensor probe =
        calib.ids.narrow(0, 0, std::min<int64_t>(calib.samples(), kFusionProbeSamples)).to(core.device);  // [P, T]
    torch::Tensor dense = core.embedded({probe})[0];  // [P, T, H]
    std::vector<torch::Tensor> runs;                  // [P, T, H] each, one per distinct mask
    std::vector<std::vector<size_t>> run_of(L, std::vector<size_t>(A));  // layer, alpha -> its run
    core.pass(nullptr, progress, "fusion", [&](size_t i) {
        for (auto& r : runs) r = m.runBlock(i, r);
        const LayerDims& d = c.layers[i];
        std::vector<FusionMask> masks;  // the distinct ones, indices sorted
        std::vector<size_t> first_run;
        for (size_t a = 0; a < A; ++a) {
            FusionMask mask = fusionMask(fine, coarse, i, d, o.fusion_ratio, kFusionAlphas[a]);
            std::sort(mask.heads.begin(), mask.heads.end());
            std::sort(mask.channels.begin(), mask.channels.end());
            const auto same = std::find(masks.begin(), masks.end(), mask);
            if (same != masks.end()) {
                run_of[i][a] = first_run[size_t(same - masks.begin())];
                continue;
            }
            MaskGuard guard(m);
            applyFusionMask(guard, i, d, mask);
            runs.push_back(m.runBlock(i, dense));
            run_of[i][a] = runs.size() - 1;
            masks.push_back(mask), first_run.push_back(runs.size() - 1);
        }
        dense = m.runBlock(i, dense);
    });
    std::vector<double> loss(runs.size());
    for (size_t r = 0; r < runs.size(); ++r) loss[r] = streamedLoss(m, runs[r], probe).item<double>();
    WidthScores out = fine;
    out.fusion_alpha.assign(L, 1.0);
    for (size_t i = 0; i < L; ++i) {
        double best_loss = std::numeric_limits<double>::infinity(), best_alpha = 1.0;
        for (size_t a = 0; a < A; ++a)
            if (loss[run_of[i][a]] < best_loss) best_loss = loss[run_of[i][a]], best_alpha = kFusionAlphas[a];
        setFusionLayer(out, fine, coarse, i, best_alpha);
    }
    return out;
}

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
            FirstOrder f = firstOrderMembers(core, graph, calib, o.batch, true, true, subProgress(progress, 0.0, 0.6));
            const WidthScores fine = widthScoresOf(graph, c, f.element1, o.aggregation);
            const WidthScores coarse = widthScoresOf(graph, c, f.vector, o.aggregation);
            return fusionFromScores(core, calib, o, fine, coarse, subProgress(progress, 0.6, 1.0));
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
