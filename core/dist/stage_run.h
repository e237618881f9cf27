#pragma once
// A stage model's part of a pipeline run (core/dist/pipeline): the embedding of a micro-batch's
// ids on the first stage, the stage's blocks (with an optional probe, named by local block),
// the head given by the caller.
#include <functional>

#include <torch/types.h>

#include "core/dist/pipeline.h"
#include "core/dist/stage_model.h"
#include "core/model/llama_model.h"

namespace pb {

// ids_of(m): micro-batch m's token ids [rows, T] (any device; moved to the stage's).
dist::Pipeline::Stage stageRun(const StageModel& s, std::function<torch::Tensor(size_t m)> ids_of,
                               std::function<torch::Tensor(size_t m, const torch::Tensor& y)> head,
                               const ActivationProbe& probe = {});

// Micro-batch shapes [rows, T] of ids_of(m) for m < count.
std::vector<dist::Pipeline::Shape> shapesOf(size_t count, const std::function<torch::Tensor(size_t m)>& ids_of);

} // namespace pb
