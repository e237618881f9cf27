#pragma once
// Process-wide libtorch settings. libtorch starts with one intra-op thread on some
// builds; every main (GUI, CLI, tests) calls this once at start.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pb {

// threads <= 0: $OMP_NUM_THREADS when set, else the hardware threads that other processes
// leave free right now (threadsForLoad of /proc/loadavg's runnable count): with every core busy
// elsewhere, OpenMP's spinning waits for descheduled workers make two threads on two shared
// cores 5x slower than idle, one thread only 2x (measured: README "CPU under load").
void configureRuntime(int threads = 0);
// Threads for `cores` hardware threads when `others` runnable tasks belong to other processes:
// cores - others, at least 1.
int threadsForLoad(int cores, int others);
// Runnable tasks on the machine now, this process's calling thread excluded (the 4th field of
// /proc/loadavg, "running/total", minus one); -1 when unknown.
int otherRunnableTasks();
// This process's threads in state R now (/proc/self/task/*/stat); -1 when unknown.
int ownRunnableThreads();
// During long CPU jobs (called per window, step or block): at most once a second, re-applies
// the start-time rule to the load now (runnable tasks of other processes = all runnable minus
// this process's) and sets the calling thread's intra-op threads when that changes the count,
// so a job that started on an idle machine gives cores back when other work arrives, and takes
// them again when it leaves. Returns the thread count in use. A no-op when the count was fixed
// ($OMP_NUM_THREADS, configureRuntime(n > 0): --threads).
int adaptThreadsToLoad();
int runtimeThreads();
bool cudaAvailable();
// "cpu", plus "cuda" when libtorch was built with CUDA and a device is present.
std::string availableDevices();
std::string torchVersion();

// One place jobs can run: "cpu" or "cuda:N", with what the CUDA runtime says about it.
struct ComputeDevice {
    std::string id;            // "cpu", "cuda:0"
    std::string name;          // "NVIDIA H200"; "" for the CPU or when unknown
    int64_t total_bytes = -1;  // device memory (-1: unknown, and for the CPU)
    int64_t free_bytes = -1;   // free right now (-1: unknown)
};
// The CPU first, then each CUDA device by index (none with a CPU libtorch or without a GPU).
std::vector<ComputeDevice> computeDevices();
// Free and total memory of CUDA device `index` now (cudaMemGetInfo of the runtime libtorch
// loaded; index < 0: the current device); {-1, -1} when unknown (a CPU build, no such device).
std::pair<int64_t, int64_t> cudaMemory(int index);

} // namespace pb
