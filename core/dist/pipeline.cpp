#include "core/dist/pipeline.h"

#include <torch/torch.h>

#include "core/dist/peers.h"
#include "core/util/error.h"

namespace pb::dist {

namespace {
// Tags of one pair of neighbours: activations forward, their gradients back (Gloo matches them;
// NCCL pairs transfers in order, which the schedule keeps alike on both sides).
int forwardTag(size_t m) { return int(2 * m); }
int backwardTag(size_t m) { return int(2 * m + 1); }
} // namespace

Pipeline::Pipeline(World& world, StagePlan plan)
    : world_(world), plan_(std::move(plan)), layout_(pipelineLayout(world.size(), plan_.size())) {
    stage_ = layout_.stageOf(world.rank());
    replica_ = layout_.replicaOf(world.rank());
    peers_ = peersOf(world);
    if (world.size() > 1 && !peers_) throw Error("internal: a pipeline across ranks needs a c10d process group");
    if (layout_.replicas > 1) {
        std::vector<int> members;
        for (int r = 0; r < layout_.replicas; ++r) members.push_back(layout_.rankOf(stage_, r));
        replica_group_ = peers_->subgroup("stage" + std::to_string(stage_), members);
    }
}

Pipeline::~Pipeline() = default;

World& Pipeline::replicaGroup() const { return replica_group_ ? *replica_group_ : one(); }

void Pipeline::run(const std::vector<Shape>& shapes, const Stage& st, bool backward) {
    torch::AutoGradMode grad_mode(backward);
    const auto opts = torch::TensorOptions().dtype(st.dtype).device(st.device);
    const size_t M = shapes.size();
    std::vector<std::function<void()>> pending;  // sends in flight
    std::vector<torch::Tensor> inputs(M), outputs(M);  // kept for backward: [rows, T, H] / the head's scalar
    for (size_t m = 0; m < M; ++m) {
        torch::Tensor x;
        if (first()) {
            x = st.input(m);  // [rows, T, H]
        } else {
            x = torch::empty({shapes[m].rows, shapes[m].tokens, st.hidden}, opts);
            peers_->recv(x, prevRank(), forwardTag(m));
            if (backward) x.requires_grad_(true);
        }
        torch::Tensor y = st.blocks(m, x);  // [rows, T, H]
        torch::Tensor out = y;
        if (last()) out = st.head(m, y);
        else pending.push_back(peers_->isend(y.detach().contiguous(), nextRank(), forwardTag(m)));
        if (backward) inputs[m] = x, outputs[m] = out;  // forward only: nothing kept
    }
    if (backward) {
        for (size_t k = M; k-- > 0;) {
            if (last()) {
                if (!outputs[k].defined()) throw Error("internal: the pipeline's last stage gave no loss to differentiate");
                if (outputs[k].requires_grad()) outputs[k].backward();
            } else {
                auto g = torch::empty({shapes[k].rows, shapes[k].tokens, st.hidden}, opts);  // dL/dy [rows, T, H]
                peers_->recv(g, nextRank(), backwardTag(k));
                if (outputs[k].requires_grad()) outputs[k].backward(g);  // a first stage with nothing to train: no graph
            }
            if (!first()) {
                torch::Tensor gx = inputs[k].grad();  // dL/dx [rows, T, H]
                if (!gx.defined()) gx = torch::zeros_like(inputs[k]);
                pending.push_back(peers_->isend(gx.contiguous(), prevRank(), backwardTag(k)));
            }
            inputs[k] = torch::Tensor();
            outputs[k] = torch::Tensor();
        }
    }
    for (auto& wait : pending) wait();
}

std::vector<std::pair<int64_t, int64_t>> microBatches(int64_t begin, int64_t end, int64_t rows) {
    std::vector<std::pair<int64_t, int64_t>> out;
    const int64_t step = std::max<int64_t>(rows, 1);
    for (int64_t s = begin; s < end; s += step) out.emplace_back(s, std::min(step, end - s));
    return out;
}

} // namespace pb::dist
