#pragma once
// The block inputs that the streamed backward pass keeps between its forward and its
// backward: one hidden-state tensor per block and micro-batch, on the device or in (pinned,
// when the device is a GPU) host memory, chosen by StreamOptions::activations.
#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

namespace pb {

// Bytes of `blocks` × `samples` inputs of [T, H] in `dtype`.
uint64_t activationBytes(int64_t blocks, int64_t samples, int64_t seq_len, int64_t hidden, torch::ScalarType dtype);

// Free bytes of a CUDA device as the driver reports them; -1 on the CPU or when unknown.
int64_t freeDeviceBytes(torch::Device device);

// Whether inputs of `bytes` stay on the device for `mode` "device", "host" or "auto" (the device
// when bytes <= free_bytes / 2 or the free memory is unknown (-1); always on a CPU device, where
// host and device memory are one). Throws pb::Error naming the modes for another one.
bool keepActivationsOnDevice(const std::string& mode, torch::Device device, uint64_t bytes, int64_t free_bytes);

class ActivationStore {
public:
    ActivationStore(torch::Device device, bool on_device, size_t blocks, size_t batches);
    bool onDevice() const { return on_device_; }
    uint64_t bytes() const { return bytes_; }  // stored so far

    // Keeps block `block`'s input for micro-batch `batch` (x: [b, T, H] on the device).
    void put(size_t block, size_t batch, const torch::Tensor& x);
    // That input on the device (a copy when kept on the host), dropped from the store.
    torch::Tensor take(size_t block, size_t batch);

private:
    torch::Device device_;
    bool on_device_;
    std::vector<std::vector<torch::Tensor>> saved_;  // [block][batch] -> [b, T, H]
    uint64_t bytes_ = 0;
};

} // namespace pb
