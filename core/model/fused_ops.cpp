#include "core/model/fused_ops.h"

#include <algorithm>
#include <cstdint>

#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/grad_mode.h>

#ifdef PB_WITH_CUDA_KERNELS
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include "core/model/cuda_kernels.h"
#endif

#include "core/util/env_switch.h"
#include "core/util/error.h"

namespace pb {

bool fusedKernelsAvailable() {
#ifdef PB_WITH_CUDA_KERNELS
    return envSwitchOn("PB_FUSED_KERNELS");
#else
    return false;
#endif
}

#ifdef PB_WITH_CUDA_KERNELS
namespace {

bool kernelDtype(torch::ScalarType t, cuda::Dtype& out) {
    switch (t) {
        case torch::kFloat32: out = cuda::Dtype::F32; return true;
        case torch::kBFloat16: out = cuda::Dtype::BF16; return true;
        case torch::kFloat16: out = cuda::Dtype::F16; return true;
        default: return false;
    }
}

void check(int code, const char* what) {
    if (code != 0) throw Error(std::string(what) + " kernel failed: " + cuda::errorString(code));
}

void* currentStream(const torch::Tensor& t) {
    return c10::cuda::getCurrentCUDAStream(t.device().index()).stream();
}

// x [B, T, H, hd] contiguous -> rotated by `sign` (+1 forward, -1 back).
torch::Tensor ropeLaunch(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin, float sign) {
    cuda::Dtype dt{};
    kernelDtype(x.scalar_type(), dt);
    c10::cuda::CUDAGuard guard(x.device());
    auto out = at::empty_like(x, at::MemoryFormat::Contiguous);  // [B, T, H, hd]
    check(cuda::rope(x.data_ptr(), out.data_ptr(), cos.data_ptr(), sin.data_ptr(), dt, x.size(0) * x.size(1) * x.size(2),
                     x.size(1), x.size(2), x.size(3), sign, currentStream(x)),
          "RoPE");
    return out;
}

struct RopeFunction : public torch::autograd::Function<RopeFunction> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x, torch::Tensor cos,
                                 torch::Tensor sin) {
        ctx->save_for_backward({cos, sin});
        return ropeLaunch(x, cos, sin, 1.f);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad) {
        const auto saved = ctx->get_saved_variables();
        return {ropeLaunch(grad[0].contiguous(), saved[0], saved[1], -1.f), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace
#endif

torch::Tensor fusedRope(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
#ifdef PB_WITH_CUDA_KERNELS
    cuda::Dtype dt{};
    if (!fusedKernelsAvailable() || !x.is_cuda() || x.dim() != 4 || !x.is_contiguous() || x.size(3) % 2 != 0 ||
        !kernelDtype(x.scalar_type(), dt) || x.numel() >= (int64_t(1) << 31))
        return {};
    for (const auto* t : {&cos, &sin})
        if (t->dim() != 2 || t->size(0) != x.size(1) || t->size(1) != x.size(3) || !t->is_contiguous() ||
            t->scalar_type() != x.scalar_type() || t->device() != x.device())
            return {};
    return RopeFunction::apply(x, cos, sin);
#else
    (void)x, (void)cos, (void)sin;
    return {};
#endif
}

torch::Tensor fusedSwiglu(const torch::Tensor& gate, const torch::Tensor& up) {
#ifdef PB_WITH_CUDA_KERNELS
    cuda::Dtype dt{};
    if (!fusedKernelsAvailable() || !gate.is_cuda() || gate.sizes() != up.sizes() ||
        gate.scalar_type() != up.scalar_type() || gate.device() != up.device() || !gate.is_contiguous() ||
        !up.is_contiguous() || !kernelDtype(gate.scalar_type(), dt))
        return {};
    if (torch::autograd::GradMode::is_enabled() && (gate.requires_grad() || up.requires_grad())) return {};
    c10::cuda::CUDAGuard guard(gate.device());
    auto out = at::empty_like(gate, at::MemoryFormat::Contiguous);  // gate's shape
    const int64_t per = 16 / int64_t(gate.element_size());
    auto aligned = [](const torch::Tensor& t) { return reinterpret_cast<uintptr_t>(t.data_ptr()) % 16 == 0; };
    const bool vec = gate.numel() % per == 0 && aligned(gate) && aligned(up) && aligned(out);
    check(cuda::swiglu(gate.data_ptr(), up.data_ptr(), out.data_ptr(), dt, gate.numel(), vec, currentStream(gate)),
          "SwiGLU");
    return out;
#else
    (void)gate, (void)up;
    return {};
#endif
}

torch::Tensor fusedProductReduce(const torch::Tensor& g, const torch::Tensor& w, int64_t along, bool absolute) {
#ifdef PB_WITH_CUDA_KERNELS
    cuda::Dtype dt{};
    if (!fusedKernelsAvailable() || !g.is_cuda() || g.dim() != 2 || g.sizes() != w.sizes() ||
        g.scalar_type() != w.scalar_type() || g.device() != w.device() || !g.is_contiguous() || !w.is_contiguous() ||
        !kernelDtype(g.scalar_type(), dt) || (along != 0 && along != 1))
        return {};
    c10::cuda::CUDAGuard guard(g.device());
    const int64_t R = g.size(0), C = g.size(1);
    const auto f32 = g.options().dtype(torch::kFloat32);
    const int64_t per = 16 / int64_t(g.element_size());
    const bool vec = C % per == 0 && reinterpret_cast<uintptr_t>(g.data_ptr()) % 16 == 0 &&
                     reinterpret_cast<uintptr_t>(w.data_ptr()) % 16 == 0;
    if (along == 1) {
        auto out = at::empty({R}, f32);  // [R]
        check(cuda::productReduce(g.data_ptr(), w.data_ptr(), out.data_ptr<float>(), dt, R, C, 1, absolute, 0, vec,
                                  currentStream(g)),
              "g·W reduction");
        return out;
    }
    // Enough row chunks to fill the GPU with C / 256 column blocks, few enough to sum cheaply.
    const int64_t rows_per_chunk = std::max<int64_t>(32, (R + 63) / 64);
    const int64_t chunks = (R + rows_per_chunk - 1) / rows_per_chunk;
    auto partial = at::empty({chunks, C}, f32);  // [chunks, C]
    check(cuda::productReduce(g.data_ptr(), w.data_ptr(), partial.data_ptr<float>(), dt, R, C, 0, absolute,
                              rows_per_chunk, vec, currentStream(g)),
          "g·W reduction");
    return partial.sum(0);  // [C]
#else
    (void)g, (void)w, (void)along, (void)absolute;
    return {};
#endif
}

std::string cudaDeviceName(int index) {
#ifdef PB_WITH_CUDA_KERNELS
    return cuda::deviceName(index);
#else
    (void)index;
    return "";
#endif
}

} // namespace pb
