#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "app/cli/option_limits.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/loglikelihood.h"
#include "core/evalzs/tasks.h"
#include "core/model/llama_model.h"
#include "core/recover/lora.h"

namespace pbcli {

Command evalCommand() {
    auto opts = modelOptions();
    opts.push_back({"tasks", true,
                    "demo (= next_sentence,cloze from demo:moby-dick) or a comma list of next_sentence, cloze and "
                    "NAME=FILE with NAME in boolq piqa hellaswag winogrande arc_easy arc_challenge openbookqa"});
    opts.push_back({"limit", true, "score at most N items per task (default: all)"});
    opts.push_back({"items", true, "items of each built-in task (default 200)"});
    opts.push_back({"batch", true, "requests per forward pass (default 8)"});
    opts.push_back({"adapter", true, "PEFT LoRA adapter folder to apply (unmerged)"});
    markRequired(opts, {"model", "tasks"});
    return {"eval", "zero-shot multiple-choice accuracy (lm-evaluation-harness rules)", opts, [](const Args& args) {
        const std::string spec = args.required("tasks");
        const int64_t limit = args.getInt("limit", 0, 0, limits::kWindows, "0 is all");
        const int64_t items = args.getInt("items", 200, 1, 1000000);
        pb::zs::LogLikelihoodOptions lo;
        lo.batch = args.getInt("batch", 8, 1, limits::kBatch);
        std::vector<std::pair<std::string, std::string>> wanted;  // name, file ("" = built-in)
        std::stringstream in(spec == "demo" ? "next_sentence,cloze" : spec);
        std::string tok;
        while (std::getline(in, tok, ',')) {
            if (tok.empty()) continue;
            const size_t eq = tok.find('=');
            const std::string name = tok.substr(0, eq);
            if (eq == std::string::npos) {
                if (!pb::zs::isBuiltinTask(name))
                    throw UsageError("task '" + name + "' needs a file: " + name + "=PATH (built-in tasks: next_sentence, cloze)");
                wanted.emplace_back(name, "");
            } else {
                if (!pb::zs::knownTask(name)) throw UsageError("unknown task '" + name + "'");
                wanted.emplace_back(name, tok.substr(eq + 1));
            }
        }
        if (wanted.empty()) throw UsageError("--tasks names no task");
        std::vector<pb::zs::Task> tasks;  // read every file before loading the model
        for (const auto& [name, file] : wanted)
            tasks.push_back(file.empty() ? pb::zs::builtinDemoTask(name, items) : pb::zs::loadTask(name, file));

        pb::LoadedModel m = loadFromArgs(args);
        pb::LoraSet adapters;
        std::unique_ptr<pb::LoraAttachment> attach;
        if (args.has("adapter")) {
            adapters = pb::LoraSet::load(args.get("adapter"), *m.model);
            attach = std::make_unique<pb::LoraAttachment>(*m.model, adapters);
        }
        auto ll = pb::zs::modelLogLikelihood(*m.model, *m.tokenizer, lo);
        nlohmann::json out = nlohmann::json::array();
        for (const auto& t : tasks) {
            auto progress = progressPrinter(25, [name = t.name](double) { return name + ": "; });
            pb::zs::Metrics r = pb::zs::scoreTask(t, ll, limit, 4, progress);
            nlohmann::json j = {{"task", r.task}, {"n", r.n}, {"acc", r.acc}, {"acc_stderr", r.acc_stderr}, {"seconds", r.seconds}};
            if (r.has_acc_norm) j["acc_norm"] = r.acc_norm, j["acc_norm_stderr"] = r.acc_norm_stderr;
            out.push_back(j);
            if (!args.has("json")) {
                if (r.has_acc_norm)
                    std::printf("%-14s n %5lld  acc %.4f ± %.4f  acc_norm %.4f ± %.4f  (%.1f s)\n", r.task.c_str(),
                                (long long)r.n, r.acc, r.acc_stderr, r.acc_norm, r.acc_norm_stderr, r.seconds);
                else
                    std::printf("%-14s n %5lld  acc %.4f ± %.4f  (%.1f s)\n", r.task.c_str(), (long long)r.n, r.acc,
                                r.acc_stderr, r.seconds);
            }
        }
        if (args.has("json"))
            printJson(nlohmann::json{{"tasks", out}, {"device", args.get("device", "cpu")}, {"dtype", args.get("dtype", "f32")},
                                     {"adapter", args.get("adapter", "")}}.dump());
        return 0;
    }};
}

} // namespace pbcli
