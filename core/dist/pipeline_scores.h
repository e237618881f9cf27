#pragma once
// Importance scores of a model split across ranks (core/dist/pipeline). Each stage scores its
// own blocks: forward criteria from the activations its blocks see (wanda_sp, flap: the inputs
// of o_proj/down_proj; block_bi: each block's input/output cosine), gradient criteria
// (taylor_element1, taylor_vector) from a backward pass through the pipeline (the gradient of
// each micro-batch's share of the mean calibration loss sent back stage by stage). With
// replicas, each takes its shard of the samples and the ranks of one stage sum their statistics
// or gradients before scoring; the stages' per-block scores are then gathered, so every rank
// returns the whole model's scores (one process's, up to the order of the sums).
#include <cstdint>
#include <string>

#include "core/dist/pipeline.h"
#include "core/dist/stage_model.h"
#include "core/plan/scores.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"

namespace pb {

// "" when the criterion runs pipelined, else why not (for the CLI's refusal).
std::string pipelineRefusal(Criterion criterion, bool score_hidden);

// taylor_element1, taylor_vector, wanda_sp, flap. `in_flight`: micro-batches (of options.batch
// samples) through the stages at a time. Throws pb::Error for another criterion.
WidthScores pipelineWidthScores(dist::Pipeline& pipe, StageModel& stage, const Calibration& calib,
                                const ScoreOptions& options, int64_t in_flight, const ProgressFn& progress = {});
// block_bi.
BlockScores pipelineBlockScores(dist::Pipeline& pipe, StageModel& stage, const Calibration& calib,
                                const ScoreOptions& options, int64_t in_flight, const ProgressFn& progress = {});

} // namespace pb
