#include "core/prune/streamed_taylor.h"

#include <cmath>
#include <map>
#include <mutex>
#include <vector>

#include <torch/torch.h>

#include "core/graph/dependency_graph.h"
#include "core/model/fused_ops.h"
#include "core/model/llama_model.h"
#include "core/plan/block_presence.h"
#include "core/prune/group_reduce.h"
#include "core/prune/layer_reduce_worker.h"
#include "core/util/error.h"

namespace pb {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

bool rowCoupled(Projection p) { return p != Projection::O && p != Projection::Down; }

// What the backward passes need and what they leave: per weight (and bias), keyed by its
// storage, the element scores reduced along the coupled dimension; and per layer the calls
// still to come, so that a finished layer goes to the reduce worker at once.
struct StreamState {
    bool signed_sum = false;  // taylor_vector: Σ g·W per row (abs per row, then the unit sum); element1: Σ |g·W|
    struct Call {
        torch::Tensor w, b;
        Projection proj;
        size_t layer;
    };
    std::vector<Call> calls;
    std::map<const void*, torch::Tensor> along;  // float32 [units along]
    std::map<size_t, int> pending;               // layer -> backward calls not yet run
    LayerReduceWorker* worker = nullptr;
    std::mutex mutex;
    void add(const torch::Tensor& key, const torch::Tensor& v) {
        std::lock_guard<std::mutex> lock(mutex);
        auto& a = along[key.data_ptr()];
        a = a.defined() ? a + v : v;
    }
    // The backward of one of `layer`'s calls has run; the last one hands the layer over.
    void done(size_t layer) {
        std::vector<std::pair<const void*, torch::Tensor>> vectors;
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (--pending[layer] > 0) return;
            for (const Call& c : calls)
                if (c.layer == layer)
                    for (const torch::Tensor* t : {&c.w, &c.b})
                        if (t->defined()) {
                            auto it = along.find(t->data_ptr());
                            if (it != along.end()) vectors.emplace_back(it->first, it->second);
                        }
        }
        worker->submit(int(layer), vectors);
    }
};

struct ScoredLinear : public torch::autograd::Function<ScoredLinear> {
    // x: [B, T, in]; anchor: [] requiring grad, so the output joins the graph.
    static torch::Tensor forward(AutogradContext* ctx, torch::Tensor x, torch::Tensor anchor, int64_t state,
                                 int64_t call) {
        ctx->save_for_backward({x});
        ctx->saved_data["state"] = state;
        ctx->saved_data["call"] = call;
        auto& st = *reinterpret_cast<StreamState*>(state);
        const auto& c = st.calls[size_t(call)];
        const auto& w = c.w;
        const auto& b = c.b;
        return b.defined() ? torch::nn::functional::linear(x, w, b) : torch::nn::functional::linear(x, w);  // [B, T, out]
    }
    static variable_list backward(AutogradContext* ctx, variable_list grad_out) {
        auto& st = *reinterpret_cast<StreamState*>(ctx->saved_data["state"].toInt());
        const auto& c = st.calls[size_t(ctx->saved_data["call"].toInt())];
        const auto& w = c.w;
        const auto& b = c.b;
        const Projection proj = c.proj;
        const auto x = ctx->get_saved_variables()[0];
        const auto dy = grad_out[0];                         // [B, T, out]
        const auto dy2 = dy.reshape({-1, dy.size(-1)});      // [N, out]
        {
            torch::NoGradGuard ng;
            // The weight's gradient, then g·W in place in the model dtype (bf16 on the GPU: a
            // third of the memory traffic of float32 copies) summed with float32 accumulation.
            auto e = dy2.t().matmul(x.reshape({-1, x.size(-1)}));  // [out, in]
            const int64_t along = rowCoupled(proj) ? 1 : 0;
            // On the GPU one kernel reads the gradient and W once (core/model/fused_ops).
            auto reduced = fusedProductReduce(e, w, along, !st.signed_sum);  // [out] or [in] float32
            if (!reduced.defined()) {
                e.mul_(w);
                // Σ|g·W| as one L1-norm reduction (the absolute value read inside it, not a pass of its own).
                reduced = st.signed_sum ? e.sum({along}, false, torch::kFloat32)
                                        : at::linalg_vector_norm(e, 1, {along}, false, torch::kFloat32);
            }
            st.add(w, reduced);  // [out] or [in]; no per-tensor cast: one per layer (LayerReduceWorker::submit)
            if (b.defined()) {
                auto eb = dy2.sum(0).to(torch::kFloat32) * b.to(torch::kFloat32);  // [out]
                st.add(b, st.signed_sum ? eb : eb.abs());
            }
        }
        st.done(c.layer);
        torch::Tensor dx;
        if (ctx->needs_input_grad(0)) dx = dy.matmul(w);  // [B, T, in]
        return {dx, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

// Installs the override for the scope of one scoring run.
class OverrideScope {
public:
    OverrideScope(LlamaModel& m, StreamState& st) : model_(m), previous_(m.linear_override) {
        anchor_ = torch::zeros({}, torch::TensorOptions().dtype(m.embed.scalar_type()).device(m.device()))
                      .requires_grad_(true);
        m.linear_override = [&st, a = anchor_](size_t layer, Projection p, const torch::Tensor& x,
                                               const torch::Tensor& w, const torch::Tensor& b) {
            st.calls.push_back({w, b, p, layer});
            ++st.pending[layer];
            return ScoredLinear::apply(x, a, int64_t(reinterpret_cast<intptr_t>(&st)), int64_t(st.calls.size() - 1));
        };
    }
    ~OverrideScope() { model_.linear_override = previous_; }

private:
    LlamaModel& model_;
    LinearOverride previous_;
    torch::Tensor anchor_;
};

} // namespace

bool streamedTaylorApplies(const Calibration& calib, const ScoreOptions& o) {
    // Across ranks the gradient-buffer path sums gradients (element1's |g·W| is not additive).
    return criterionInfo(o.criterion).one_pass_gradients && !o.score_hidden &&
           o.batch >= calib.samples() && dist::orOne(o.world).size() == 1;
}

WidthScores streamedTaylor(LlamaModel& model, const Calibration& calib, const ScoreOptions& o,
                           const ProgressFn& progress) {
    if (!streamedTaylorApplies(calib, o))
        throw Error("streamed Taylor scoring needs taylor_element1 or taylor_vector, one pass over all samples and "
                    "no hidden-channel scores");
    requireScorableBlocks(model.config, "the model");
    StreamState st;
    st.signed_sum = signedReduceOf(o.criterion) != SignedReduce::Plain;
    const DependencyGraph graph = buildDependencyGraph(model.config);
    LayerReduceWorker worker(graph, o.aggregation, signedReduceOf(o.criterion), [&model](const TensorNode& n) {
        const torch::Tensor* t = model.tensorByName(n.name);
        return t && t->defined() ? static_cast<const void*>(t->data_ptr()) : nullptr;
    });
    st.worker = &worker;
    reportProgress(progress, 0.0, "gradients, " + std::to_string(calib.samples()) + " samples in one pass");
    {
        OverrideScope scope(model, st);
        torch::AutoGradMode grad_on(true);
        auto loss = calibrationLoss(model, calib.ids);  // [] mean over all samples
        loss.backward();  // checked after: a sync between forward and backward would idle the GPU
        if (!std::isfinite(loss.item<double>())) throw Error("the calibration loss is not finite (NaN or infinity)");
    }
    reportProgress(progress, 0.9, "reducing scores");
    for (const auto& [layer, left] : st.pending)  // a call whose backward never ran: hand its layer over now
        if (left > 0) {
            st.pending[layer] = 1;
            st.done(layer);
        }
    WidthScores out;
    fillWidthScores(out, model.config, worker.finish());
    return out;
}

} // namespace pb
