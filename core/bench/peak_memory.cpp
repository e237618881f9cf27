#include "core/bench/peak_memory.h"

#include <fstream>
#include <sstream>

#include <torch/version.h>

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 9)
#define PB_DEVICE_ALLOCATOR_STATS 1
#include <ATen/DeviceAccelerator.h>
#endif

namespace pb {

namespace {

bool isCuda(const std::string& device) { return device.rfind("cuda", 0) == 0; }

[[maybe_unused]] int deviceIndex(const std::string& device) {
    const auto colon = device.find(':');
    return colon == std::string::npos ? 0 : std::stoi(device.substr(colon + 1));
}

// A "VmHWM:   1234 kB" style line of /proc/self/status, in bytes (-1 when absent).
int64_t procStatus(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) {
            std::istringstream s(line.substr(key.size() + 1));
            int64_t kb = -1;
            s >> kb;
            return kb < 0 ? -1 : kb * 1024;
        }
    return -1;
}

} // namespace

void resetPeakMemory(const std::string& device) {
    if (isCuda(device)) {
#ifdef PB_DEVICE_ALLOCATOR_STATS
        at::accelerator::resetPeakStats(static_cast<c10::DeviceIndex>(deviceIndex(device)));
#endif
        return;
    }
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";  // resets VmHWM to the current RSS (Linux >= 4.0)
}

PeakMemory peakMemory(const std::string& device) {
    PeakMemory p;
    if (isCuda(device)) {
#ifdef PB_DEVICE_ALLOCATOR_STATS
        const auto stats = at::accelerator::getDeviceStats(static_cast<c10::DeviceIndex>(deviceIndex(device)));
        p.bytes = stats.allocated_bytes[0].peak;  // index 0 = StatType::AGGREGATE
        p.kind = "cuda allocator peak";
#else
        p.kind = "unavailable (libtorch " TORCH_VERSION " has no at::accelerator memory stats)";
#endif
        return p;
    }
    p.bytes = procStatus("VmHWM");
    p.kind = p.bytes >= 0 ? "process peak RSS" : "unavailable (no /proc/self/status)";
    return p;
}

int64_t currentMemory(const std::string& device) {
    if (isCuda(device)) {
#ifdef PB_DEVICE_ALLOCATOR_STATS
        const auto stats = at::accelerator::getDeviceStats(static_cast<c10::DeviceIndex>(deviceIndex(device)));
        return stats.allocated_bytes[0].current;
#else
        return -1;
#endif
    }
    return procStatus("VmRSS");
}

} // namespace pb
