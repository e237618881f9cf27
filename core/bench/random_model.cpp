#include "core/bench/random_model.h"

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/model/tensor_check.h"

namespace pb {

std::shared_ptr<LlamaModel> randomModel(const ModelConfig& c, torch::Device device, torch::ScalarType dtype,
                                        uint64_t seed) {
    torch::NoGradGuard no_grad;
    torch::manual_seed(seed);
    const auto opts = torch::TensorOptions().device(device).dtype(dtype);
    auto normal = [&](int64_t out, int64_t in) { return torch::empty({out, in}, opts).normal_(0.0, 0.02); };  // [out, in]
    auto ones = [&](int64_t n) { return torch::ones({n}, opts); };                                          // [n]
    auto zeros = [&](int64_t n) { return torch::zeros({n}, opts); };                                        // [n]

    auto m = std::make_shared<LlamaModel>();
    m->config = c;
    const int64_t H = c.hidden;
    m->embed = normal(c.vocab, H);  // [V, H]
    m->layers.resize(c.layers.size());
    for (size_t i = 0; i < c.layers.size(); ++i)
        for (const ExpectedTensor& e : expectedLayerTensors(c, i)) {  // the shape check's list of block i's tensors
            if (!e.required) continue;  // a bias the config does not have
            *layerSlot(m->layers[i], e.role, e.bias) = e.shape.size() == 2 ? normal(e.shape[0], e.shape[1])  // [out, in]
                                                       : e.bias ? zeros(e.shape[0]) : ones(e.shape[0]);       // [n]
        }
    m->final_norm = ones(H);
    m->lm_head = c.tie_embeddings ? m->embed : normal(c.vocab, H);  // [V, H]
    m->checkShapes();
    return m;
}

} // namespace pb
