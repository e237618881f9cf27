#include "core/recover/quantized_linear.h"

#include <cstdint>

#include <torch/torch.h>

#include "core/util/error.h"

namespace pb {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct QuantizedLinearFn : public torch::autograd::Function<QuantizedLinearFn> {
    // The weight travels as its address: CUDA runs backward on the autograd engine's device thread.
    // b: an optional, so that an absent bias is no autograd input (libtorch 1.13 asks an undefined one for its device).
    static torch::Tensor forward(AutogradContext* ctx, torch::Tensor x, c10::optional<torch::Tensor> b, int64_t weight) {
        const auto& w = *reinterpret_cast<const QuantizedWeight*>(weight);
        ctx->saved_data["weight"] = weight;
        auto W = w.dequantize(x.scalar_type());  // [out, in], freed on return
        return b ? torch::nn::functional::linear(x, W, *b) : torch::nn::functional::linear(x, W);  // [..., out]
    }
    static variable_list backward(AutogradContext* ctx, variable_list grad_out) {
        const auto& w = *reinterpret_cast<const QuantizedWeight*>(ctx->saved_data["weight"].toInt());
        torch::Tensor dx;
        if (ctx->needs_input_grad(0)) {
            const auto& dy = grad_out[0];                 // [..., out]
            dx = dy.matmul(w.dequantize(dy.scalar_type()));  // [..., in]; the weight is freed on return
        }
        return {dx, torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor quantizedLinear(const torch::Tensor& x, const QuantizedWeight& w, const torch::Tensor& b) {
    if (!w.defined()) throw Error("internal: a quantized projection without weight bytes");
    if (x.size(-1) != w.inputs())
        throw Error("quantized projection: input has " + std::to_string(x.size(-1)) + " features, the weight takes " +
                    std::to_string(w.inputs()));
    c10::optional<torch::Tensor> bias;
    if (b.defined()) bias = b;
    return QuantizedLinearFn::apply(x, bias, int64_t(reinterpret_cast<intptr_t>(&w)));
}

} // namespace pb
