#pragma once
// Where the loader gets tensors from: one implementation per file format. Every
// tensor comes back as float32 on the CPU in Hugging Face layout ([out, in]).
#include <memory>
#include <string>

#include <torch/types.h>

#include "core/arch/tensor_names.h"

namespace pb {

class WeightSource {
public:
    virtual ~WeightSource() = default;
    // Undefined tensor when the file does not hold it.
    virtual torch::Tensor get(TensorRole role, int layer, bool bias) = 0;
    // The tensor's name in the file, for messages.
    virtual std::string nameOf(TensorRole role, int layer, bool bias) const = 0;
};

} // namespace pb
