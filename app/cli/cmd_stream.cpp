// prunebench-cli stream: perplexity, scoring (forward-only and gradient criteria) and pruning
// of a model run layer by layer from its file (core/stream), for models larger than GPU memory
// and RAM.
#include <cmath>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "app/cli/depth_target.h"
#include "app/cli/enum_args.h"
#include "app/cli/option_limits.h"
#include "app/cli/output_check.h"
#include "app/cli/prune_common.h"
#include "core/bench/peak_memory.h"
#include "core/data/assets.h"
#include "core/export/gguf_pruned.h"
#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "core/prune/sweep.h"
#include "core/stream/streamed_model.h"
#include "core/tokenizer/tokenizer.h"

namespace pbcli {

namespace {

nlohmann::json pplJson(const pb::PerplexityResult& r) {
    return {{"ppl", r.ppl}, {"windows", r.windows}, {"seq_len", r.seq_len}, {"tokens", r.tokens},
            {"seconds", r.seconds}, {"tokens_per_s", r.tokens_per_s}};
}

// Score with a streamed criterion; the plan that removes what the arguments ask.
pb::PruningPlan streamedPlan(const Args& args, pb::StreamedModel& m, const pb::Calibration& calib,
                             const pb::ScoreOptions& so, const pb::ProgressFn& progress, nlohmann::json& out) {
    const pb::ModelConfig& c = m.config();
    const bool depth = pb::criterionInfo(so.criterion).depth;
    const int modes = int(args.has("width-ratio")) + int(args.has("drop-blocks")) + int(args.has("target-params"));
    if (modes != 1) throw UsageError("give exactly one of --width-ratio, --drop-blocks, --target-params");
    pb::PruningPlan plan;
    if (depth) {
        int64_t blocks = 0;
        if (args.has("width-ratio"))
            throw UsageError("--width-ratio needs a width criterion (" + pb::criterionList(false, true) + ")");
        const std::string blocks_why =
            "the model has " + std::to_string(c.numLayers()) + " blocks and keeps at least one";
        if (args.has("drop-blocks")) {
            blocks = args.getInt("drop-blocks", 0, 1, std::max<int64_t>(1, c.numLayers() - 1), blocks_why);
        } else {
            checkDepthTargetBeforeScoring(args, c);  // range, and a budget meaning no block, before scoring
        }
        pb::BlockScores bs = m.scoreBlocks(calib, so, progress);
        out["scores"] = bs.toJson();
        const int64_t pf = args.has("plus") ? 4 : 0, pl = args.has("plus") ? 2 : 0;
        plan = pb::depthPlan(c, args.has("target-params") ? depthBlocksForTarget(args, c, bs, pf, pl)
                                                         : pb::blocksToDrop(bs, blocks, pf, pl));
    } else {
        if (args.has("drop-blocks"))
            throw UsageError("--drop-blocks needs a depth criterion (" + pb::criterionList(true, true) + ")");
        auto [first, last] = pb::defaultWidthLayers(c.numLayers());
        if (args.has("layers")) std::tie(first, last) = parseLayerRange(args.get("layers"), c.numLayers());
        const pb::AttentionUnit unit = attentionUnitArg(args);
        double ratio = 0;
        if (args.has("width-ratio")) {
            ratio = args.getDouble("width-ratio", 0, limits::kOpenFraction);
        } else {
            const double f = args.getDouble("target-params", 0, limits::kOpenFraction);
            ratio = pb::widthRatioForParamFraction(c, f, first, last, unit, 1);
        }
        plan = pb::uniformWidthPlan(c, ratio, ratio, first, last, unit);
        plan.attention_unit = unit;
        biasCompensationArg(args, plan);
        pb::ScoreOptions for_plan = so;
        for_plan.fusion_plan = plan;  // fusion chooses its mix for this cut
        pb::WidthScores ws = m.scoreWidth(calib, for_plan, progress);
        out["score_seconds"] = ws.seconds;
        plan = pb::resolvePlan(c, plan, ws);
    }
    plan.criterion = so.criterion;
    plan.aggregation = so.aggregation;
    plan.calibration = args.get("calib");
    plan.samples = calib.samples();
    plan.seq_len = calib.length();
    return plan;
}

} // namespace

Command streamCommand() {
    auto opts = modelOptions();
    opts[0].help = "a .gguf file or Hugging Face folder, run one block at a time (never whole in memory)";
    for (auto& o : calibrationOptions()) opts.push_back(o);
    for (OptionSpec o : std::vector<OptionSpec>{
             {"work", true, "ppl | score | prune (default ppl)"},
             {"criterion", true, "streamed criteria, " + criterionHelp(true) + " (default " +
                                     pb::criterionName(pb::defaults::kStreamedCriterion) + ")"},
             {"batch", true, "samples or windows per forward (default 8)"},
             {"text", true, "ppl: the text; prune: perplexity before and after on it"},
             {"max-windows", true,
              "perplexity windows (default: all for ppl, " + std::to_string(pb::defaults::kPplWindows) + " for prune)"},
             {"plan", true, "ppl: of this resolved plan's pruned model (cut as each block streams)"},
             {"width-ratio", true, "prune: remove this fraction of KV groups and MLP channels in --layers"},
             {"drop-blocks", true, "prune: remove N whole blocks (depth criterion)"},
             {"target-params", true, "prune: remove this fraction of all parameters"},
             {"layers", true, "width layer range A-B (default: skip the first 4 and last 2)"},
             {"attention-unit", true, attentionUnitHelp()},
             biasCompensationOption(),
             {"plus", false, "depth: never remove the first 4 and last 2 blocks"},
             {"save-plan", true, "prune: write the resolved plan (replayable) to this JSON file"},
             {"out", true, "prune: write the pruned model to this GGUF file, straight from the source GGUF"},
             {"no-read-ahead", false, "do not read the next block while one computes"},
             {"activations", true,
              "gradient criteria: where the saved block inputs stay, auto | device | host (pinned; default auto: "
              "the device when they take at most half of its free memory)"}})
        opts.push_back(o);
    markRequired(opts, {"model"});
    return {"stream", "perplexity, scoring and pruning streamed block by block from the file", opts,
            [](const Args& args) {
        const std::string work = args.get("work", "ppl");
        if (work != "ppl" && work != "score" && work != "prune") throw UsageError("--work must be ppl, score or prune");
        pb::StreamOptions so;
        so.device = args.get("device", "cpu");
        so.dtype = args.get("dtype", "f32");
        so.read_ahead = !args.has("no-read-ahead");
        so.activations = args.get("activations", "auto");
        if (so.activations != "auto" && so.activations != "device" && so.activations != "host")
            throw UsageError("--activations must be auto, device or host");
        const int64_t batch = args.getInt("batch", 8, 1, limits::kBatch);
        const int64_t seq_len = args.getInt("seq-len", pb::defaults::kPplSeqLen, 2, limits::kSeqLen);
        const int64_t max_windows =
            args.getInt("max-windows", work == "ppl" ? 0 : pb::defaults::kPplWindows, 0, limits::kWindows);
        const std::vector<pb::SourcePath> sources = runSources(args);
        pb::ScoreOptions sc;
        if (work != "ppl") {
            sc.criterion = criterionArg(args, pb::defaults::kStreamedCriterion, std::nullopt, true);
            sc.batch = batch;
        }
        auto progress = progressPrinter(5);
        pb::resetPeakMemory("cpu");
        pb::StreamedModel m(pb::assets::resolveModel(args.required("model")), so);
        if (so.device != "cpu") pb::resetPeakMemory(so.device);  // after the device is initialised
        const pb::ModelConfig& c = m.config();
        nlohmann::json j = {{"work", work}, {"model", args.required("model")}, {"device", so.device},
                            {"dtype", so.dtype}, {"parameters", c.totalParams()}, {"file_bytes", m.fileBytes()},
                            {"bf16_bytes", 2 * c.totalParams()}, {"layers", c.numLayers()}, {"hidden", c.hidden}};
        pb::PerplexityOptions po;
        po.batch = batch;
        po.seq_len = seq_len;
        if (work == "ppl") {
            po.max_windows = max_windows;
            const auto ids = m.tokenizer().encode(pb::assets::loadText(args.required("text")), true);
            std::optional<pb::PruningPlan> plan;
            if (args.has("plan")) plan = pb::PruningPlan::load(args.get("plan"));
            j["ppl"] = pplJson(m.perplexity(ids, po, plan ? &*plan : nullptr, progress));
        } else {
            const pb::Calibration calib = calibrationFromArgs(args, m.tokenizer());
            if (work == "score") {
                if (pb::criterionInfo(sc.criterion).depth) j["scores"] = m.scoreBlocks(calib, sc, progress).toJson();
                else j["scores"] = m.scoreWidth(calib, sc, progress).toJson();
            } else {
                pb::PruningPlan plan = streamedPlan(args, m, calib, sc, progress, j);
                const pb::ModelConfig after = pb::prunedConfig(c, plan);
                j["params_before"] = c.totalParams();
                j["params_after"] = after.totalParams();
                j["removed_fraction"] = 1.0 - double(after.totalParams()) / double(c.totalParams());
                j["dropped_blocks"] = plan.dropped_blocks;
                if (args.has("save-plan"))
                    savePlanChecked(plan, args.get("save-plan"), sources), j["plan_file"] = args.get("save-plan");
                if (args.has("out")) {
                    if (m.fileBytes() == 0) throw UsageError("--out needs a GGUF source (for a folder use prune --out)");
                    const pb::PrunedGgufResult w = pb::writePrunedGguf(pb::assets::resolveModel(args.required("model")),
                                                                       plan, args.get("out"), progress, sources);
                    j["out"] = {{"file", w.file.string()}, {"bytes", w.bytes}, {"parameters", w.parameters},
                                {"architecture", w.architecture}, {"copied_tensors", w.copied_tensors},
                                {"requantized_tensors", w.requantized_tensors}, {"notes", w.notes}};
                }
                if (args.has("text")) {
                    po.max_windows = max_windows;
                    const auto ids = m.tokenizer().encode(pb::assets::loadText(args.get("text")), true);
                    j["ppl_before"] = pplJson(m.perplexity(ids, po, nullptr, progress));
                    j["ppl_after"] = pplJson(m.perplexity(ids, po, &plan, progress));
                }
            }
        }
        const pb::StreamStats& st = m.stats();
        j["stream"] = {{"passes", st.passes}, {"blocks_loaded", st.blocks_loaded}, {"bytes_copied", st.bytes_copied},
                       {"load_seconds", st.load_seconds}, {"seconds", st.seconds}};
        if (!st.activations.empty())
            j["stream"]["activations"] = {{"kept_on", st.activations}, {"bytes", st.activation_bytes}};
        const pb::PeakMemory dev = pb::peakMemory(so.device), rss = pb::peakMemory("cpu");
        j["peak_device_bytes"] = dev.bytes;
        j["peak_device_kind"] = dev.kind;
        j["peak_rss_bytes"] = rss.bytes;
        if (args.has("json")) {
            printJson(j.dump());
        } else {
            std::cout << j.dump(2) << "\n";
        }
        return 0;
    }};
}

} // namespace pbcli
