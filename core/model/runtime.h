#pragma once
// Process-wide libtorch settings. libtorch starts with one intra-op thread on some
// builds; every main (GUI, CLI, tests) calls this once at start.
#include <string>

namespace pb {

// threads <= 0: use every hardware thread (or $OMP_NUM_THREADS when set).
void configureRuntime(int threads = 0);
int runtimeThreads();
bool cudaAvailable();
// "cpu", plus "cuda" when libtorch was built with CUDA and a device is present.
std::string availableDevices();
std::string torchVersion();

} // namespace pb
