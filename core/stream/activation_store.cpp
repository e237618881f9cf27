#include "core/stream/activation_store.h"

#include <torch/torch.h>

#include "core/model/runtime.h"
#include "core/util/error.h"

namespace pb {

uint64_t activationBytes(int64_t blocks, int64_t samples, int64_t seq_len, int64_t hidden, torch::ScalarType dtype) {
    return uint64_t(blocks) * uint64_t(samples) * uint64_t(seq_len) * uint64_t(hidden) *
           uint64_t(c10::elementSize(dtype));
}

int64_t freeDeviceBytes(torch::Device device) {
    return device.is_cuda() ? cudaMemory(device.has_index() ? device.index() : -1).first : -1;
}

bool keepActivationsOnDevice(const std::string& mode, torch::Device device, uint64_t bytes, int64_t free_bytes) {
    if (mode != "auto" && mode != "device" && mode != "host")
        throw Error("unknown activation place '" + mode + "' (use one of: auto, device, host)");
    if (!device.is_cuda() || mode == "device") return true;
    if (mode == "host") return false;
    return free_bytes < 0 || bytes <= uint64_t(free_bytes) / 2;
}

ActivationStore::ActivationStore(torch::Device device, bool on_device, size_t blocks, size_t batches)
    : device_(device), on_device_(on_device || !device.is_cuda()), saved_(blocks, std::vector<torch::Tensor>(batches)) {}

void ActivationStore::put(size_t block, size_t batch, const torch::Tensor& x) {
    torch::Tensor kept = x;
    if (!on_device_) {
        // Pinned, so that the copies run asynchronously on the device's stream (stream order
        // keeps the later copy back behind this one).
        kept = torch::empty(x.sizes(), x.options().device(torch::kCPU).pinned_memory(true));
        kept.copy_(x, /*non_blocking=*/true);
    }
    bytes_ += uint64_t(kept.numel()) * uint64_t(kept.element_size());
    saved_.at(block).at(batch) = kept;
}

torch::Tensor ActivationStore::take(size_t block, size_t batch) {
    torch::Tensor x = std::move(saved_.at(block).at(batch));
    if (!x.defined()) throw Error("internal: no saved input for block " + std::to_string(block));
    return on_device_ ? x : x.to(device_, /*non_blocking=*/true);
}

} // namespace pb
