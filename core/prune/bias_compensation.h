#pragma once
// FLAP's bias compensation (An et al., arXiv 2312.11983; the reference code's `compress`):
// when input channels of o_proj or down_proj are removed, their mean contribution over the
// calibration tokens is folded into the projection's output bias,
//     b_new = b + W[:, removed] · mean_x[removed],
// so that the pruned layer's output keeps the mean of the dense one. The means travel in the
// plan (LayerPlan::o_proj_input_mean / down_proj_input_mean): a replayed or edited plan
// compensates the channels it removes. Every cut applies it here: in memory
// (core/prune/apply), streamed (core/stream), onto a quantized base (core/recover) and, with
// ggml rows instead of tensors, straight from a GGUF file (core/export/gguf_pruned).
#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "core/plan/plan.h"

namespace pb {

class LlamaModel;
struct LayerWeights;
struct DependencyGraph;
struct PlanCut;
struct WidthScores;

// W[:, removed] · mean[removed] for a projection w [out, in] whose kept input columns are
// `kept` (ascending; empty = all kept, then an undefined tensor). mean: [in]. Returns [out]
// float64 on w's device.
torch::Tensor compensationBias(const torch::Tensor& w, const std::vector<int64_t>& kept, const std::vector<double>& mean);

// Adds the compensation of block `layer` to the cut weights `out` (cutLayer of `src`): o_proj's
// and down_proj's biases, created when absent, then cut to the kept hidden channels. Nothing
// when the plan does not compensate or gives no means for the layer.
void compensateLayer(LayerWeights& out, const LayerWeights& src, const DependencyGraph& graph, const PlanCut& cut,
                     int layer, const PruningPlan& plan);

// Zero o_proj / down_proj biases in the blocks that lack one where model.config announces them
// (a compensated plan gives every block of the pruned model the bias, as exports need).
void fillAnnouncedBiases(LlamaModel& model);

// The calibration mean of every input channel of o_proj and down_proj, per layer, into
// scores.attn_input_mean / mlp_input_mean (one forward pass; criteria that are not
// activation-based measure them this way when a plan compensates).
void measureInputMeans(LlamaModel& model, const torch::Tensor& ids, int64_t batch, WidthScores& scores);

} // namespace pb
