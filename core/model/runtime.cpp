#include "core/model/runtime.h"

#include <cstdlib>
#include <thread>

#include <torch/cuda.h>
#include <torch/version.h>
#include <ATen/Parallel.h>

namespace pb {

void configureRuntime(int threads) {
    if (threads <= 0) {
        const char* omp = std::getenv("OMP_NUM_THREADS");
        threads = omp && std::atoi(omp) > 0 ? std::atoi(omp)
                                             : static_cast<int>(std::thread::hardware_concurrency());
        if (threads <= 0) threads = 1;
    }
    at::set_num_threads(threads);
}

int runtimeThreads() { return at::get_num_threads(); }

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string availableDevices() { return cudaAvailable() ? "cpu,cuda" : "cpu"; }

std::string torchVersion() { return TORCH_VERSION; }

} // namespace pb
