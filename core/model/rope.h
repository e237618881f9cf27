#pragma once
// Rotary position embedding tables (HF convention: element k pairs with k + hd/2).
#include <mutex>
#include <vector>

#include <torch/types.h>

#include "core/arch/model_config.h"

namespace pb {

// Inverse frequencies [hd/2] in float64 after default/linear/llama3 scaling.
torch::Tensor ropeInverseFrequencies(const RopeConfig& rope, int64_t head_dim);

// cos and sin tables [T, hd] (float32) for positions start..start+T-1.
std::pair<torch::Tensor, torch::Tensor> ropeTables(const RopeConfig& rope, int64_t head_dim, int64_t start,
                                                   int64_t length, torch::Device device);

// x: [..., T, hd] with cos/sin [T, hd], or x: [B, T, heads, hd] with cos/sin [T, 1, hd] (the
// layout the projections give: contiguous, so the element-wise kernels are the vectorised
// ones). Returns x rotated, in x's dtype.
torch::Tensor applyRope(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

// The last few (positions, device, dtype) tables a model asked for, kept on the device: the
// tables are made once instead of per forward, and a forward captured in a CUDA graph
// (core/model/cuda_graph) makes no host-to-device copy. Thread-safe. A copy starts empty.
class RopeMemo {
public:
    RopeMemo() = default;
    RopeMemo(const RopeMemo&) {}
    RopeMemo& operator=(const RopeMemo&) { return *this; }
    // cos and sin [T, hd] in `dtype` on `device`, as ropeTables(...) cast to dtype.
    std::pair<torch::Tensor, torch::Tensor> get(const RopeConfig& rope, int64_t head_dim, int64_t start,
                                                int64_t length, torch::Device device, torch::ScalarType dtype);

private:
    struct Entry {
        torch::Tensor inv;  // [hd/2] the inverse frequencies on the CPU (the config's fingerprint)
        int64_t start = 0, length = 0;
        torch::Device device = torch::kCPU;
        torch::ScalarType dtype = torch::kFloat32;
        torch::Tensor cos, sin;
    };
    std::mutex mutex_;
    std::vector<Entry> entries_;  // most recent last
};

} // namespace pb
