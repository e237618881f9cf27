#pragma once
// Tensor roles and their names in Hugging Face and GGUF files (llama.cpp constants).
// HF shapes are [out, in]; GGUF ne is the reverse.
#include <string>

namespace pb {

enum class TensorRole {
    Embed, FinalNorm, LmHead,
    AttnNorm, Q, K, V, O,
    FfnNorm, Gate, Up, Down,
};

bool isLayerRole(TensorRole r);
// layer is ignored for global roles; bias selects ".bias" instead of ".weight".
std::string hfTensorName(TensorRole r, int layer, bool bias = false);
std::string ggufTensorName(TensorRole r, int layer, bool bias = false);

} // namespace pb
