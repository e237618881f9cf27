#pragma once
// `bench --profile DIR`: the timed iterations run under PyTorch's profiler (Kineto, CPU ops
// and CUDA kernels) when this libtorch has it; DIR gets trace.json (chrome://tracing or
// Perfetto) and summary.txt (the kernels and operators with the most time). No torch here.
#include <memory>
#include <string>

namespace pb {

class Profiling {
public:
    // Starts the profiler; throws pb::Error when this libtorch cannot profile (1.x, or built
    // without Kineto) or DIR cannot be made.
    explicit Profiling(const std::string& dir);
    ~Profiling();
    // Stops it, writes DIR/trace.json and DIR/summary.txt, returns the summary (top `rows`
    // CUDA kernels by total time, then top CPU operators). Idempotent.
    std::string finish(int rows = 25);

private:
    std::string dir_;
    bool running_ = false;
};

bool profilerAvailable();

} // namespace pb
