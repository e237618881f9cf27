// prunebench-cli export: a model (optionally after replaying a resolved pruning plan)
// as a Hugging Face folder or one GGUF file.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "app/cli/output_check.h"
#include "app/cli/save_model.h"
#include "core/data/assets.h"
#include "core/model/llama_model.h"
#include "core/plan/plan.h"
#include "core/prune/calibration.h"
#include "core/prune/pruner.h"

namespace pbcli {

Command exportCommand() {
    std::vector<OptionSpec> opts = {
        {"model", true, "model folder, .gguf file, or 'demo'"},
        {"format", true, "hf (folder) or gguf (one file); default: gguf when --out ends in .gguf, else hf"},
        {"dtype", true, "stored weights: f32 (default), f16, bf16; gguf also q8_0"},
        {"plan", true, "replay this resolved plan JSON (prune --save-plan) before exporting"},
        {"out", true, "output folder (hf) or file (gguf); never a source, inside one, or the folder of a GGUF source"},
        {"arch", true, "gguf: auto (default: the family's arch, deci when layers differ), llama, qwen2 or deci"},
        {"json", false, "print one JSON object on stdout"},
    };
    markRequired(opts, {"model", "out"});
    return {"export", "save a model (optionally pruned by a plan) as a Hugging Face folder or a GGUF file", opts,
            [](const Args& args) {
        const std::string out = args.required("out");
        std::string format = args.get("format", isGgufPath(out) ? "gguf" : "hf");
        if (format != "hf" && format != "gguf") throw UsageError("--format must be hf or gguf, got '" + format + "'");
        const std::string dtype = args.get("dtype", "f32");
        if (dtype != "f32" && dtype != "f16" && dtype != "bf16" && !(format == "gguf" && dtype == "q8_0"))
            throw UsageError("--dtype must be f32, f16 or bf16" + std::string(format == "gguf" ? " or q8_0" : "") +
                             ", got '" + dtype + "'");
        if (args.has("arch") && format != "gguf") throw UsageError("--arch applies to --format gguf only");

        auto progress = progressPrinter(25);
        const std::vector<pb::SourcePath> sources = runSources(args);
        checkModelTargetEarly(out, format, sources);  // refused before loading, in the exporter's words
        pb::LoadedModel m = pb::loadModel(pb::assets::resolveModel(args.required("model")), {}, progress);
        std::fprintf(stderr, "loaded %s in %.2f s\n", m.source.filename().c_str(), m.load_seconds);
        nlohmann::json j = {{"model", m.source.string()}, {"format", format}, {"dtype", dtype},
                            {"params_before", m.config.totalParams()}};
        std::shared_ptr<pb::LlamaModel> model = m.model;
        if (args.has("plan")) {
            const pb::PruningPlan plan = pb::PruningPlan::load(args.get("plan"));
            if (!plan.resolved())
                throw UsageError("--plan '" + args.get("plan") + "' holds ratios, not kept indices; resolve it first "
                                 "with prune --plan ... --save-plan RESOLVED.json (export does not score)");
            pb::ScoreOptions so;
            pb::PruneResult r = pb::prune(*m.model, plan, pb::Calibration{}, so, progress);
            model = r.model;
            j["plan"] = args.get("plan");
        }
        j["params_after"] = model->config.totalParams();
        j["out"] = saveModel(*model, *m.tokenizer, m.source, out, dtype, format, args.get("arch", "auto"), sources);
        if (args.has("json")) printJson(j.dump());
        return 0;
    }};
}

} // namespace pbcli
