#include "core/bench/gemm_peak.h"

#include <exception>
#include <filesystem>
#include <mutex>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/bench/latency.h"
#include "core/bench/works.h"
#include "core/model/devices.h"
#include "core/util/atomic_write.h"
#include "core/util/input_path.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

std::mutex gemm_mutex;

double measure(const torch::Device& dev) {
    torch::NoGradGuard no_grad;
    const int64_t n = 8192;
    const auto opts = torch::TensorOptions().device(dev).dtype(torch::kBFloat16);
    auto a = torch::randn({n, n}, opts), b = torch::randn({n, n}, opts);  // [n, n] each
    std::vector<double> runs;
    for (int i = 0; i < 13; ++i) {
        syncDevice(dev);
        const double t0 = nowSeconds();
        auto c = torch::mm(a, b);  // [n, n]
        const double dt = secondsSince(dev, t0);
        if (i >= 3) runs.push_back(dt);
    }
    const double t = median(runs);
    return t > 0 ? 2.0 * double(n) * double(n) * double(n) / t : 0.0;
}

} // namespace

double measuredGemmPeak(const std::string& device, bool use_cache) {
    const torch::Device dev = parseDevice(device);
    if (!dev.is_cuda()) return 0.0;
    std::lock_guard<std::mutex> lock(gemm_mutex);
    const std::string key = latencyDeviceKey(device) + "|bf16|8192";
    const fs::path file = latencyCacheDir() / "gemm-peak.json";
    nlohmann::json j = nlohmann::json::object();
    std::error_code ec;
    try {
        if (fs::is_regular_file(file, ec)) j = nlohmann::json::parse(readInputFile(file, "GEMM peak cache", kMaxJsonFileBytes));
        if (!j.is_object()) j = nlohmann::json::object();
    } catch (const std::exception&) {
        j = nlohmann::json::object();
    }
    if (use_cache && j.contains(key) && j[key].is_number()) return j[key].get<double>();
    double flops = 0.0;
    try {
        flops = measure(dev);
    } catch (const std::exception&) {
        return 0.0;
    }
    j[key] = flops;
    try {
        fs::create_directories(file.parent_path(), ec);
        writeFileAtomic(file.string(), j.dump(1) + "\n");
    } catch (const std::exception&) {
    }
    return flops;
}

} // namespace pb
