#pragma once
// Tensor roles and their names in Hugging Face and GGUF files (llama.cpp constants).
// HF shapes are [out, in]; GGUF ne is the reverse.
#include <string>
#include <string_view>

namespace pb {

enum class TensorRole {
    Embed, FinalNorm, LmHead,
    AttnNorm, Q, K, V, O,
    FfnNorm, Gate, Up, Down,
    // gemma3: per-head RMSNorm of q and k ([head_dim], shared by the heads), and the norms of
    // the attention and feed-forward outputs before each residual add ([hidden]).
    QNorm, KNorm, PostAttnNorm, PostFfnNorm,
};

bool isLayerRole(TensorRole r);
// Which sublayer a block role belongs to (removed with it): attention or MLP.
bool isAttentionRole(TensorRole r);
bool isMlpRole(TensorRole r);
// RMSNorm weights (1-D multipliers): the final norm and every block norm.
bool isNormRole(TensorRole r);
// layer is ignored for global roles; bias selects ".bias" instead of ".weight". family picks the
// family's Hugging Face names where they differ (gemma3: pre_feedforward_layernorm is the MLP's
// input norm, post_attention_layernorm the attention output's norm); empty = the LLaMA names.
std::string hfTensorName(TensorRole r, int layer, bool bias = false, std::string_view family = {});
std::string ggufTensorName(TensorRole r, int layer, bool bias = false);

} // namespace pb
