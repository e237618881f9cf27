#pragma once
// Device and dtype names of the command line and the GUI ("cuda:1", "bf16") -> libtorch.
#include <string>

#include <torch/types.h>

namespace pb {

// "cpu", "cuda" or "cuda:N"; throws pb::Error for other names or when CUDA is missing.
torch::Device parseDevice(const std::string& name);
// "f32", "bf16" or "f16" (and their long spellings); f16 is refused on the CPU.
torch::ScalarType parseDtype(const std::string& name, const torch::Device& device);
// The short name parseDtype reads back: "f32", "bf16", "f16"; throws pb::Error for others.
std::string dtypeName(torch::ScalarType dtype);

} // namespace pb
