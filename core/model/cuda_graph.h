#pragma once
// A fixed sequence of GPU work recorded once as a CUDA graph and replayed: one launch instead
// of thousands, for work whose shapes and tensor addresses do not change between runs (a LoRA
// training step of one micro-batch shape). Builds without CUDA compile it as "unavailable".
// No torch in this header.
#include <functional>
#include <memory>

namespace pb {

class CapturedWork {
public:
    // Whether this build can capture CUDA graphs (libtorch with CUDA), and the environment
    // does not turn them off (PB_CUDA_GRAPHS=0).
    static bool available();

    // Runs `body` `warmup` times on a side stream of CUDA device `device_index` (< 0: the current one; lazy
    // initialisation, cuBLAS workspaces), then records one more run. `body` must not sync with
    // the host, allocate host memory for the device or change shapes; what it writes to tensors
    // made before the capture is what a replay writes. Throws pb::Error when the capture fails.
    CapturedWork(const std::function<void()>& body, int device_index, int warmup = 2);
    ~CapturedWork();
    CapturedWork(const CapturedWork&) = delete;
    CapturedWork& operator=(const CapturedWork&) = delete;

    // Runs the recorded work on the current stream.
    void replay();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace pb
