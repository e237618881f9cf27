#include "core/model/weights_gguf.h"

#include <torch/torch.h>

#include "core/arch/family.h"
#include "core/io/gguf.h"
#include "core/util/error.h"

namespace pb {

namespace {

class GgufWeightSource final : public WeightSource {
public:
    GgufWeightSource(const gguf::File& f, const ModelConfig& c)
        : file_(f), config_(c), interleaved_(familyByName(c.family)->gguf_qk_interleaved) {}

    std::string nameOf(TensorRole role, int layer, bool bias) const override {
        return ggufTensorName(role, layer, bias);
    }

    torch::Tensor get(TensorRole role, int layer, bool bias) override {
        const std::string name = nameOf(role, layer, bias);
        const gguf::TensorInfo* info = file_.findTensor(name);
        if (!info) return {};
        if (!gguf::canDequantize(info->type))
            throw Error("gguf '" + file_.path().string() + "': tensor '" + name + "' has type " +
                        gguf::typeName(info->type) + ", which PruneBench cannot dequantize");
        auto out = torch::empty(info->torchShape(), torch::kFloat32);
        gguf::dequantize(info->type, info->data, out.data_ptr<float>(), info->elements());
        if (interleaved_ && (role == TensorRole::Q || role == TensorRole::K)) {
            const LayerDims& d = config_.layers.at(static_cast<size_t>(layer));
            out = unpermuteGgufRows(out, role == TensorRole::Q ? d.n_heads : d.n_kv_heads, config_.head_dim);
        }
        return out;
    }

private:
    const gguf::File& file_;
    const ModelConfig& config_;
    bool interleaved_;
};

} // namespace

torch::Tensor unpermuteGgufRows(const torch::Tensor& t, int64_t heads, int64_t head_dim) {
    // The readers check every tensor's shape first (core/model/tensor_check): rows == heads * head_dim.
    if (t.dim() < 1 || heads <= 0 || head_dim <= 0 || head_dim % 2 != 0 || t.size(0) != heads * head_dim)
        throw Error("internal: GGUF Q/K rows " + std::to_string(t.dim() ? t.size(0) : 0) + " are not " +
                    std::to_string(heads) + " heads x head dim " + std::to_string(head_dim));
    auto rest = t.sizes().vec();
    rest.erase(rest.begin());
    std::vector<int64_t> shape = {heads, head_dim / 2, 2};
    shape.insert(shape.end(), rest.begin(), rest.end());
    return t.reshape(shape).transpose(1, 2).reshape(t.sizes()).contiguous();
}

std::unique_ptr<WeightSource> makeGgufWeightSource(const gguf::File& file, const ModelConfig& config) {
    return std::make_unique<GgufWeightSource>(file, config);
}

} // namespace pb
