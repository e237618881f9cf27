#include "core/bench/device_info.h"

#include <dlfcn.h>

#include <fstream>

#include <torch/cuda.h>
#ifdef PB_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#endif

#include "core/model/fused_ops.h"

namespace pb {

GpuProperties gpuProperties(int index) {
    GpuProperties p;
    if (!torch::cuda::is_available()) return p;
    using GetDevice = int (*)(int*);
    using GetAttribute = int (*)(int*, int, int);
    auto get = reinterpret_cast<GetDevice>(dlsym(RTLD_DEFAULT, "cudaGetDevice"));
    auto attr = reinterpret_cast<GetAttribute>(dlsym(RTLD_DEFAULT, "cudaDeviceGetAttribute"));
    if (index < 0) {
        int current = 0;
        index = get && get(&current) == 0 ? current : 0;
    }
    if (index >= int(torch::cuda::device_count())) return p;
    p.name = cudaDeviceName(index);  // the fused kernels' runtime, when built with them
#ifdef PB_WITH_CUDA
    if (p.name.empty())
        if (const auto* props = at::cuda::getDeviceProperties(index)) p.name = props->name;
#endif
    if (!attr) return p;
    // cudaDeviceAttr values (stable across CUDA 11-13): ClockRate 13 (kHz), MultiProcessorCount
    // 16, ComputeCapabilityMajor 75, ComputeCapabilityMinor 76.
    auto read = [&](int what) {
        int v = 0;
        return attr(&v, what, index) == 0 ? v : 0;
    };
    p.clock_khz = read(13);
    p.sms = read(16);
    p.major = read(75);
    p.minor = read(76);
    return p;
}

std::string cpuModelName() {
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind("model name", 0) != 0) continue;
        const size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(colon + 1);
        const size_t a = name.find_first_not_of(" \t");
        return a == std::string::npos ? std::string("unknown CPU") : name.substr(a);
    }
    return "unknown CPU";
}

int denseTensorFlopsPerClockPerSm(int major, int minor) {
    // Tensor cores per SM x dense FMAs per clock x 2 (datasheet peaks = SMs x boost clock x this:
    // V100 125, T4 65, A100 312, A6000 155, L40S 362, L4 121, H100 989 TFLOP/s at their boost
    // clocks; B200 2250).
    if (major == 7) return 1024;
    if (major == 8) return minor == 0 ? 2048 : 1024;
    if (major == 9 && minor == 0) return 4096;
    if (major == 10 && minor == 0) return 8192;
    return 0;
}

} // namespace pb
