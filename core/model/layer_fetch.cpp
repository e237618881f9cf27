#include "core/model/layer_fetch.h"

#include "core/model/tensor_check.h"

namespace pb {

LayerWeights fetchLayer(const ModelConfig& c, size_t i, const TensorFetch& fetch) {
    LayerWeights w;
    for (const ExpectedTensor& e : expectedLayerTensors(c, i))  // the shape check's list: one list of a block's tensors
        *layerSlot(w, e.role, e.bias) = fetch(e.role, e.layer, e.bias, e.required);
    return w;
}

} // namespace pb
