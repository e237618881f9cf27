#pragma once
// LoRA adapters for a LlamaModel with per-layer dims (formats.md §5, PEFT semantics):
// for an adapted projection y = W·x (+b) + s·B(A(dropout(x))), s = alpha / r,
// A [r, in] ~ U(-1/√in, 1/√in) (kaiming_uniform a=√5), B [out, r] = 0.
// Adapter tensors are float32 on the model's device; the delta is computed in float32
// and cast to the model dtype (so a bf16 base works). Layers without attention (or MLP)
// have no adapters on those projections.
//
// On disk: PEFT's adapter_config.json + adapter_model.safetensors, tensor names
// base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight (A [r, in], B [out, r],
// pruned sizes). r and alpha are global (no rank_pattern).
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "core/model/llama_model.h"
#include "core/recover/defaults.h"

namespace pb {

struct LoraConfig {
    int64_t rank = defaults::kLoraRank;
    double alpha = defaults::kLoraAlpha;
    double dropout = defaults::kLoraDropout;
    // Module names: q_proj k_proj v_proj o_proj gate_proj up_proj down_proj.
    std::vector<std::string> targets = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
    double scale() const { return alpha / double(rank); }
};

// "q_proj" ... "down_proj" for each Projection, and the reverse (throws pb::Error on an unknown name).
const char* projectionName(Projection p);
Projection projectionFromName(const std::string& name);
// "self_attn" or "mlp".
const char* projectionModule(Projection p);

struct LoraPair {
    torch::Tensor A;  // [r, in] float32
    torch::Tensor B;  // [out, r] float32
    bool defined() const { return A.defined(); }
};

class LoraSet {
public:
    LoraConfig config;
    std::vector<std::array<LoraPair, 7>> layers;  // indexed by Projection; undefined = not adapted
    bool training = false;                        // dropout only while training

    // Fresh adapters for `model` (B = 0, so the model's outputs are unchanged). Throws pb::Error
    // on a bad config (rank < 1, unknown target, dropout outside [0, 1)).
    static LoraSet create(const LlamaModel& model, const LoraConfig& config, uint64_t seed = 0);
    // Reads adapter_config.json + adapter_model.safetensors (or a .safetensors path with the
    // config beside it) and checks every tensor against the model's dims. Throws pb::Error.
    static LoraSet load(const std::filesystem::path& dir, const LlamaModel& model);
    // Writes the two PEFT files into dir (created; files written atomically).
    void save(const std::filesystem::path& dir, const std::string& base_model = "") const;

    // s·B(A(dropout(x))) for (layer, proj), or an undefined tensor when not adapted.
    torch::Tensor delta(size_t layer, Projection proj, const torch::Tensor& x) const;
    // W ← W + s·B·A for every adapter, computed in float32 and cast back to W's dtype.
    // The model's tensors are replaced (not written in place).
    void mergeInto(LlamaModel& model) const;

    std::vector<torch::Tensor> parameters() const;                         // A and B of every adapter
    std::vector<torch::Tensor*> parameterSlots();                          // the same, to re-point them
    std::vector<std::pair<std::string, torch::Tensor>> namedTensors() const;  // PEFT names
    int64_t parameterCount() const;
    LoraSet clone() const;  // deep copy (detached)
    void to(torch::Device device);
};

// PEFT tensor name of an adapter: base_model.model.model.layers.{layer}.{module}.{proj}.lora_{A|B}.weight
std::string loraTensorName(size_t layer, Projection proj, bool is_b);

// Attaches adapters to a model for the lifetime of the object (sets model.linear_hook) and
// restores the previous hook afterwards. The LoraSet must outlive the attachment.
class LoraAttachment {
public:
    LoraAttachment(LlamaModel& model, const LoraSet& lora);
    ~LoraAttachment();
    LoraAttachment(const LoraAttachment&) = delete;
    LoraAttachment& operator=(const LoraAttachment&) = delete;

private:
    LlamaModel& model_;
    LinearHook previous_;
};

} // namespace pb
