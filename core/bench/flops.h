#pragma once
// Model FLOPs of one benchmark iteration and the device peaks they are compared with.
// Model FLOPs count the math the work needs (2 per multiply-accumulate; backward twice
// the forward for weight gradients, once for input gradients only), never recomputation
// (gradient checkpointing), so utilisation is comparable across implementations.
// No torch here.
#include <cstdint>
#include <string>

#include "core/arch/model_config.h"

namespace pb {

enum class BenchWork { Score, Ppl, Lora, Generate };

BenchWork benchWorkFromName(const std::string& name);  // throws pb::Error on an unknown name
const char* benchWorkName(BenchWork w);

// FLOPs of one iteration: score and ppl over batch x seq tokens, lora one optimizer step
// on a batch x seq micro-batch, generate `seq` decoded tokens per sequence after a
// prompt of `prompt` tokens (projections only for decode: attention over the cache is small).
double workFlops(const ModelConfig& c, BenchWork work, int64_t batch, int64_t seq, int64_t prompt = 0);

// bf16 dense peaks in FLOP/s of the GPU named `gpu_name` (the driver's name, "NVIDIA H200");
// 0 for the CPU and for GPUs without a known peak (utilisation is then not reported).
struct DevicePeak {
    double nominal = 0.0;    // datasheet dense bf16
    double practical = 0.0;  // what large bf16 GEMMs reach on this GPU
    std::string label;
};
DevicePeak devicePeak(const std::string& device, const std::string& gpu_name);

} // namespace pb
