#include "core/recover/flat_adamw.h"

#include <cmath>

#include <torch/torch.h>

#include "core/util/error.h"

namespace pb {

FlatAdamW::FlatAdamW(const std::vector<torch::Tensor*>& slots, const AdamWHyper& hyper, torch::ScalarType work)
    : slots_(slots), h_(hyper) {
    if (slots.empty()) throw Error("no parameters to optimise");
    torch::NoGradGuard ng;
    int64_t n = 0;
    const auto device = slots.front()->device();
    for (const torch::Tensor* s : slots) {
        if (s->scalar_type() != torch::kFloat32 || s->device() != device)
            throw Error("optimiser parameters must be float32 on one device");
        n += s->numel();
    }
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    flat_ = torch::empty({n}, opts);
    exp_avg_ = torch::zeros({n}, opts);
    exp_avg_sq_ = torch::zeros({n}, opts);
    int64_t off = 0;
    for (torch::Tensor* s : slots) {
        flat_.narrow(0, off, s->numel()).view(s->sizes()).copy_(*s);
        off += s->numel();
    }
    work_ = work == torch::kFloat32 ? flat_ : flat_.to(work);
    grad_ = torch::zeros({n}, opts.dtype(work));
    off = 0;
    for (torch::Tensor* s : slots) {
        const int64_t k = s->numel();
        auto view = work_.narrow(0, off, k).view(s->sizes());
        view.requires_grad_(true);
        // autograd accumulates in place into a gradient that is already there
        view.mutable_grad() = grad_.narrow(0, off, k).view(s->sizes());
        *s = view;
        off += k;
    }
}

void FlatAdamW::release() {
    if (released_) return;
    released_ = true;
    torch::NoGradGuard ng;
    int64_t off = 0;
    for (torch::Tensor* s : slots_) {
        const int64_t k = s->numel();
        auto shape = s->sizes().vec();
        if (s->requires_grad()) {
            s->mutable_grad() = torch::Tensor();
            s->requires_grad_(false);
        }
        *s = flat_.narrow(0, off, k).view(shape);
        off += k;
    }
}

FlatAdamW::~FlatAdamW() {
    try {
        release();
    } catch (...) {
    }
}

void FlatAdamW::zeroGrad() { grad_.zero_(); }

torch::Tensor FlatAdamW::gradNormSquared() const { return grad_.to(torch::kFloat32).square().sum(); }

void FlatAdamW::scaleGrad(double factor) { grad_.mul_(factor); }

void FlatAdamW::step(double lr) {
    torch::NoGradGuard ng;
    ++t_;
    const double bc1 = 1.0 - std::pow(h_.beta1, double(t_));
    const double bc2 = 1.0 - std::pow(h_.beta2, double(t_));
    const auto g = grad_.to(torch::kFloat32);  // [n]
    if (h_.weight_decay != 0.0) flat_.mul_(1.0 - lr * h_.weight_decay);
    exp_avg_.lerp_(g, 1.0 - h_.beta1);
    exp_avg_sq_.mul_(h_.beta2).addcmul_(g, g, 1.0 - h_.beta2);
    auto denom = (exp_avg_sq_.sqrt() / std::sqrt(bc2)).add_(h_.eps);
    flat_.addcdiv_(exp_avg_, denom, -lr / bc1);
    if (!work_.is_same(flat_)) work_.copy_(flat_);
}

void FlatAdamW::snapshot() {
    torch::NoGradGuard ng;
    if (good_.defined()) good_.copy_(flat_);
    else good_ = flat_.detach().clone();
}

void FlatAdamW::restore() {
    torch::NoGradGuard ng;
    if (!good_.defined()) return;
    flat_.copy_(good_);
    if (!work_.is_same(flat_)) work_.copy_(flat_);
}

} // namespace pb
