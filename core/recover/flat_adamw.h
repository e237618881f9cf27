#pragma once
// AdamW over one flat float32 buffer. The adapters (hundreds of small tensors) are turned
// into views of one buffer and their gradients into views of one gradient buffer, so a
// step, the gradient norm, clipping and the last-good snapshot are a handful of kernels
// instead of a handful per tensor, and the training loop syncs with the device once per
// step. The update is torch.optim.AdamW's (decoupled weight decay, bias correction,
// eps added after the square root).
#include <cstdint>
#include <vector>

#include <torch/types.h>

namespace pb {

struct AdamWHyper {
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0;
};

class FlatAdamW {
public:
    // Re-points every *slot to a view of the working buffer (values copied), makes it
    // require grad and gives it a gradient that is a view of the flat gradient buffer
    // (zeroed). All slots must be float32 on one device. With a `work` dtype other than
    // float32 (bf16 training), the slots and their gradients are in that dtype and the
    // float32 masters live here: the step updates the masters and copies them back.
    FlatAdamW(const std::vector<torch::Tensor*>& slots, const AdamWHyper& hyper,
              torch::ScalarType work = torch::kFloat32);
    // Points the slots at float32 views of the masters, without gradients (also on destruction).
    void release();
    ~FlatAdamW();
    FlatAdamW(const FlatAdamW&) = delete;
    FlatAdamW& operator=(const FlatAdamW&) = delete;

    void zeroGrad();
    // Sum of squared gradient entries, on the device (no sync) [].
    torch::Tensor gradNormSquared() const;
    // Scales the gradients by `factor` (gradient clipping).
    void scaleGrad(double factor);
    void step(double lr);

    void snapshot();  // remembers the current values
    void restore();   // back to the remembered values

    const torch::Tensor& values() const { return flat_; }  // [n] float32
    // [n] in the working dtype: the slots' gradients are views of it (summed in place across ranks).
    torch::Tensor& gradients() { return grad_; }
    int64_t size() const { return flat_.numel(); }

private:
    std::vector<torch::Tensor*> slots_;
    torch::Tensor flat_, exp_avg_, exp_avg_sq_, good_;  // [n] float32 each: masters, moments, snapshot
    torch::Tensor work_, grad_;                         // [n] in the working dtype (work_ = flat_ for float32)
    bool released_ = false;
    AdamWHyper h_;
    int64_t t_ = 0;
};

} // namespace pb
