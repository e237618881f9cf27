#pragma once
// llama.cpp's deci graph and a layer that keeps its attention but has no MLP (a sub-block plan
// removed the MLP alone, core/plan/sub_block.h). llama.cpp (models/deci.cpp of llama-cpp-python
// 0.3.36) ends such a layer with `if (n_ff == 0) continue;` before `inpL = cur`: the attention
// output is never added to the residual stream and the whole layer computes nothing. The GGUF
// export therefore writes such a layer with a one-channel MLP of zeros (gate, up, down and their
// biases 0, ffn_norm 1): its output is exactly 0, so llama.cpp computes what the model does, at
// 3·hidden + hidden parameters per layer more. A layer with neither (an identity) needs none.
#include <string>
#include <vector>

namespace pb {

class LlamaModel;

// Whether `model` has a layer with attention and no MLP.
bool hasMlpFreeAttentionLayer(const LlamaModel& model);

// `model` (tensors shared) with such layers given the zero one-channel MLP; a note per padding
// in `notes`. The model itself when it has none.
LlamaModel padMlpFreeLayers(const LlamaModel& model, std::vector<std::string>& notes);

} // namespace pb
