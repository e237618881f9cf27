#include "core/stream/streamed_backward.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/stream/activation_store.h"
#include "core/stream/stream_core.h"
#include "core/util/error.h"

namespace pb {

namespace {

// Gives one loaded block's weights gradients for the scope of its backward.
class BlockGradScope {
public:
    explicit BlockGradScope(LayerWeights& w) : w_(w) {
        for (const LayerSlotSpec& s : kLayerSlots)
            if (torch::Tensor& t = w_.*s.field; t.defined()) t = t.detach().requires_grad_(true);
    }
    ~BlockGradScope() {
        for (const LayerSlotSpec& s : kLayerSlots)
            if (torch::Tensor& t = w_.*s.field; t.defined()) t.mutable_grad() = torch::Tensor(), t.requires_grad_(false);
    }
    BlockGradScope(const BlockGradScope&) = delete;
    BlockGradScope& operator=(const BlockGradScope&) = delete;
    void zero() {
        for (const LayerSlotSpec& s : kLayerSlots)
            if (torch::Tensor& t = w_.*s.field; t.defined() && t.grad().defined()) t.mutable_grad().zero_();
    }

private:
    LayerWeights& w_;
};

} // namespace

torch::Tensor streamedLoss(const LlamaModel& shell, const torch::Tensor& h, const torch::Tensor& ids) {
    auto logits = shell.logitsOf(h);  // [b, T, V] float32
    const int64_t T = ids.size(1);
    return torch::nn::functional::cross_entropy(logits.narrow(1, 0, T - 1).reshape({-1, logits.size(-1)}),
                                                ids.narrow(1, 1, T - 1).reshape({-1}));
}

void streamedGradientPasses(StreamCore& core, const Calibration& calib, int64_t batch, bool per_sample,
                            const std::function<void(size_t)>& on_block, const ProgressFn& progress) {
    LlamaModel& m = core.shell;
    const ModelConfig& c = core.loader.config();
    const size_t L = c.layers.size();
    const int64_t N = calib.samples(), T = calib.length();
    const int64_t step = per_sample ? 1 : std::max<int64_t>(batch, 1);  // as gradientPasses
    const std::vector<torch::Tensor> ids = streamBatches(calib.ids, step, core.device);  // [b, T] each
    const uint64_t bytes = activationBytes(int64_t(L), N, T, c.hidden, m.embed.scalar_type());
    ActivationStore store(core.device,
                          keepActivationsOnDevice(core.options.activations, core.device, bytes, freeDeviceBytes(core.device)),
                          L, ids.size());
    core.stats.activations = store.onDevice() ? "device" : "host";
    core.stats.activation_bytes = bytes;

    // Forward: every block's input per micro-batch kept, no graph.
    std::vector<torch::Tensor> h;  // [b, T, H] each
    {
        torch::NoGradGuard ng;
        h = core.embedded(ids);
        core.pass(nullptr, subProgress(progress, 0.0, 0.45), "forward", [&](size_t i) {
            for (size_t k = 0; k < h.size(); ++k) {
                store.put(i, k, h[k]);
                h[k] = m.runBlock(i, h[k]);
            }
        });
    }
    // The loss, weighted so that summed gradients are those of the mean loss over all samples
    // (per sample: each sample's own loss): dL/dh after the last block.
    torch::AutoGradMode grad_on(true);
    std::vector<torch::Tensor> dh(h.size());  // [b, T, H] each
    for (size_t k = 0; k < h.size(); ++k) {
        reportProgress(progress, 0.45, "loss, batch " + std::to_string(k + 1));
        auto x = h[k].detach().requires_grad_(true);
        auto loss = streamedLoss(m, x, ids[k]);
        const double value = loss.item<double>();
        if (!std::isfinite(value)) throw Error("the calibration loss is not finite (NaN or infinity)");
        const int64_t b = ids[k].size(0);
        (per_sample ? loss : loss * (double(b) / double(N))).backward();
        dh[k] = x.grad();
        h[k] = torch::Tensor();
    }
    // Backward, last block to first: recompute, backpropagate, score, pass dL/dh on.
    core.pass(nullptr, subProgress(progress, 0.5, 1.0), "backward", [&](size_t i) {
        BlockGradScope grads(m.layers[i]);
        const bool input_grad = i > 0;  // the embedding's gradient is not needed
        for (size_t k = 0; k < dh.size(); ++k) {
            auto x = store.take(i, k).detach().requires_grad_(input_grad);  // [b, T, H]
            if (per_sample) grads.zero();
            auto y = m.runBlock(i, x);  // [b, T, H]
            if (y.requires_grad()) y.backward(dh[k]);  // not for block 0 when it computes nothing
            dh[k] = input_grad ? x.grad() : torch::Tensor();
            if (per_sample) on_block(i);
        }
        if (!per_sample) on_block(i);
    }, /*last_to_first=*/true);
}

} // namespace pb
