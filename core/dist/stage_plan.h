#pragma once
// Which decoder blocks each pipeline stage holds (a model split across GPUs, core/dist/pipeline):
// contiguous block ranges in order, every block in exactly one stage, at least one block per
// stage; the embedding lives on the first stage, the final norm and lm_head on the last. And
// which rank is which stage of which replica when there are more ranks than stages (pipeline
// x data parallel). No torch here.
#include <cstdint>
#include <string>
#include <vector>

#include "core/arch/model_config.h"

namespace pb::dist {

struct StageRange {
    int64_t begin = 0, end = 0;  // blocks [begin, end)
    int64_t count() const { return end - begin; }
};

struct StagePlan {
    std::vector<StageRange> stages;
    int size() const { return int(stages.size()); }
    std::string describe() const;  // "0-9,10-19,..." (inclusive ranges, the --stages syntax)
};

// n contiguous stages balanced by parameter count: the largest stage (its blocks, plus the
// embedding on the first and final norm + lm_head on the last) as small as it can be.
// Throws pb::Error when n < 1 or n exceeds the number of blocks.
StagePlan balancedStages(const ModelConfig& config, int n);

// "0-9,10-19,20-31" (inclusive, a single block as "7"): must cover 0..layers-1 in order,
// without gaps or overlaps. Throws pb::Error naming the bad entry.
StagePlan parseStages(const std::string& spec, int64_t layers);

// The parameters a stage holds (what balancedStages balances).
int64_t stageParams(const ModelConfig& config, const StagePlan& plan, int stage);

// Ranks = stages x replicas: rank r is stage r % stages of replica r / stages, so the stages of
// one replica are consecutive ranks (one machine's GPUs under torchrun).
struct PipelineLayout {
    int stages = 1, replicas = 1;
    int stageOf(int rank) const { return rank % stages; }
    int replicaOf(int rank) const { return rank / stages; }
    int rankOf(int stage, int replica) const { return replica * stages + stage; }
};

// Throws pb::Error when world_size is not a multiple of stages.
PipelineLayout pipelineLayout(int world_size, int stages);

} // namespace pb::dist
