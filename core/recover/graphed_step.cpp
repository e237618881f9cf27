#include "core/recover/graphed_step.h"

#include <torch/torch.h>

#include "core/model/cuda_graph.h"

namespace pb {

GraphedMicroStep::GraphedMicroStep(const LlamaModel& model, const Batch& first) {
    ids_ = first.ids.clone();
    labels_ = first.labels.clone();
    inv_divisor_ = torch::ones({}, torch::TensorOptions().dtype(torch::kFloat32).device(first.ids.device()));
    rope_ = model.ropeFor(0, ids_.size(1), ids_.device());
    auto body = [this, &model] {
        torch::AutoGradMode grad_on(true);
        Batch b;
        b.ids = ids_, b.labels = labels_;
        loss_ = lossSum(model, b);             // [] float32
        (loss_ * inv_divisor_).backward();     // into the adapters' .grad (in place)
        loss_ = loss_.detach();
    };
    work_ = std::make_unique<CapturedWork>(body, first.ids.device().index());
}

GraphedMicroStep::~GraphedMicroStep() = default;

bool GraphedMicroStep::fits(const Batch& b) const {
    return b.ids.size(0) == ids_.size(0) && b.ids.size(1) <= ids_.size(1) && b.ids.device() == ids_.device();
}

void GraphedMicroStep::load(const Batch& b, double divisor) {
    const int64_t T = b.ids.size(1);
    if (T < ids_.size(1)) {
        ids_.zero_();
        labels_.fill_(-100);
    }
    ids_.narrow(1, 0, T).copy_(b.ids);
    labels_.narrow(1, 0, T).copy_(b.labels);
    inv_divisor_.fill_(1.0 / divisor);
}

torch::Tensor GraphedMicroStep::run(const Batch& b, double divisor) {
    load(b, divisor);
    work_->replay();
    return loss_;
}

} // namespace pb
