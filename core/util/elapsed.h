#pragma once
// Wall-clock seconds of a measured step (steady clock), the one helper for "seconds since t0".
#include <chrono>

namespace pb {

inline double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace pb
