#include "core/model/weights_hf.h"

#include <cstring>

#include <torch/torch.h>

#include "core/arch/family.h"
#include "core/io/safetensors.h"
#include "core/util/error.h"

namespace pb {

namespace {

class SafetensorsWeightSource final : public WeightSource {
public:
    SafetensorsWeightSource(const st::Checkpoint& c, const std::string& family)
        : ckpt_(c), family_(family), norm_plus_one_(familyByName(family) && familyByName(family)->hf_norm_plus_one) {}

    std::string nameOf(TensorRole role, int layer, bool bias) const override {
        return hfTensorName(role, layer, bias, family_);
    }

    torch::Tensor get(TensorRole role, int layer, bool bias) override {
        const std::string name = nameOf(role, layer, bias);
        const st::TensorInfo* info = ckpt_.find(name);
        if (!info) return {};
        torch::ScalarType type;
        switch (info->dtype) {
            case st::DType::F32: type = torch::kFloat32; break;
            case st::DType::F16: type = torch::kFloat16; break;
            case st::DType::BF16: type = torch::kBFloat16; break;
            default:
                throw Error("tensor '" + name + "' has dtype " + st::dtypeName(info->dtype) +
                            " (PruneBench reads F32, F16 and BF16 weights)");
        }
        auto raw = torch::empty(info->shape, type);
        if (static_cast<uint64_t>(raw.nbytes()) != info->nbytes)
            throw Error("tensor '" + name + "': byte size does not match its shape");
        std::memcpy(raw.data_ptr(), info->data, info->nbytes);
        auto out = raw.to(torch::kFloat32);
        // Gemma's HF RMSNorm scales by (1 + w); PruneBench keeps the multiplier itself (as GGUF does).
        if (norm_plus_one_ && !bias && isNormRole(role)) out = out + 1.0f;
        return out;
    }

private:
    const st::Checkpoint& ckpt_;
    std::string family_;
    bool norm_plus_one_;
};

} // namespace

std::unique_ptr<WeightSource> makeSafetensorsWeightSource(const st::Checkpoint& checkpoint, const std::string& family) {
    return std::make_unique<SafetensorsWeightSource>(checkpoint, family);
}

} // namespace pb
