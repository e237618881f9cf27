#pragma once
// linear(x, W, b) with W a QuantizedWeight: an autograd function that dequantizes W in
// forward (linear, then W is freed) and again in backward (dx = dy·W, then freed). Nothing
// is saved for backward but the weight's address, and no weight gradient is formed (the
// base is frozen; LoRA trains adapters beside it). The bias, when given, is frozen too.
#include <torch/types.h>

#include "core/recover/quantized_weight.h"

namespace pb {

// x: [..., in] in the working dtype; b: [out] or undefined -> [..., out] in x's dtype.
// `w` must outlive the autograd graph that uses the result (it is read again in backward).
torch::Tensor quantizedLinear(const torch::Tensor& x, const QuantizedWeight& w, const torch::Tensor& b);

} // namespace pb
