// `prunebench-cli latency`: measured prefill and decode time of a model's shape and of its
// pruned shapes on a device (core/bench/latency.h: random weights of each shape, cached per
// shape, device, dtype and threads), as a table, JSON or a report with the curves.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/enum_args.h"
#include "app/cli/option_limits.h"
#include "app/cli/output_check.h"
#include "app/cli/progress_line.h"
#include "app/cli/prune_common.h"
#include "app/cli/report_cli.h"
#include "core/bench/latency.h"
#include "core/bench/shapes.h"
#include "core/data/assets.h"
#include "core/model/model_files.h"
#include "core/plan/block_presence.h"
#include "core/plan/depth_budget.h"
#include "core/plan/plan.h"
#include "core/prune/sweep.h"
#include "core/report/latency_report.h"
#include "core/report/results_json.h"

namespace pbcli {

namespace {

// "128,256,512": positive integers, each at most `hi`.
std::vector<int64_t> intList(const Args& args, const std::string& name, const std::vector<int64_t>& def, long long hi) {
    if (!args.has(name)) return def;
    std::vector<int64_t> out;
    std::stringstream in(args.get(name));
    std::string part;
    while (std::getline(in, part, ',')) {
        char* end = nullptr;
        const long long v = std::strtoll(part.c_str(), &end, 10);
        if (part.empty() || *end != '\0' || v < 1 || v > hi)
            throw UsageError("option '--" + name + "' must be a comma-separated list of integers from 1 to " +
                             std::to_string(hi) + ", got '" + args.get(name) + "'");
        out.push_back(v);
    }
    if (out.empty()) throw UsageError("option '--" + name + "' needs at least one value");
    return out;
}

// The model's shape, without reading its weights (a named benchmark shape, or the model's config).
std::pair<pb::ModelConfig, std::string> modelShape(const std::string& model) {
    if (const std::string shape = pb::shapeNameOf(model); !shape.empty()) return {pb::benchShape(shape), model};
    const auto path = pb::assets::resolveModel(model);
    return {pb::openModelFiles(path).config, path.string()};
}

std::string percentLabel(const char* kind, double fraction) {
    char b[48];
    std::snprintf(b, sizeof b, "%s %.0f%%", kind, 100.0 * fraction);
    return b;
}

// The shapes measured: the original, the plan's, and a width and a depth plan removing
// --target-params of the parameters (width: a uniform ratio over --layers; depth: blocks from
// the end, the last kept, as the plan totals count them: for a uniform model any blocks of
// that count have the same shape).
std::vector<pb::LatencyShape> shapesFromArgs(const Args& args, const pb::ModelConfig& c) {
    std::vector<pb::LatencyShape> shapes = {{"original", c, "original"}};
    if (args.has("plan")) {
        const pb::PruningPlan plan = pb::PruningPlan::load(args.get("plan"));
        plan.validate(c);
        shapes.push_back({"plan", pb::prunedConfig(c, plan), ""});
    }
    if (args.has("target-params")) {
        const double f = args.getDouble("target-params", 0, limits::kOpenFraction);
        auto [first, last] = pb::defaultWidthLayers(c.numLayers());
        if (args.has("layers")) std::tie(first, last) = parseLayerRange(args.get("layers"), c.numLayers());
        const pb::AttentionUnit unit = attentionUnitArg(args);
        const double ratio = pb::widthRatioForParamFraction(c, f, first, last, unit, 1);
        pb::PruningPlan width = pb::uniformWidthPlan(c, ratio, ratio, first, last, unit);
        width.attention_unit = unit;
        shapes.push_back({percentLabel("width", pb::removedParamFraction(c, width)), pb::prunedConfig(c, width), "width"});
        std::vector<int64_t> order;
        for (int64_t b = c.numLayers() - 2; b >= 0; --b) order.push_back(b);
        const pb::DepthBudget depth = pb::depthBudget(c, f, order);
        if (depth.blocks < 1) throw pb::Error("--target-params " + args.get("target-params") + " drops no whole block of this model");
        shapes.push_back({percentLabel("depth", depth.removed_fraction), pb::prunedConfig(c, pb::depthPlan(c, depth.dropped)), "depth"});
    }
    return shapes;
}

std::string cellMs(double v) {
    char b[32];
    if (!std::isfinite(v)) return "-";
    std::snprintf(b, sizeof b, v < 10 ? "%.2f" : "%.1f", v);
    return b;
}

void printTable(const std::vector<pb::LatencyProfile>& ps) {
    const pb::LatencyProfile& o = ps.front();
    std::printf("latency on %s; random weights of each shape, median of the timed runs after a warm-up\n",
                pb::report::latencyDevice(o).c_str());
    std::printf("%-12s %13s %6s %14s %8s %15s %10s\n", "model", "parameters", "blocks",
                ("prefill ms@" + std::to_string(o.context)).c_str(), "x orig", "decode tok/s b1", "x time/tok");
    for (const pb::LatencyProfile& p : ps) {
        if (!p.error.empty()) {
            std::printf("%-12s failed: %s\n", p.label.c_str(), p.error.c_str());
            continue;
        }
        const double pr = pb::prefillRatio(o, p), dr = pb::decodeRatio(o, p);
        std::printf("%-12s %13lld %6lld %14s %8.2f %15.1f %10.2f\n", p.label.c_str(), (long long)p.params,
                    (long long)p.blocks, cellMs(p.prefill_ms).c_str(), pr, p.decode_tokens_per_s, dr);
    }
    std::vector<int64_t> contexts, batches;
    for (const pb::LatencyPoint& q : o.prefill) contexts.push_back(q.context);
    for (const pb::LatencyPoint& q : o.decode) batches.push_back(q.batch);
    if (contexts.size() > 1) {
        std::printf("\nprefill ms at batch 1 by context length\n%-12s", "model");
        for (int64_t c : contexts) std::printf(" %9lld", (long long)c);
        std::printf("\n");
        for (const pb::LatencyProfile& p : ps) {
            std::printf("%-12s", p.label.c_str());
            for (int64_t c : contexts) {
                double v = NAN;
                for (const pb::LatencyPoint& q : p.prefill)
                    if (q.context == c) v = q.ms;
                std::printf(" %9s", cellMs(v).c_str());
            }
            std::printf("\n");
        }
    }
    if (batches.size() > 1) {
        std::printf("\ndecode tokens/s after %lld tokens (%lld steps) by batch size\n%-12s", (long long)o.context,
                    (long long)o.new_tokens, "model");
        for (int64_t b : batches) std::printf(" %9lld", (long long)b);
        std::printf("\n");
        for (const pb::LatencyProfile& p : ps) {
            std::printf("%-12s", p.label.c_str());
            for (int64_t b : batches) {
                double v = NAN;
                for (const pb::LatencyPoint& q : p.decode)
                    if (q.batch == b) v = q.tokens_per_s;
                std::printf(" %9.1f", v);
            }
            std::printf("\n");
        }
    }
    int64_t cached = 0, measured = 0;
    for (const pb::LatencyProfile& p : ps) cached += p.cached_points, measured += p.measured_points;
    std::printf("\n%lld points measured, %lld from the cache (%s; --no-cache measures again)\n", (long long)measured,
                (long long)cached, pb::latencyCacheDir().c_str());
}

} // namespace

Command latencyCommand() {
    auto opts = modelOptions();
    opts[0].help += ", or shape:llama-7b|llama-3-8b|smollm2-135m|tiny (only the shape is read: no weights are loaded)";
    opts[2].help = "f32 (default), bf16 or f16 (GPU)";
    for (OptionSpec o : std::vector<OptionSpec>{
             {"plan", true, "also the shape this plan (ratios or kept indices) cuts"},
             {"target-params", true, "also a width and a depth plan removing this fraction of all parameters"},
             {"layers", true, "width layer range A-B for --target-params (default: skip the first 4 and last 2)"},
             {"attention-unit", true, attentionUnitHelp()},
             {"context", true, "prompt tokens of the headline prefill and before decoding (default 128)"},
             {"contexts", true, "prefill curve at batch 1, comma-separated (default 128,256,512,1024)"},
             {"batches", true, "decode curve, comma-separated batch sizes (default 1,2,4,8)"},
             {"new-tokens", true, "decode steps timed per run (default 8)"},
             {"repeat", true, "timed runs per point, median reported (default 3)"},
             {"warmup", true, "untimed runs first (default 1)"},
             {"no-cache", false, "measure every point again (and store the new figures)"},
             reportOption()})
        opts.push_back(o);
    markRequired(opts, {"model"});
    return {"latency", "measured prefill and decode time of a model's shape and its pruned shapes (random weights)",
            opts, [](const Args& args) {
        pb::LatencyOptions o;
        o.device = args.get("device", "cpu");
        o.dtype = args.get("dtype", "f32");
        o.context = args.getInt("context", 128, 1, limits::kSeqLen);
        o.contexts = intList(args, "contexts", pb::defaultLatencyContexts(), limits::kSeqLen);
        o.batches = intList(args, "batches", pb::defaultLatencyBatches(), limits::kBatch);
        o.new_tokens = args.getInt("new-tokens", 8, 2, limits::kTokens);
        o.repeat = args.getInt("repeat", 3, 1, 10000);
        o.warmup = args.getInt("warmup", 1, 0, 10000);
        o.use_cache = !args.has("no-cache");
        const auto [config, source] = modelShape(args.required("model"));
        if (args.has("report")) checkReportArgs(args, pb::shapeNameOf(args.required("model")).empty() ? source : "");
        const std::vector<pb::LatencyShape> shapes = shapesFromArgs(args, config);
        static const int one_step = 1;
        const std::vector<pb::LatencyProfile> profiles = pb::measureLatency(shapes, o, stepProgress(one_step));
        nlohmann::json j = {{"device", o.device}, {"dtype", o.dtype}, {"model", source}, {"cache", pb::latencyCacheDir().string()}};
        j["profiles"] = nlohmann::json::array();
        for (const pb::LatencyProfile& p : profiles) j["profiles"].push_back(pb::toJson(p));
        if (args.has("report")) {
            pb::report::ReportData d;
            d.title = "PruneBench report: latency";
            d.model = pb::report::summarizeModel(config, pb::shapeNameOf(args.required("model")).empty() ? source : "");
            if (d.model.source.empty()) d.model.source = args.required("model");
            d.latency = pb::report::LatencySummary{profiles};
            j["report"] = writeReportFromArgs(args, std::move(d), runSources(args));
        }
        if (args.has("json")) printJson(j.dump());
        else printTable(profiles);
        return 0;
    }};
}

} // namespace pbcli
