#pragma once
// --pipeline-stages / --stages for ppl, score and recover: the model split across the ranks
// torchrun or Slurm starts (core/dist/pipeline), each rank loading only its stage's blocks;
// ranks = stages x data-parallel replicas.
#include <memory>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/dist/pipeline.h"
#include "core/dist/stage_model.h"

namespace pb {
struct PerplexityOptions;
struct ScoreOptions;
}

namespace pbcli {

std::vector<OptionSpec> pipelineOptions();  // --pipeline-stages, --stages, --in-flight
bool pipelined(const Args& args);

struct PipelineRun {
    std::unique_ptr<pb::dist::Pipeline> pipe;
    pb::StageModel stage;
    int64_t in_flight = 2;  // micro-batches through the stages at a time
};
// Joins the ranks (--distributed), plans the stages, loads this rank's stage. Throws pb::Error.
PipelineRun openPipeline(const Args& args);

int pipelinePpl(const Args& args, pb::PerplexityOptions po, const std::string& text);
int pipelineScore(const Args& args, const pb::ScoreOptions& so);
// recover's options that need the whole model on one rank: refused with --pipeline-stages.
void refuseForPipelineRecover(const Args& args);

} // namespace pbcli
