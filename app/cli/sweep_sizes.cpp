#include "app/cli/sweep_sizes.h"
#include "app/cli/progress_line.h"

#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/enum_args.h"
#include "app/cli/harness_arg.h"
#include "app/cli/option_limits.h"
#include "app/cli/output_check.h"
#include "app/cli/prune_common.h"
#include "app/cli/report_cli.h"
#include "core/data/assets.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/pack.h"
#include "core/prune/size_sweep.h"
#include "core/report/results_json.h"

namespace pbcli {

namespace {

const char* const kSizesOnly[] = {"speed-prompt", "speed-tokens", "speed-repeat", "no-speed"};

std::string numberText(double v, const char* format) {
    if (!std::isfinite(v)) return "-";
    char b[32];
    std::snprintf(b, sizeof b, format, v);
    return b;
}

std::vector<std::string> modelNames(const Args& args) {
    const std::vector<std::string> names = splitList(args.get("models"));
    if (names.empty()) throw UsageError("--models names no model (give NAME,NAME,...: demo, demo:NAME or paths)");
    std::set<std::string> seen;
    for (const std::string& n : names)
        if (!seen.insert(n).second) throw UsageError("--models names '" + n + "' twice");
    return names;
}

std::vector<std::string> taskNames(const Args& args) {
    const std::string spec = args.get("tasks", "none");
    if (spec == "none") return {};
    try {
        return pb::zs::expandPackSpec(spec);
    } catch (const pb::Error& e) {
        throw UsageError("--tasks: " + std::string(e.what()) + " (or none)");
    }
}

} // namespace

std::vector<OptionSpec> sweepSizesOptions() {
    return {
        {"models", true, "with --models A,B,...: the cross-size table, one model at a time (demo, demo:NAME or paths)"},
        {"data", true, std::string("with --recover-steps: LoRA recovery text (default ") + pb::defaults::kRecoveryText + ")"},
        {"recover-steps", true, "LoRA steps after each cut, the same recipe for every point (--models: every model's rows; "
                                "one model: every point, with --tasks, before vs after LoRA) (default 0: none)"},
        {"recover-cutoff", true, "with --recover-steps: tokens per recovery window (default " + std::to_string(pb::defaults::kCutoff) + ")"},
        {"tasks", true, "zero-shot tasks of each point (--models: of each row): pack (every built-in task), demo (= "
                        "next_sentence,cloze), none (default) or a list of " + pb::zs::packTaskList()},
        {"items", true, "items of each zero-shot task (default 200; capitals has 100)"},
        harnessOption(),
        {"speed-prompt", true, "--models: prompt tokens of the prefill timing (default 128)"},
        {"speed-tokens", true, "--models: new tokens of the decode timing (default 32)"},
        {"speed-repeat", true, "--models: timed decoding runs, median reported (default 3)"},
        {"no-speed", false, "--models: do not time prefill and decode"},
    };
}

void refuseSizesOptions(const Args& args) {
    for (const char* name : kSizesOnly)
        if (args.has(name)) throw UsageError(std::string("--") + name + " needs --models (the cross-size table)");
}

int runSweepSizes(const Args& args) {
    if (args.has("model")) throw UsageError("give --model (one model) or --models (several), not both");
    if (args.has("layers")) throw UsageError("--layers cannot be used with --models: each model uses its own default range");
    pb::SizeSweepOptions o;
    for (const std::string& c : splitList(args.required("criteria"))) o.criteria.push_back(criterionNamed(c, "criteria"));
    if (o.criteria.empty()) throw UsageError("--criteria names no criterion");
    o.fractions = parseNumbers(args.required("ratios"), "ratios", limits::kOpenFraction);
    if (o.fractions.empty()) throw UsageError("--ratios names no fraction");
    o.attention_unit = attentionUnitArg(args);
    o.aggregation = aggregationArg(args);
    o.score_batch = args.getInt("batch", 2, 1, limits::kBatch);
    if (args.has("plus")) o.protect_first = 4, o.protect_last = 2;
    o.calib.text = args.get("calib", pb::defaults::kCalibrationText);
    o.calib.samples = args.getInt("samples", pb::defaults::kCalibrationSamples, 1, limits::kSamples);
    o.calib.seq_len = args.getInt("seq-len", pb::defaults::kCalibrationSeqLen, 2, limits::kSeqLen);
    o.calib.seed = static_cast<uint64_t>(args.getInt("seed", 0, 0, limits::kSeed));
    o.ppl_text = args.get("text", pb::defaults::kPplText);
    o.ppl_windows = args.getInt("max-windows", pb::defaults::kPplWindows, 0, limits::kWindows, "0 is every window");
    o.recover_steps = args.getInt("recover-steps", 0, 0, limits::kSteps, "0 is no recovery");
    o.recover_cutoff = args.getInt("recover-cutoff", pb::defaults::kCutoff, 8, limits::kSeqLen);
    o.recovery_text = args.get("data", pb::defaults::kRecoveryText);
    o.tasks = taskNames(args);
    o.items = args.getInt("items", 200, 1, 1000000);
    o.harness = harnessArg(args);
    if (args.has("harness") && o.tasks.empty()) throw UsageError("--harness needs --tasks (the rules it sets are the tasks')");
    o.measure_speed = !args.has("no-speed");
    o.speed.prompt = args.getInt("speed-prompt", 128, 1, limits::kTokens);
    o.speed.new_tokens = args.getInt("speed-tokens", 32, 2, limits::kTokens);
    o.speed.repeat = args.getInt("speed-repeat", 3, 1, 10000);
    o.load.device = args.get("device", "cpu");
    o.load.dtype = args.get("dtype", "f32");
    const std::vector<std::string> names = modelNames(args);

    // Every input read and every model checked before any work; the report may replace none.
    for (const std::string& t : {o.calib.text, o.ppl_text}) pb::assets::loadText(t);
    if (o.recover_steps > 0) pb::assets::loadText(o.recovery_text);
    const std::vector<std::filesystem::path> paths = pb::checkModels(names);
    std::vector<pb::SourcePath> sources = runSources(args);
    sources.push_back({pb::assets::textSourcePath(o.recovery_text), "the recovery data", false});
    for (const auto& p : paths)
        for (const pb::SourcePath& s : pb::modelSource(p)) sources.push_back(s);
    if (args.has("report")) pb::report::checkReportPath(args.get("report"), sources);

    const bool json = args.has("json");
    auto progress = progressPrinter(1);
    if (!o.tasks.empty() && !json)
        std::printf("harness %s: %s\n", pb::zs::harnessName(o.harness).c_str(), pb::zs::harnessSummary(o.harness).c_str());
    auto onPoint = [&](const std::string& model, const pb::SweepPoint& p) {
        if (json) return;
        std::printf("%-24s %-16s %5.1f%% removed  ppl %9.6g%s\n", model.c_str(), p.criterion.c_str(),
                    100 * p.removed_fraction, p.ppl, p.error.empty() ? "" : ("  (" + p.error + ")").c_str());
        std::fflush(stdout);
    };
    auto onModel = [&](const pb::ModelSweep& m) {
        if (!m.error.empty()) std::fprintf(stderr, "error: model '%s': %s (the next model runs)\n", m.name.c_str(), m.error.c_str());
        if (json) return;
        for (const pb::SizeRow& r : m.rows)
            std::printf("%-24s %-5s %-16s %5.1f%% removed  ppl %9.6g  rel %9.6g  lora %9s  zs %6s -> %6s  "
                        "prefill %8s tok/s  decode %7s tok/s%s\n",
                        m.name.c_str(), r.point.kind().c_str(), r.point.kind() == "dense" ? "" : r.point.criterion.c_str(),
                        100 * r.point.removed_fraction,
                        r.point.ppl, r.relative_ppl, numberText(r.ppl_recovered, "%.6g").c_str(),
                        numberText(r.zero_shot_acc, "%.3f").c_str(), numberText(r.zero_shot_acc_recovered, "%.3f").c_str(),
                        numberText(r.prefill_tokens_per_s, "%.1f").c_str(), numberText(r.decode_tokens_per_s, "%.1f").c_str(),
                        r.error.empty() ? "" : ("  (" + r.error + ")").c_str());
        std::fflush(stdout);
    };
    pb::SizeSweepResult result = pb::sweepSizes(names, o, progress, onPoint, {}, onModel);
    nlohmann::json out = pb::toJson(result);
    if (!o.tasks.empty()) out["harness"] = pb::zs::harnessName(o.harness);
    if (args.has("report")) {
        pb::report::ReportData d;
        d.title = "PruneBench report: width vs depth across model sizes";
        d.sizes = result;
        out["report"] = writeReportFromArgs(args, std::move(d), sources);
    }
    if (json) printJson(out.dump());
    bool failed = false;
    for (const pb::ModelSweep& m : result.models) failed |= !m.error.empty();
    return failed ? 1 : 0;
}

} // namespace pbcli
