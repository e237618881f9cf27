#include "core/prune/gradient_pass.h"

#include <cmath>

#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/model/llama_model.h"
#include "core/util/error.h"

namespace pb {

namespace {
// Turns gradients on for every weight and off again when it goes out of scope.
class GradScope {
public:
    explicit GradScope(LlamaModel& m) : tensors_(m.namedTensors()) {
        for (auto& [name, t] : tensors_) t.requires_grad_(true);
    }
    ~GradScope() {
        for (auto& [name, t] : tensors_) {
            t.mutable_grad() = torch::Tensor();
            t.requires_grad_(false);
        }
    }
    void zero() {
        for (auto& [name, t] : tensors_)
            if (t.grad().defined()) t.mutable_grad().zero_();
    }
    std::vector<torch::Tensor> grads() const {  // the defined ones, in the model's order
        std::vector<torch::Tensor> g;
        for (const auto& [name, t] : tensors_)
            if (t.grad().defined()) g.push_back(t.grad());
        return g;
    }

private:
    std::vector<std::pair<std::string, torch::Tensor>> tensors_;
};
} // namespace

void gradientPasses(LlamaModel& model, const Calibration& calib, int64_t batch, bool per_sample,
                    const std::function<void()>& on_grads, const ProgressFn& progress, dist::World& world) {
    torch::AutoGradMode grad_on(true);
    GradScope scope(model);
    const int64_t N = calib.samples();
    const int64_t step = per_sample ? 1 : std::max<int64_t>(batch, 1);
    const dist::Shard mine = dist::shardOf(N, world);  // all of them in one process
    for (int64_t s = mine.begin; s < mine.end; s += step) {
        reportProgress(progress, double(s - mine.begin) / double(std::max<int64_t>(mine.count(), 1)),
                       "gradients, sample " + std::to_string(s + 1));
        const int64_t b = std::min(step, mine.end - s);
        if (per_sample) scope.zero();
        auto loss = calibrationLoss(model, calib.ids.narrow(0, s, b));
        const double value = loss.item<double>();
        if (!std::isfinite(value)) throw Error("the calibration loss is not finite (NaN or infinity)");
        // Weighted so that accumulated gradients are those of the mean loss over all samples.
        (per_sample ? loss : loss * (double(b) / double(N))).backward();
        if (per_sample) on_grads();
    }
    if (per_sample) return;
    dist::allReduceSumAll(world, scope.grads());  // each rank's share of the mean loss's gradient
    on_grads();
}

} // namespace pb
