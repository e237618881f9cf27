#include "core/prune/taylor_terms.h"

#include <torch/torch.h>

#include "core/model/llama_model.h"

namespace pb {

torch::Tensor taylorFirstOrder(const torch::Tensor& grad, const torch::Tensor& weight, bool signed_sum) {
    auto gw = grad.to(torch::kFloat32) * weight.detach().to(torch::kFloat32);
    return signed_sum ? gw : gw.abs();
}

torch::Tensor taylorSecondOrderTerm(const torch::Tensor& sample_grad, const torch::Tensor& weight, double samples) {
    return (sample_grad.to(torch::kFloat32) * weight.detach().to(torch::kFloat32)).square() / samples;
}

void TaylorMixMoments::add(const torch::Tensor& sample_grad) {
    auto g = sample_grad.to(torch::kFloat32);
    fisher = fisher.defined() ? fisher.add_(g.square()) : g.square();
    grad_sum = grad_sum.defined() ? grad_sum.add_(g) : g.clone();
}

torch::Tensor TaylorMixMoments::scores(const torch::Tensor& weight, double samples) const {
    auto w = weight.detach().to(torch::kFloat32);
    return (grad_sum / samples * w - 0.5 * w.square() * (fisher / samples)).abs();
}

double blockTaylorScore(const LayerWeights& block) {
    double s = 0;
    for (const LayerSlotSpec& slot : kLayerSlots)
        if (const torch::Tensor& t = block.*slot.field; t.defined())
            s += taylorFirstOrder(t.grad(), t, false).sum().item<double>();
    return s;
}

} // namespace pb
