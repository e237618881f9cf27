#include "core/model/rope.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "core/model/fused_ops.h"
#include "core/util/error.h"

namespace pb {

torch::Tensor ropeInverseFrequencies(const RopeConfig& rope, int64_t head_dim) {
    const int64_t half = head_dim / 2;
    // As transformers computes it: in float32, theta^(-2i/d).
    auto exponent = torch::arange(0, head_dim, 2, torch::kInt64).to(torch::kFloat32) / static_cast<double>(head_dim);
    auto inv = 1.0 / torch::pow(torch::scalar_tensor(rope.theta, torch::kFloat32), exponent);  // [hd/2]
    if (!rope.freq_divisors.empty()) {
        if (static_cast<int64_t>(rope.freq_divisors.size()) != half)
            throw Error("rope_freqs has " + std::to_string(rope.freq_divisors.size()) + " entries, expected " +
                        std::to_string(half));
        auto div = torch::tensor(rope.freq_divisors, torch::kFloat64).to(torch::kFloat32);
        return inv / div;
    }
    if (rope.type == RopeType::Linear) return inv / rope.factor;
    if (rope.type == RopeType::Llama3) {
        // Long wavelengths are slowed by `factor`, short ones kept, the band between blended.
        const double lo = rope.original_max_position / rope.low_freq_factor;   // low-frequency wavelength bound
        const double hi = rope.original_max_position / rope.high_freq_factor;  // high-frequency wavelength bound
        auto acc = inv.accessor<float, 1>();
        for (int64_t i = 0; i < half; ++i) {
            const double f = acc[i];
            const double wavelen = 2.0 * M_PI / f;
            double out = f;
            if (wavelen > lo) {
                out = f / rope.factor;
            } else if (wavelen >= hi) {
                const double s = (rope.original_max_position / wavelen - rope.low_freq_factor) /
                                 (rope.high_freq_factor - rope.low_freq_factor);
                out = (1 - s) * f / rope.factor + s * f;
            }
            acc[i] = static_cast<float>(out);
        }
    }
    return inv;
}

std::pair<torch::Tensor, torch::Tensor> ropeTables(const RopeConfig& rope, int64_t head_dim, int64_t start,
                                                   int64_t length, torch::Device device) {
    auto inv = ropeInverseFrequencies(rope, head_dim).to(device);                         // [hd/2]
    auto pos = torch::arange(start, start + length, torch::TensorOptions().dtype(torch::kFloat32).device(device));
    auto freqs = torch::outer(pos, inv);                                                   // [T, hd/2]
    auto emb = torch::cat({freqs, freqs}, -1);                                             // [T, hd]
    return {emb.cos(), emb.sin()};
}

torch::Tensor applyRope(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
    if (x.dim() == 4 && cos.dim() == 3 && cos.size(1) == 1) {  // one fused pass on the GPU where it applies
        auto fused = fusedRope(x, cos.squeeze(1), sin.squeeze(1));
        if (fused.defined()) return fused;
    }
    const int64_t half = x.size(-1) / 2;
    auto x1 = x.narrow(-1, 0, half);
    auto x2 = x.narrow(-1, half, half);
    auto rotated = torch::cat({-x2, x1}, -1);  // rotate_half
    auto c = cos.to(x.scalar_type()), s = sin.to(x.scalar_type());  // no-ops for memoised tables
    return x * c + rotated * s;
}

std::pair<torch::Tensor, torch::Tensor> RopeMemo::get(const RopeConfig& rope, int64_t head_dim, int64_t start,
                                                      int64_t length, torch::Device device, torch::ScalarType dtype) {
    auto inv = ropeInverseFrequencies(rope, head_dim);  // [hd/2] on the CPU: cheap, and the key
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t k = 0; k < entries_.size(); ++k) {
        Entry& e = entries_[k];
        if (e.start == start && e.length == length && e.device == device && e.dtype == dtype &&
            e.inv.sizes() == inv.sizes() && torch::equal(e.inv, inv)) {
            std::rotate(entries_.begin() + long(k), entries_.begin() + long(k) + 1, entries_.end());
            return {entries_.back().cos, entries_.back().sin};
        }
    }
    auto [c, s] = ropeTables(rope, head_dim, start, length, device);  // [T, hd] float32
    constexpr size_t kKeep = 8;  // prefill + decode lengths of a few models
    if (entries_.size() == kKeep) entries_.erase(entries_.begin());
    entries_.push_back({inv, start, length, device, dtype, c.to(dtype), s.to(dtype)});
    return {entries_.back().cos, entries_.back().sin};
}

} // namespace pb
