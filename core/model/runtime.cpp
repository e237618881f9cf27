#include "core/model/runtime.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <dlfcn.h>

#include <torch/cuda.h>
#include <torch/version.h>
#include <ATen/Parallel.h>

#include "core/model/fused_ops.h"
#include "core/util/progress.h"

namespace pb {

int threadsForLoad(int cores, int others) { return std::max(1, cores - std::max(0, others)); }

int otherRunnableTasks() {
    std::ifstream in("/proc/loadavg");
    double a = 0, b = 0, c = 0;
    int running = 0, total = 0;
    char slash = 0;
    if (!(in >> a >> b >> c >> running >> slash >> total) || slash != '/' || running < 1) return -1;
    return running - 1;
}

namespace {
std::atomic<bool> threads_fixed{false};
std::atomic<int64_t> last_adapt_ms{0};

int hardwareThreads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }
} // namespace

int ownRunnableThreads() {
    std::error_code ec;
    int running = 0;
    bool any = false;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
        std::ifstream in(task.path() / "stat");
        std::string line;
        if (!std::getline(in, line)) continue;
        const size_t close = line.rfind(')');  // "pid (comm) S ...": the name may hold spaces and ')'
        if (close == std::string::npos || close + 2 >= line.size()) continue;
        any = true;
        if (line[close + 2] == 'R') ++running;
    }
    return any ? running : -1;
}

void configureRuntime(int threads) {
    const char* omp = std::getenv("OMP_NUM_THREADS");
    threads_fixed = threads > 0 || (omp && std::atoi(omp) > 0);
    if (threads <= 0)
        threads = omp && std::atoi(omp) > 0 ? std::atoi(omp) : threadsForLoad(hardwareThreads(), otherRunnableTasks());
    at::set_num_threads(threads);
    progress_tick = [] { adaptThreadsToLoad(); };
}

int adaptThreadsToLoad() {
    const int now_threads = at::get_num_threads();
    if (threads_fixed) return now_threads;
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now().time_since_epoch()).count();
    int64_t last = last_adapt_ms.load();
    if (now_ms - last < 1000 || !last_adapt_ms.compare_exchange_strong(last, now_ms)) return now_threads;
    const int all = otherRunnableTasks(), own = ownRunnableThreads();  // all: without the caller
    if (all < 0 || own < 0) return now_threads;
    const int others = std::max(0, all + 1 - own);
    const int want = threadsForLoad(hardwareThreads(), others);
    if (want != now_threads) at::set_num_threads(want);
    return want;
}

int runtimeThreads() { return at::get_num_threads(); }

bool cudaAvailable() { return torch::cuda::is_available(); }

std::pair<int64_t, int64_t> cudaMemory(int index) {
    // The CUDA runtime libtorch's CUDA library loaded, found by name, so that a CPU libtorch
    // links too. The runtime reports the current device; index < 0: that one, as it is.
    using GetDevice = int (*)(int*);
    using SetDevice = int (*)(int);
    using MemGetInfo = int (*)(size_t*, size_t*);
    auto get = reinterpret_cast<GetDevice>(dlsym(RTLD_DEFAULT, "cudaGetDevice"));
    auto set = reinterpret_cast<SetDevice>(dlsym(RTLD_DEFAULT, "cudaSetDevice"));
    auto info = reinterpret_cast<MemGetInfo>(dlsym(RTLD_DEFAULT, "cudaMemGetInfo"));
    if (!get || !set || !info || !cudaAvailable() || index >= int(torch::cuda::device_count())) return {-1, -1};
    int previous = 0;
    if (get(&previous) != 0) return {-1, -1};
    if (index < 0) index = previous;
    if (previous != index && set(index) != 0) return {-1, -1};
    size_t free = 0, total = 0;
    const bool ok = info(&free, &total) == 0;
    if (previous != index) set(previous);
    return ok ? std::pair{int64_t(free), int64_t(total)} : std::pair<int64_t, int64_t>{-1, -1};
}

std::vector<ComputeDevice> computeDevices() {
    std::vector<ComputeDevice> out{{"cpu", "", -1, -1}};
    if (!cudaAvailable()) return out;
    for (int i = 0; i < int(torch::cuda::device_count()); ++i) {
        const auto [free, total] = cudaMemory(i);
        out.push_back({"cuda:" + std::to_string(i), cudaDeviceName(i), total, free});
    }
    return out;
}

std::string availableDevices() { return cudaAvailable() ? "cpu,cuda" : "cpu"; }

std::string torchVersion() { return TORCH_VERSION; }

} // namespace pb
