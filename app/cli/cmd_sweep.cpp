#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "app/cli/enum_args.h"
#include "app/cli/harness_arg.h"
#include "app/cli/option_limits.h"
#include "app/cli/output_check.h"
#include "app/cli/prune_common.h"
#include "app/cli/report_cli.h"
#include "app/cli/sweep_sizes.h"
#include "core/data/assets.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/pack.h"
#include "core/evalzs/stats.h"
#include "core/plan/defaults.h"
#include "core/prune/size_sweep.h"
#include "core/prune/sweep.h"
#include "core/report/results_json.h"
#include "core/tokenizer/tokenizer.h"

namespace pbcli {

Command sweepCommand() {
    auto opts = modelOptions();
    for (auto& o : calibrationOptions()) opts.push_back(o);
    for (OptionSpec o : std::vector<OptionSpec>{
             {"criteria", true, "comma-separated width and/or depth criteria (" + criterionHelp() + ")"},
             {"ratios", true, "fractions of all parameters removed, e.g. 0.1,0.2,0.3"},
             {"text", true, std::string("evaluation text for perplexity (default ") + pb::defaults::kPplText + ")"},
             {"max-windows", true, "perplexity windows (default " + std::to_string(pb::defaults::kPplWindows) + ")"},
             {"layers", true, "width layer range A-B (default: skip the first 4 and last 2)"},
             {"attention-unit", true, attentionUnitHelp()},
             {"aggregation", true, aggregationHelp()},
             {"batch", true, "calibration samples per pass (default 2)"},
             {"plus", false, "depth: never remove the first 4 and last 2 blocks"},
             reportOption()})
        opts.push_back(o);
    for (const OptionSpec& o : sweepSizesOptions()) opts.push_back(o);
    markRequired(opts, {"criteria", "ratios", "calib"});
    return {"sweep", "perplexity per criterion and fraction of parameters removed (width vs depth); --models: across sizes",
            opts, [](const Args& args) {
        if (args.has("models")) return runSweepSizes(args);
        refuseSizesOptions(args);
        pb::SweepOptions so;
        for (const std::string& c : splitList(args.required("criteria"))) so.criteria.push_back(criterionNamed(c, "criteria"));
        so.fractions = parseNumbers(args.required("ratios"), "ratios", limits::kOpenFraction);
        so.attention_unit = attentionUnitArg(args);
        so.score.aggregation = aggregationArg(args);
        so.score.batch = args.getInt("batch", 2, 1, limits::kBatch);
        so.score.seed = static_cast<uint64_t>(args.getInt("seed", 0, 0, limits::kSeed));
        so.ppl.max_windows = args.getInt("max-windows", pb::defaults::kPplWindows, 0, limits::kWindows);
        const std::string task_spec = args.get("tasks", "none");
        if (task_spec != "none") {  // built before the model loads: a missing data file stops here
            std::vector<std::string> names;
            try {
                names = pb::zs::expandPackSpec(task_spec);
            } catch (const pb::Error& e) {
                throw UsageError("--tasks: " + std::string(e.what()) + " (or none)");
            }
            const int64_t items = args.getInt("items", 200, 1, 1000000);
            for (const std::string& n : names) so.tasks.push_back(pb::zs::builtinDemoTask(n, items));
        } else if (args.has("items")) {
            throw UsageError("--items needs --tasks");
        }
        so.harness = harnessArg(args);
        if (args.has("harness") && so.tasks.empty()) throw UsageError("--harness needs --tasks (the rules it sets are the tasks')");
        // Before vs after LoRA (one model): every point recovered with the same recipe, tasks scored again.
        const int64_t recover_steps = args.getInt("recover-steps", 0, 0, limits::kSteps, "0 is no recovery");
        if (recover_steps == 0)
            for (const char* o : {"data", "recover-cutoff"})
                if (args.has(o)) throw UsageError(std::string("--") + o + " is for --recover-steps");
        if (recover_steps > 0 && so.tasks.empty())
            throw UsageError("--recover-steps with one --model recovers every point to score --tasks again: give --tasks "
                             "(or --models for the cross-size table)");
        pb::SizeSweepOptions ro;  // the recovery recipe and what is measured again (core/prune/size_sweep.h)
        ro.recover_steps = recover_steps;
        ro.recover_cutoff = args.getInt("recover-cutoff", pb::defaults::kCutoff, 8, limits::kSeqLen);
        ro.recovery_text = args.get("data", pb::defaults::kRecoveryText);
        ro.ppl_text = args.get("text", pb::defaults::kPplText);
        ro.ppl_windows = so.ppl.max_windows;
        ro.ppl_seq_len = so.ppl.seq_len;
        ro.harness = so.harness;
        ro.calib.seed = so.score.seed;
        ro.measure_speed = false;
        if (recover_steps > 0) {
            ro.tasks = pb::zs::expandPackSpec(task_spec);
            ro.items = args.getInt("items", 200, 1, 1000000);
            pb::assets::loadText(ro.recovery_text);  // a missing text stops here, before the model loads
        }
        const std::vector<pb::SourcePath> sources = runSources(args);
        if (args.has("plus")) so.protect_first = 4, so.protect_last = 2;
        pb::LoadedModel m = loadFromArgs(args);
        checkReportArgs(args, m.source.string());
        if (args.has("layers")) std::tie(so.first_layer, so.last_layer) = parseLayerRange(args.get("layers"), m.config.numLayers());
        so.tokenizer = m.tokenizer.get();
        pb::Calibration calib = calibrationFromArgs(args, m);
        const auto ids = m.tokenizer->encode(pb::assets::loadText(args.get("text", pb::defaults::kPplText)), true);
        if (!so.tasks.empty() && !args.has("json"))
            std::printf("harness %s: %s\n", pb::zs::harnessName(so.harness).c_str(), pb::zs::harnessSummary(so.harness).c_str());
        auto progress = progressPrinter(1);
        nlohmann::json points = nlohmann::json::array();
        pb::report::SweepSummary summary;
        summary.text = args.get("text", pb::defaults::kPplText);
        summary.seq_len = so.ppl.seq_len;
        summary.windows = static_cast<int64_t>(ids.size()) / so.ppl.seq_len;  // perplexity's windows
        if (so.ppl.max_windows > 0) summary.windows = std::min(summary.windows, so.ppl.max_windows);
        auto onPoint = [&](const pb::SweepPoint& p) {
            summary.rows.push_back(p);
            points.push_back(pb::toJson(p));
            if (!args.has("json")) {
                std::printf("%-16s %5.1f%% removed  ppl %9.3f%s\n", p.criterion.c_str(), 100 * p.removed_fraction, p.ppl,
                            p.error.empty() ? "" : ("  (" + p.error + ")").c_str());
                for (const pb::TaskMetrics& t : p.tasks)
                    std::printf("    %-15s %s\n", t.task.c_str(), pb::zs::accText(t).c_str());
                std::fflush(stdout);
            }
        };
        const std::vector<pb::SweepPoint> swept = pb::sweep(*m.model, calib, ids, so, progress, onPoint);
        nlohmann::json out = {{"model", args.get("model")}, {"source", m.source.string()}, {"family", m.config.family},
                               {"params", m.config.totalParams()}, {"text", summary.text},
                               {"points", points}, {"windows", so.ppl.max_windows}};
        if (!so.tasks.empty()) out["harness"] = pb::zs::harnessName(so.harness);
        if (recover_steps > 0) {
            nlohmann::json rows = nlohmann::json::array();
            auto onRow = [&](const pb::SizeRow& r) {
                rows.push_back(pb::toJson(r));
                if (args.has("json")) return;
                std::printf("after %lld LoRA steps: %-16s %5.1f%% removed  ppl %9.3f -> %9.3f%s\n", (long long)recover_steps,
                            r.point.criterion.c_str(), 100 * r.point.removed_fraction, r.point.ppl, r.ppl_recovered,
                            r.error.empty() ? "" : ("  (" + r.error + ")").c_str());
                for (size_t i = 0; i < r.tasks_recovered.size() && i < r.tasks.size(); ++i) {
                    const pb::zs::PairedTest t = pb::zs::pairedTest(r.tasks[i], r.tasks_recovered[i]);
                    std::printf("    %-15s %s  (vs before LoRA: %s)\n", r.tasks_recovered[i].task.c_str(),
                                pb::zs::accText(r.tasks_recovered[i]).c_str(), pb::zs::pairedText(t).c_str());
                }
                std::fflush(stdout);
            };
            summary.recovered = pb::recoverSweepPoints(m, swept, ro, progress, onRow);
            summary.recover_steps = recover_steps;
            out["recover_steps"] = recover_steps;
            out["recovery_text"] = ro.recovery_text;
            out["recovered"] = rows;
        }
        if (args.has("report")) {
            pb::report::ReportData d;
            d.title = "PruneBench report: width vs depth sweep";
            d.model = pb::report::summarizeModel(m.config, m.source.string());
            d.sweep = std::move(summary);
            out["report"] = writeReportFromArgs(args, std::move(d), sources);
        }
        if (args.has("json")) printJson(out.dump());
        return 0;
    }};
}

} // namespace pbcli
