#include <algorithm>
#include <chrono>

#include <torch/cuda.h>
#include <torch/torch.h>

#include "core/bench/works.h"

namespace pb {

torch::Tensor randomIds(int64_t rows, int64_t cols, int64_t vocab, uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    return torch::randint(0, vocab, {rows, cols}, gen, torch::TensorOptions().dtype(torch::kInt64));  // [rows, cols]
}

void syncDevice(const torch::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.has_index() ? device.index() : -1);
}

double nowSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double secondsSince(const torch::Device& device, double start) {
    syncDevice(device);
    return nowSeconds() - start;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

} // namespace pb
