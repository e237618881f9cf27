#include "core/model/cuda_graph.h"

#include <string>

#ifdef PB_WITH_CUDA
#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

#include "core/util/env_switch.h"
#include "core/util/error.h"

namespace pb {

bool CapturedWork::available() {
#ifdef PB_WITH_CUDA
    return envSwitchOn("PB_CUDA_GRAPHS");
#else
    return false;
#endif
}

#ifdef PB_WITH_CUDA
struct CapturedWork::Impl {
    explicit Impl(int device) : device(device), stream(c10::cuda::getStreamFromPool(false, c10::DeviceIndex(device))) {}
    int device;
    c10::cuda::CUDAStream stream;
    at::cuda::CUDAGraph graph;
};
#else
struct CapturedWork::Impl {};
#endif

CapturedWork::CapturedWork(const std::function<void()>& body, int device_index, int warmup) {
#ifdef PB_WITH_CUDA
    if (device_index < 0) device_index = c10::cuda::current_device();  // "cuda" without an index
    impl_ = std::make_unique<Impl>(device_index);
    c10::cuda::CUDAGuard device_guard(c10::DeviceIndex(device_index));
    const auto caller = c10::cuda::getCurrentCUDAStream(c10::DeviceIndex(device_index));
    at::cuda::CUDAEvent ready;
    ready.record(caller);
    ready.block(impl_->stream);  // the side stream starts after the caller's queued work
    {
        c10::cuda::CUDAStreamGuard stream_guard(impl_->stream);
        for (int i = 0; i < warmup; ++i) body();
        impl_->graph.capture_begin();
        try {
            body();
        } catch (const std::exception& e) {
            try {
                impl_->graph.capture_end();
            } catch (...) {
            }
            throw Error(std::string("CUDA graph capture failed: ") + e.what());
        }
        try {
            impl_->graph.capture_end();
        } catch (const std::exception& e) {
            throw Error(std::string("CUDA graph capture failed: ") + e.what());
        }
    }
    at::cuda::CUDAEvent done;
    done.record(impl_->stream);
    done.block(caller);
#else
    (void)body, (void)device_index, (void)warmup;
    throw Error("CUDA graphs need libtorch with CUDA");
#endif
}

CapturedWork::~CapturedWork() = default;

void CapturedWork::replay() {
#ifdef PB_WITH_CUDA
    c10::cuda::CUDAGuard device_guard(c10::DeviceIndex(impl_->device));
    impl_->graph.replay();
#endif
}

} // namespace pb
