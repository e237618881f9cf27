#include "core/model/devices.h"

#include <torch/cuda.h>

#include "core/util/error.h"

namespace pb {

torch::Device parseDevice(const std::string& d) {
    if (d == "cpu") return torch::kCPU;
    if (d == "cuda" || d.rfind("cuda:", 0) == 0) {
        if (!torch::cuda::is_available())
            throw Error("device '" + d + "' requested, but this build of libtorch has no CUDA or no GPU is present");
        return torch::Device(d);
    }
    throw Error("unknown device '" + d + "' (use cpu or cuda)");
}

torch::ScalarType parseDtype(const std::string& d, const torch::Device& device) {
    if (d == "f32" || d == "fp32" || d == "float32") return torch::kFloat32;
    if (d == "bf16" || d == "bfloat16") return torch::kBFloat16;
    if (d == "f16" || d == "fp16" || d == "float16") {
        if (device.is_cpu()) throw Error("f16 is not supported on the CPU; use f32 or bf16");
        return torch::kFloat16;
    }
    throw Error("unknown dtype '" + d + "' (use f32, bf16 or f16)");
}

std::string dtypeName(torch::ScalarType t) {
    if (t == torch::kFloat32) return "f32";
    if (t == torch::kBFloat16) return "bf16";
    if (t == torch::kFloat16) return "f16";
    throw Error(std::string("no model dtype name for ") + c10::toString(t));
}

} // namespace pb
