#pragma once
// The one shape check of a model's tensors against its config (per-layer widths included):
// the expected shape of every tensor role, and the check that every reader (the loader, the
// streamed model, the in-memory model after pruning) runs before any math. Torch-free.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/arch/tensor_names.h"

namespace pb {

// One tensor the config says the model holds, in PyTorch order ([out, in]).
struct ExpectedTensor {
    TensorRole role = TensorRole::Embed;
    int layer = 0;
    bool bias = false;
    bool required = true;        // biases are optional unless the config says the family has them
    std::vector<int64_t> shape;  // e.g. q_proj [heads*head_dim, hidden]
    std::string why;             // the config values behind the shape, for messages
};

// Every tensor of a model with config `c`: embedding, final norm, lm_head (when not tied) and,
// per block, the attention (when it has heads) and the MLP (when it has channels), biases
// included as optional unless required by the config.
std::vector<ExpectedTensor> expectedTensors(const ModelConfig& c);
// Block i's part of that list (the order the readers fetch them in: core/model/layer_fetch).
std::vector<ExpectedTensor> expectedLayerTensors(const ModelConfig& c, size_t i);

// "[a, b]"
std::string shapeText(const std::vector<int64_t>& shape);

// A tensor as a file holds it.
struct FileTensor {
    std::vector<int64_t> shape;  // PyTorch order (a GGUF's ne reversed)
    std::string file;            // the file that holds it, for messages
    std::string type_problem;    // non-empty when its data type cannot be read (the reason)
};
// nullopt when the file does not hold `name`.
using TensorLookup = std::function<std::optional<FileTensor>(const std::string& name)>;
using TensorNamer = std::function<std::string(TensorRole role, int layer, bool bias)>;

// Checks, from the files' headers only (no data read): every required tensor is present,
// every present one has its expected shape and a readable type, and no block tensor is in
// the file that the config says is absent (a sublayer with 0 heads or 0 channels, a block
// past the config's layer count). `model` names the model (file or folder) and `config_name`
// the source of the widths ("config.json", "the GGUF metadata") in messages. Throws pb::Error:
//   'FILE': tensor 'NAME' has shape [1], expected [64] (hidden size 64)
void checkModelTensors(const ModelConfig& c, const TensorLookup& lookup, const TensorNamer& name,
                       const std::string& model, const std::string& config_name);

} // namespace pb
