#pragma once
// LoRA recovery training of a model split across ranks (core/dist/pipeline): the adapters of
// each stage's blocks live on that stage (initialised as LoraSet::create draws them for the
// whole model, so they are one process's), every step's micro-batches (this replica's shard of
// the global batch of micro_batch x grad_accum examples, as core/recover/train draws it) go
// through the stages together (GPipe: all forwards, then all backwards), the ranks of one
// stage sum their adapter gradients, and every stage steps its own adapters (AdamW; the
// gradient norm for clipping summed over the stages). The loss curve is one process's without
// dropout. Unlike recover(): no gradient checkpointing, no CUDA graphs, no quantized base.
#include <vector>

#include "core/dist/pipeline.h"
#include "core/dist/stage_model.h"
#include "core/recover/train.h"

namespace pb {

// result.adapters: the whole model's adapters on the CPU, gathered from the stages, on every rank.
RecoverResult pipelineRecover(dist::Pipeline& pipe, StageModel& stage, const std::vector<TrainExample>& train,
                              const std::vector<TrainExample>& val, const RecoverOptions& options,
                              const ProgressFn& progress = {}, const LossFn& on_loss = {});

// Mean loss over the supervised tokens of `examples` (the first max_examples; 0 = all), with the
// stage's adapters when given, through the pipeline; every rank returns it.
double pipelineEvaluationLoss(dist::Pipeline& pipe, StageModel& stage, const LoraSet* adapters,
                              const std::vector<TrainExample>& examples, int64_t micro_batch, int64_t max_examples);

} // namespace pb
