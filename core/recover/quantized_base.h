#pragma once
// LoRA recovery on a quantized base (issue 14): a GGUF model whose seven decoder projections
// per block stay in their ggml quantization on the device (QuantizedWeight: the file's
// bytes), dequantized per projection on the fly in forward and again in backward
// (core/recover/quantized_linear) and never stored dequantized. Embedding, norms, lm_head
// and biases are float tensors as the loader makes them. The LlamaModel's projection
// tensors are placeholders of the right shape with one element of storage (NaN, so that a
// reader of their values sees garbage at once); their readers only read shapes
// (LoraSet::create/load, checkShapes), and model.linear_override sends every projection to
// the quantized store. The recovery trainer (core/recover/train) runs on `model` unchanged.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include <torch/types.h>

#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/recover/quantized_weight.h"

namespace pb {

// Every block's projections, indexed by Projection (undefined = absent).
using QuantizedLayers = std::vector<std::array<QuantizedWeight, 7>>;

struct QuantizedBase {
    std::filesystem::path source;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::shared_ptr<LlamaModel> model;                 // placeholders + linear_override into `quantized`
    std::shared_ptr<const QuantizedLayers> quantized;  // kept alive by model's override too
    double load_seconds = 0.0;

    // Device bytes of the quantized projections (= their GGUF tensors' bytes; plus the kept
    // column indices after a plan).
    int64_t quantizedBytes() const;
    // Device bytes of everything else the model holds (embedding, norms, lm_head, biases and
    // the placeholders' single elements), each storage counted once.
    int64_t floatBytes() const;
    // A plain model with every projection dequantized into real tensors (merging adapters,
    // saving, reference runs); same device and dtype. Tensors other than the projections
    // share storage with this base.
    LlamaModel dequantized() const;
};

// Opens a GGUF model (`options`: device and working dtype) with its projections quantized
// on the device. Every tensor's shape is checked against the config first, and each
// projection is dequantized once to check that it is finite. Throws pb::Error: a Hugging
// Face folder (nothing quantized to keep), a ggml type the device dequantizer does not
// handle, NaN/inf weights.
QuantizedBase loadQuantizedBase(const std::filesystem::path& path, const LoadOptions& options = {},
                                const ProgressFn& progress = {});

// A resolved plan applied to a quantized base: kept output rows are cut in ggml form, kept
// input columns are gathered after each dequantization; norms, biases and the embedding are
// cut as applyPlan cuts them. Outputs equal applyPlan(base.dequantized(), plan)'s. Tensors
// the plan does not cut share storage with `base`. Throws pb::Error as applyPlan does.
QuantizedBase applyPlanQuantized(const QuantizedBase& base, const PruningPlan& resolved_plan);

} // namespace pb
