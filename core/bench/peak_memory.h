#pragma once
// Peak memory of a timed section. CUDA: the caching allocator's peak of allocated bytes
// (libtorch >= 2.9, through at::accelerator; earlier versions report nothing). CPU: the
// process's peak resident set (VmHWM), reset through /proc/self/clear_refs where allowed.
// No torch in this header.
#include <cstdint>
#include <string>

namespace pb {

struct PeakMemory {
    int64_t bytes = -1;   // -1 = not available
    std::string kind;     // "cuda allocator peak", "process peak RSS", or why it is missing
};

// device: "cpu", "cuda" or "cuda:N".
void resetPeakMemory(const std::string& device);
PeakMemory peakMemory(const std::string& device);
// Bytes currently allocated on the device (CUDA allocator) or resident (CPU); -1 if unknown.
int64_t currentMemory(const std::string& device);

} // namespace pb
