#include "app/cli/pipeline_cli.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/distributed.h"
#include "app/cli/progress_line.h"
#include "app/cli/prune_common.h"
#include "core/data/assets.h"
#include "core/dist/pipeline_ppl.h"
#include "core/dist/pipeline_scores.h"
#include "core/eval/perplexity.h"
#include "core/plan/criteria.h"
#include "core/prune/importance.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pbcli {

std::vector<OptionSpec> pipelineOptions() {
    return {{"pipeline-stages", true,
             "split the model across the ranks in N stages of contiguous blocks balanced by parameters (pipeline "
             "parallel: each rank loads only its stage's blocks; the embedding on the first, norm and lm_head on the "
             "last; activations passed with c10d send/recv); WORLD_SIZE = N x data-parallel replicas"},
            {"stages", true, "the stages' blocks by hand instead, e.g. 0-9,10-19,20-31 (implies --pipeline-stages)"},
            {"in-flight", true, "with --pipeline-stages: micro-batches in the pipeline at once, so that the stages "
                                "overlap (default 2 x stages; recover: a step's micro-batches)"}};
}

bool pipelined(const Args& args) { return args.has("pipeline-stages") || args.has("stages"); }

void refuseForPipelineRecover(const Args& args) {
    for (const char* o : {"merge", "save-merged", "save-pruned", "plan", "quantized-base", "grad-checkpoint"})
        if (args.has(o))
            throw UsageError(std::string("--") + o + " is not combined with --pipeline-stages (each rank holds only its "
                             "stage's blocks); the adapter (--out) is gathered on rank 0");
}

PipelineRun openPipeline(const Args& args) {
    const std::string path = pb::assets::resolveModel(args.required("model")).string();
    const pb::ModelConfig config = pb::readModelConfig(path);
    pb::dist::StagePlan plan;
    if (args.has("stages")) {
        plan = pb::dist::parseStages(args.get("stages"), config.numLayers());
        if (args.has("pipeline-stages") && args.getInt("pipeline-stages", 1, 1, 4096) != plan.size())
            throw UsageError("--pipeline-stages " + args.get("pipeline-stages") + " and --stages '" + args.get("stages") +
                             "' (" + std::to_string(plan.size()) + " stages) disagree");
    } else {
        plan = pb::dist::balancedStages(config, int(args.getInt("pipeline-stages", 1, 1, 4096)));
    }
    pb::dist::World& world = worldFor(args);
    PipelineRun run;
    run.pipe = std::make_unique<pb::dist::Pipeline>(world, plan);
    run.in_flight = args.getInt("in-flight", 2 * plan.size(), 1, 65536);
    const int s = run.pipe->stage();
    const pb::dist::StageRange b = run.pipe->blocks();
    run.stage = pb::loadStage(path, args.get("device", "cpu"), args.get("dtype", "f32"), plan, s);
    std::fprintf(stderr, "rank %d: stage %d of %d (replica %d of %d) holds blocks %lld-%lld, %.3g M parameters, "
                         "loaded in %.2f s (stages %s)\n",
                 world.rank(), s, plan.size(), run.pipe->replica(), run.pipe->layout().replicas, (long long)b.begin,
                 (long long)b.end - 1, double(pb::dist::stageParams(config, plan, s)) / 1e6, run.stage.load_seconds,
                 plan.describe().c_str());
    return run;
}

namespace {
nlohmann::json pipelineJson(const PipelineRun& r) {
    return {{"stages", r.pipe->plan().describe()}, {"replicas", r.pipe->layout().replicas}, {"in_flight", r.in_flight}};
}
} // namespace

int pipelinePpl(const Args& args, pb::PerplexityOptions po, const std::string& text) {
    PipelineRun run = openPipeline(args);
    std::vector<int32_t> ids = run.stage.tokenizer->encode(text, true);
    pb::PerplexityResult r = pb::pipelinePerplexity(*run.pipe, run.stage, ids, po, run.in_flight, progressPrinter(10));
    if (args.has("json")) {
        printJson(nlohmann::json{{"ppl", r.ppl}, {"tokens", r.tokens}, {"windows", r.windows}, {"seq_len", r.seq_len},
                                 {"tokens_per_s", r.tokens_per_s}, {"seconds", r.seconds},
                                 {"device", args.get("device", "cpu")}, {"dtype", args.get("dtype", "f32")},
                                 {"pipeline", pipelineJson(run)}}.dump());
        return 0;
    }
    std::printf("ppl %.4f over %lld windows x %lld tokens (%lld tokens, %.1f tokens/s, %.2f s; pipeline %s)\n", r.ppl,
                (long long)r.windows, (long long)r.seq_len, (long long)r.tokens, r.tokens_per_s, r.seconds,
                run.pipe->plan().describe().c_str());
    return 0;
}

int pipelineScore(const Args& args, const pb::ScoreOptions& so) {
    if (const std::string why = pb::pipelineRefusal(so.criterion, so.score_hidden); !why.empty()) throw UsageError(why);
    for (const char* o : {"against", "without"})
        if (args.has(o)) throw UsageError(std::string("--") + o + " is not combined with --pipeline-stages");
    PipelineRun run = openPipeline(args);
    pb::Calibration calib = calibrationFromArgs(args, *run.stage.tokenizer);
    auto progress = progressPrinter(5);
    nlohmann::json j;
    const bool depth = pb::criterionInfo(so.criterion).depth;
    if (depth) {
        pb::BlockScores s = pb::pipelineBlockScores(*run.pipe, run.stage, calib, so, run.in_flight, progress);
        j = s.toJson();
        j["kind"] = "depth";
        if (!args.has("json"))
            for (size_t i = 0; i < s.scores.size(); ++i) std::printf("block %2zu  %.6g\n", i, s.scores[i]);
    } else {
        pb::WidthScores s = pb::pipelineWidthScores(*run.pipe, run.stage, calib, so, run.in_flight, progress);
        j = s.toJson();
        j["kind"] = "width";
        if (!args.has("json"))
            for (size_t i = 0; i < s.mlp.size(); ++i) {
                double attn = 0, mlp = 0;
                for (double v : s.attention_groups[i]) attn += v;
                for (double v : s.mlp[i]) mlp += v;
                std::printf("layer %2zu  attention groups %zu (sum %.4g)  MLP channels %zu (sum %.4g)\n", i,
                            s.attention_groups[i].size(), attn, s.mlp[i].size(), mlp);
            }
    }
    if (!args.has("json")) {
        std::printf("%s across pipeline stages %s x %d replica(s)\n", pb::criterionName(so.criterion).c_str(),
                    run.pipe->plan().describe().c_str(), run.pipe->layout().replicas);
        return 0;
    }
    j["samples"] = calib.samples();
    j["seq_len"] = calib.length();
    j["pipeline"] = pipelineJson(run);
    printJson(j.dump());
    return 0;
}

} // namespace pbcli
