// prunebench-cli compare: width vs depth at the same parameter budget, the GUI's Compare tab
// on the command line (core/prune/compare.h): the original, the plan's width part and the
// depth plan removing about the same parameters, each with perplexity, parameters, MACs,
// live blocks, the latency estimate and a greedy generation with its speed.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/enum_args.h"
#include "app/cli/option_limits.h"
#include "app/cli/output_check.h"
#include "app/cli/prune_common.h"
#include "app/cli/report_cli.h"
#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "core/prune/compare.h"
#include "core/report/latency_report.h"
#include "core/prune/sweep.h"
#include "core/report/results_json.h"

namespace pbcli {

namespace {

// The plan to compare: --plan, or a uniform width plan from --width-ratio / --target-params.
pb::PruningPlan planFromArgs(const Args& args, const pb::ModelConfig& c) {
    const int modes = int(args.has("plan")) + int(args.has("width-ratio")) + int(args.has("target-params"));
    if (modes != 1) throw UsageError("give exactly one of --plan, --width-ratio, --target-params");
    if (args.has("plan")) return pb::PruningPlan::load(args.get("plan"));
    auto [first, last] = pb::defaultWidthLayers(c.numLayers());
    if (args.has("layers")) std::tie(first, last) = parseLayerRange(args.get("layers"), c.numLayers());
    const pb::AttentionUnit unit = attentionUnitArg(args);
    const double ratio = args.has("width-ratio")
                             ? args.getDouble("width-ratio", 0, limits::kOpenFraction)
                             : pb::widthRatioForParamFraction(
                                   c, args.getDouble("target-params", 0, limits::kOpenFraction), first, last, unit, 1);
    pb::PruningPlan plan = pb::uniformWidthPlan(c, ratio, ratio, first, last, unit);
    plan.attention_unit = unit;
    return plan;
}

void printVariant(const char* name, const pb::CompareVariant& v) {
    if (!v.ok) {
        std::printf("%-13s failed: %s\n", name, v.error.c_str());
        return;
    }
    std::printf("%-13s %11lld %7.2f%% %14lld %6lld %8.2f %10.3f %9.1f", name, (long long)v.params,
                100.0 * v.removed_fraction, (long long)v.macs, (long long)v.blocks, v.latency_ratio, v.ppl,
                v.tokens_per_s);
    if (v.latency.measured()) std::printf(" %10.2f %12.1f", v.latency.prefill_ms, v.latency.decode_tokens_per_s);
    std::printf("\n");
}

} // namespace

Command compareCommand() {
    auto opts = modelOptions();
    for (auto& o : calibrationOptions()) opts.push_back(o);
    for (OptionSpec o : std::vector<OptionSpec>{
             {"plan", true, "the plan to compare (resolved: replayed as it is; ratios: resolved with --criterion)"},
             {"width-ratio", true, "or: a uniform width plan removing this fraction of units in --layers"},
             {"target-params", true, "or: a uniform width plan removing this fraction of all parameters"},
             {"layers", true, "width layer range A-B (default: skip the first 4 and last 2)"},
             {"attention-unit", true, attentionUnitHelp()},
             {"criterion", true, "width criterion resolving ratios: " + pb::criterionList(false) + " (default " +
                                     pb::criterionName(pb::defaults::kWidthCriterion) + ")"},
             {"aggregation", true, aggregationHelp()},
             {"block-criterion", true, "depth criterion ranking the blocks: " + pb::criterionList(true) + " (default " +
                                           pb::criterionName(pb::defaults::kBlockCriterion) + ")"},
             {"text", true, std::string("perplexity text (default ") + pb::defaults::kPplText + ")"},
             {"max-windows", true, "perplexity windows of " + std::to_string(pb::defaults::kPplSeqLen) +
                                       " tokens (default " + std::to_string(pb::defaults::kGuiPplWindows) + ")"},
             {"prompt", true, "prompt of the greedy generation (default: the GUI's)"},
             {"gen-tokens", true, "tokens generated per model (default 32)"},
             {"no-latency", false, "skip measuring each shape's latency (core/bench/latency.h): the estimate only"},
             reportOption()})
        opts.push_back(o);
    markRequired(opts, {"model"});
    return {"compare", "width vs depth at the same parameter budget (the GUI's Compare tab)", opts,
            [](const Args& args) {
        pb::CompareRequest r;
        r.calib.text = args.get("calib", r.calib.text);
        r.calib.samples = args.getInt("samples", r.calib.samples, 1, limits::kSamples);
        r.calib.seq_len = args.getInt("seq-len", r.calib.seq_len, 2, limits::kSeqLen);
        r.calib.seed = static_cast<uint64_t>(args.getInt("seed", 0, 0, limits::kSeed));
        r.width_criterion = criterionArg(args, r.width_criterion, false);
        r.block_criterion = criterionArg(args, r.block_criterion, true, false, "block-criterion");
        r.aggregation = aggregationArg(args);
        r.ppl_text = args.get("text", r.ppl_text);
        r.ppl_windows = args.getInt("max-windows", r.ppl_windows, 1, limits::kWindows);
        r.prompt = args.get("prompt", r.prompt);
        r.gen_tokens = args.getInt("gen-tokens", r.gen_tokens, 0, limits::kTokens);
        r.measure_latency = !args.has("no-latency");
        const std::vector<pb::SourcePath> sources = runSources(args);
        pb::LoadedModel m = loadFromArgs(args);
        checkReportArgs(args, m.source.string());
        r.plan = planFromArgs(args, m.config);
        static const int one_step = 1;
        const pb::CompareResult result = pb::compare(m, r, stepProgress(one_step));
        nlohmann::json j = pb::toJson(result);
        j["text"] = r.ppl_text;
        j["windows"] = r.ppl_windows;
        j["prompt"] = r.prompt;
        if (args.has("report")) {
            pb::report::ReportData d;
            d.title = "PruneBench report: width vs depth";
            d.model = pb::report::summarizeModel(m.config, m.source.string());
            d.comparison = pb::report::ComparisonSummary{r.ppl_text, r.ppl_windows, pb::defaults::kPplSeqLen, r.prompt, result};
            j["report"] = writeReportFromArgs(args, std::move(d), sources);
        }
        if (args.has("json")) {
            printJson(j.dump());
            return 0;
        }
        std::printf("both pruned models aim at %.2f%% of the parameters; perplexity: %lld windows of %lld tokens of %s\n",
                    100.0 * result.target_fraction, (long long)r.ppl_windows, (long long)pb::defaults::kPplSeqLen,
                    r.ppl_text.c_str());
        const bool measured = result.original.latency.measured();
        std::printf("%-13s %11s %8s %14s %6s %8s %10s %9s%s\n", "model", "parameters", "removed", ("MACs/" + std::to_string(pb::defaults::kPplSeqLen) + " tok").c_str(),
                    "blocks", measured ? "latency" : "lat.est.", "perplexity", "tokens/s",
                    measured ? ("  prefill ms decode tok/s (batch 1, " + std::to_string(result.original.latency.context) +
                                " tokens; measured on " + pb::report::latencyDevice(result.original.latency) + ")").c_str()
                             : "");
        printVariant("original", result.original);
        printVariant("width-pruned", result.width);
        printVariant("depth-pruned", result.depth);
        if (result.depth.ok) {
            std::string blocks;
            for (int64_t b : result.depth.plan.dropped_blocks) blocks += (blocks.empty() ? "" : ", ") + std::to_string(b);
            std::printf("depth-pruned drops blocks %s\n", blocks.c_str());
        }
        for (const auto& [name, v] : {std::pair{"original", &result.original}, std::pair{"width-pruned", &result.width},
                                      std::pair{"depth-pruned", &result.depth}})
            if (v->ok) std::printf("%s: %s%s\n", name, r.prompt.c_str(), v->generation.c_str());
        return 0;
    }};
}

} // namespace pbcli
