#include "core/model/runtime.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <torch/cuda.h>
#include <torch/version.h>
#include <ATen/Parallel.h>

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

void configureRuntime(int threads) {
    if (threads <= 0) {
        const char* omp = std::getenv("OMP_NUM_THREADS");
        const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
        threads = omp && std::atoi(omp) > 0 ? std::atoi(omp) : threadsForLoad(cores, otherRunnableTasks());
    }
    at::set_num_threads(threads);
}

int runtimeThreads() { return at::get_num_threads(); }

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string availableDevices() { return cudaAvailable() ? "cpu,cuda" : "cpu"; }

std::string torchVersion() { return TORCH_VERSION; }

} // namespace pb
