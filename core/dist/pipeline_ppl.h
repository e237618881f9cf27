#pragma once
// Perplexity of a model split across ranks (core/dist/pipeline): each replica takes its shard of
// the windows (core/dist/shard), in micro-batches of PerplexityOptions::batch windows, `in_flight`
// micro-batches through the stages at a time; the last stage sums the negative log-likelihood
// and the sum over the replicas' last stages is every rank's result (one process's, up to the
// order of the sums).
#include <cstdint>
#include <vector>

#include "core/dist/pipeline.h"
#include "core/dist/stage_model.h"
#include "core/eval/perplexity.h"

namespace pb {

PerplexityResult pipelinePerplexity(dist::Pipeline& pipe, const StageModel& stage, const std::vector<int32_t>& ids,
                                    const PerplexityOptions& options, int64_t in_flight,
                                    const ProgressFn& progress = {});

} // namespace pb
