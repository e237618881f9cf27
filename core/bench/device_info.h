#pragma once
// What the device says about itself, for the latency cache's key and the FLOP/s peaks:
// the CPU's model name, and a CUDA device's name, SM count, clock and compute capability,
// read from the CUDA runtime libtorch loaded (found by name, so a CPU libtorch links too).
// No torch in this header.
#include <string>

namespace pb {

struct GpuProperties {
    std::string name;    // "NVIDIA H200"; "" when unknown
    int sms = 0;         // multiprocessors (0: unknown)
    int clock_khz = 0;   // maximum SM clock (0: unknown)
    int major = 0, minor = 0;  // compute capability (0.0: unknown)
};

// CUDA device `index` (< 0: the current one). Fields stay 0 / "" where the runtime does not say.
GpuProperties gpuProperties(int index);

// "/proc/cpuinfo"'s first "model name" (or "unknown CPU").
std::string cpuModelName();

// Dense 16-bit tensor-core FLOPs per clock per SM with FP32 accumulation (bf16 where the
// architecture has it, else fp16), by compute capability: 7.0 and 7.5: 1024, 8.0: 2048,
// 8.6, 8.7 and 8.9: 1024, 9.0: 4096, 10.0: 8192; 0 for architectures not in the table.
int denseTensorFlopsPerClockPerSm(int major, int minor);

} // namespace pb
