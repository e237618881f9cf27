#pragma once
// On/off switches read from the environment (PB_CUDA_GRAPHS, PB_FUSED_KERNELS): on unless the
// variable is exactly "0".
#include <cstdlib>
#include <cstring>

namespace pb {

inline bool envSwitchOn(const char* name) {
    const char* v = std::getenv(name);
    return !(v && std::strcmp(v, "0") == 0);
}

} // namespace pb
