#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/distributed.h"
#include "app/cli/harness_arg.h"
#include "app/cli/progress_line.h"
#include "app/cli/option_limits.h"
#include "app/cli/output_check.h"
#include "core/data/assets.h"
#include "core/dist/sharded_loglikelihood.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/harness.h"
#include "core/evalzs/loglikelihood.h"
#include "core/evalzs/pack.h"
#include "core/evalzs/stats.h"
#include "core/evalzs/lm_eval_export.h"
#include "core/evalzs/tasks.h"
#include "core/model/llama_model.h"
#include "core/recover/lora.h"
#include "core/report/results_json.h"
#include "core/util/error.h"

namespace pbcli {

namespace {

// "acc 45.0% [38.3, 51.9]": the accuracy and its 95% Wilson interval, in percent.
std::string accCell(const char* label, double acc, const pb::zs::Interval& ci) {
    char b[80];
    std::snprintf(b, sizeof b, "%s %5.1f%% [%5.1f, %5.1f]", label, 100.0 * acc, 100.0 * ci.lo, 100.0 * ci.hi);
    return b;
}

// eval --export-lm-eval DIR: the tasks as lm-eval task files; nothing is scored.
int exportLmEval(const Args& args, const std::vector<pb::zs::Task>& tasks) {
    std::vector<pb::SourcePath> sources = runSources(args);
    sources.push_back({pb::assets::taskDataDir(), "the task pack's data", true});
    const std::filesystem::path dir = pb::checkOutputPath(args.get("export-lm-eval"), "lm-eval task folder", sources);
    const pb::zs::LmEvalExport x = pb::zs::exportLmEvalTasks(tasks, dir);
    if (args.has("json")) {
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto& [task, why] : x.skipped) skipped.push_back({{"task", task}, {"why", why}});
        std::vector<std::string> files;
        for (const auto& f : x.files) files.push_back(f.string());
        printJson(nlohmann::json{{"dir", dir.string()}, {"tasks", x.tasks}, {"files", files}, {"skipped", skipped}}.dump());
    } else {
        for (const auto& [task, why] : x.skipped) std::printf("skipped %s: %s\n", task.c_str(), why.c_str());
        std::printf("wrote %zu lm-eval task(s) to %s: %s\nrun them with: lm_eval --model hf --model_args pretrained=MODEL "
                    "--include_path %s --tasks %s\n",
                    x.tasks.size(), dir.c_str(), x.tasks.empty() ? "-" : x.tasks.front().c_str(), dir.c_str(),
                    x.tasks.empty() ? "-" : x.tasks.front().c_str());
    }
    return x.tasks.empty() ? 1 : 0;
}

} // namespace

Command evalCommand() {
    auto opts = modelOptions();
    opts.push_back({"tasks", true,
                    "pack (every built-in task: " + pb::zs::packTaskList() +
                        "), demo (= next_sentence,cloze) or a comma list of built-in tasks and NAME=FILE with NAME "
                        "in boolq piqa hellaswag winogrande arc_easy arc_challenge openbookqa"});
    opts.push_back(harnessOption());
    opts.push_back({"limit", true, "score at most N items per task (default: all)"});
    opts.push_back({"items", true, "items of each built-in task (default: the task's own, 100 to 200; capitals has 100)"});
    opts.push_back({"seed", true, "seed of the built-in tasks' items (default 20240601)"});
    opts.push_back({"batch", true, "requests per forward pass (default 8)"});
    opts.push_back(distributedOption());
    opts.push_back({"adapter", true, "PEFT LoRA adapter folder to apply (unmerged)"});
    opts.push_back({"baseline", true,
                    "an earlier `eval --json` output on the same items: each task's difference and its exact "
                    "McNemar test (paired, p < 0.05 = significant)"});
    opts.push_back({"export-lm-eval", true,
                    "write the built-in tasks of --tasks (same --items and --seed) as lm-evaluation-harness task files "
                    "into DIR (prunebench_NAME.yaml + .jsonl; run them with lm_eval --include_path DIR --tasks "
                    "prunebench_NAME) and stop: no --model needed"});
    opts[0].help += " (required unless --export-lm-eval)";
    markRequired(opts, {"tasks"});
    return {"eval", "zero-shot multiple-choice accuracy with 95% intervals (lm-evaluation-harness rules)", opts,
            [](const Args& args) {
        const std::string spec = args.required("tasks");
        const int64_t limit = args.getInt("limit", 0, 0, limits::kWindows, "0 is all");
        const int64_t items = args.getInt("items", 0, 1, 1000000);
        const uint64_t seed = static_cast<uint64_t>(args.getInt("seed", int64_t(pb::zs::kPackSeed), 0, limits::kSeed));
        pb::zs::LogLikelihoodOptions lo;
        lo.batch = args.getInt("batch", 8, 1, limits::kBatch);
        lo.harness = harnessArg(args);
        std::vector<std::pair<std::string, std::string>> wanted;  // name, file ("" = built-in)
        std::stringstream in(spec);
        std::string tok;
        while (std::getline(in, tok, ',')) {
            if (tok.empty()) continue;
            const size_t eq = tok.find('=');
            const std::string name = tok.substr(0, eq);
            if (eq == std::string::npos) {
                if (name == "pack" || name == "demo") {
                    for (const std::string& n : pb::zs::expandPackSpec(name)) wanted.emplace_back(n, "");
                    continue;
                }
                if (!pb::zs::isBuiltinTask(name))
                    throw UsageError("task '" + name + "' needs a file: " + name + "=PATH (built-in tasks: pack, demo, " +
                                     pb::zs::packTaskList() + ")");
                wanted.emplace_back(name, "");
            } else {
                if (!pb::zs::knownTask(name)) throw UsageError("unknown task '" + name + "'");
                wanted.emplace_back(name, tok.substr(eq + 1));
            }
        }
        if (wanted.empty()) throw UsageError("--tasks names no task");
        std::vector<pb::TaskMetrics> baseline;
        if (args.has("baseline")) baseline = pb::readEvalFile(args.get("baseline"));
        std::vector<pb::zs::Task> tasks;  // read every file before loading the model
        for (const auto& [name, file] : wanted)
            tasks.push_back(file.empty() ? pb::zs::builtinDemoTask(name, items, seed) : pb::zs::loadTask(name, file));
        if (args.has("export-lm-eval")) return exportLmEval(args, tasks);
        (void)args.required("model");

        pb::dist::World& world = worldFor(args);  // --distributed: each rank a share of the requests
        pb::LoadedModel m = loadFromArgs(args);
        pb::LoraSet adapters;
        std::unique_ptr<pb::LoraAttachment> attach;
        if (args.has("adapter")) {
            adapters = pb::LoraSet::load(args.get("adapter"), *m.model);
            attach = std::make_unique<pb::LoraAttachment>(*m.model, adapters);
        }
        auto ll = pb::dist::shardedLogLikelihood(pb::zs::modelLogLikelihood(*m.model, *m.tokenizer, lo), world);
        nlohmann::json out = nlohmann::json::array();
        std::vector<pb::zs::Metrics> scored;
        if (!args.has("json"))
            std::printf("harness %s: %s\n", pb::zs::harnessName(lo.harness).c_str(), pb::zs::harnessSummary(lo.harness).c_str());
        for (const auto& t : tasks) {
            auto progress = progressPrinter(25, [name = t.name](double) { return name + ": "; });
            pb::zs::Metrics r = pb::zs::scoreTask(t, ll, limit, 4 * world.size(), progress);  // 4 items a rank
            nlohmann::json j = pb::toJson(r);
            const pb::TaskMetrics* base = nullptr;
            for (const pb::TaskMetrics& b : baseline)
                if (b.task == r.task) base = &b;
            pb::zs::PairedTest paired;
            if (base) {
                paired = pb::zs::pairedTest(*base, r);
                nlohmann::json pj = {{"paired", paired.valid}, {"baseline_acc", base->acc}};
                if (paired.valid)
                    pj.update({{"diff", paired.diff}, {"p", paired.p}, {"significant", paired.significant},
                               {"only_baseline", paired.only_first}, {"only_this", paired.only_second},
                               {"test", "exact McNemar"}});
                else
                    pj["why"] = paired.why;
                j["vs_baseline"] = pj;
            }
            out.push_back(j);
            scored.push_back(r);
            if (!args.has("json")) {
                std::string line = accCell("acc", r.acc, pb::zs::accInterval(r));
                if (r.has_acc_norm) line += "  " + accCell("acc_norm", r.acc_norm, pb::zs::accInterval(r, true));
                std::printf("%-15s n %5lld  %s  (%.1f s)\n", r.task.c_str(), (long long)r.n, line.c_str(), r.seconds);
                if (base)
                    std::printf("%-15s vs baseline %.1f%%: %s\n", "", 100.0 * base->acc, pb::zs::pairedText(paired).c_str());
            }
        }
        const pb::zs::Average avg = pb::zs::harnessAverage(lo.harness, scored);
        nlohmann::json parts = nlohmann::json::array();
        for (const pb::zs::AveragePart& p : avg.parts)
            parts.push_back({{"task", p.task}, {"metric", p.metric}, {"value", p.value}, {"n", p.n}, {"weight", p.weight}});
        if (!args.has("json"))
            std::printf("%-15s %5.1f%%  %s (%s)\n", "average", 100.0 * avg.value, avg.rule.c_str(),
                        pb::zs::harnessName(lo.harness).c_str());
        if (!args.has("json"))
            std::printf("(95%% Wilson intervals%s)\n", baseline.empty() ? "" : "; paired: exact McNemar on the same items, "
                                                                             "significant at p < 0.05");
        if (args.has("json"))
            printJson(nlohmann::json{{"tasks", out}, {"device", args.get("device", "cpu")}, {"dtype", args.get("dtype", "f32")},
                                     {"adapter", args.get("adapter", "")}, {"seed", seed},
                                     {"interval", "95% Wilson"},
                                     {"harness", pb::zs::harnessName(lo.harness)},
                                     {"harness_rules", pb::zs::harnessSummary(lo.harness)},
                                     {"average", {{"value", avg.value}, {"rule", avg.rule}, {"parts", parts}}}}.dump());
        return 0;
    }};
}

} // namespace pbcli
