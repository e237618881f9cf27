#pragma once
// Model FLOPs of one benchmark iteration and the device peaks they are compared with.
// Model FLOPs count the math the work needs (2 per multiply-accumulate; backward twice
// the forward for weight gradients, once for input gradients only), never recomputation
// (gradient checkpointing), so utilisation is comparable across implementations.
// No torch here.
#include <cstdint>
#include <string>

#include "core/arch/model_config.h"
#include "core/bench/device_info.h"

namespace pb {

enum class BenchWork { Score, Ppl, Lora, Generate };

BenchWork benchWorkFromName(const std::string& name);  // throws pb::Error on an unknown name
const char* benchWorkName(BenchWork w);

// FLOPs of one iteration: score and ppl over batch x seq tokens, lora one optimizer step
// on a batch x seq micro-batch, generate `seq` decoded tokens per sequence after a
// prompt of `prompt` tokens (projections only for decode: attention over the cache is small).
double workFlops(const ModelConfig& c, BenchWork work, int64_t batch, int64_t seq, int64_t prompt = 0);

// The FLOP/s a GPU is compared with, read from the device, never fixed to one GPU:
//  - nominal: SMs x maximum SM clock x dense 16-bit tensor FLOPs per clock per SM of its
//    architecture (core/bench/device_info.h), 0 when the architecture is not in the table or
//    the runtime does not say;
//  - practical: what a large bf16 matrix product measured on it reaches (core/bench/gemm_peak.h),
//    0 when not measured (then the nominal peak stands in).
// The CPU has neither (utilisation is then not reported).
struct DevicePeak {
    double nominal = 0.0;
    double practical = 0.0;
    std::string label;
};
DevicePeak devicePeak(const std::string& device, const GpuProperties& gpu, double measured_gemm_flops);

} // namespace pb
