#include "app/cli/output_check.h"

#include <sstream>

#include "core/data/assets.h"
#include "core/plan/plan.h"

namespace pbcli {

const std::vector<OutputOption>& outputOptions() {
    static const std::vector<OutputOption> opts = {{"out", "output"},
                                                   {"save-plan", "plan file"},
                                                   {"report", "report"},
                                                   {"save-merged", "merged model"},
                                                   {"write-gguf", "GGUF file"},
                                                   {"save-shape", "shape file"},
                                                   {"export-lm-eval", "lm-eval task folder"}};
    return opts;
}

std::vector<pb::SourcePath> runSources(const Args& args) {
    std::vector<pb::SourcePath> s;
    const std::string model = args.get("model");
    if (!model.empty() && model.rfind("shape:", 0) != 0) s.push_back({pb::assets::resolveModel(model), "the source model", true});
    if (args.has("tokenizer")) s.push_back({pb::assets::resolveModel(args.get("tokenizer")), "the tokenizer's model", true});
    if (args.has("plan")) s.push_back({args.get("plan"), "the plan being replayed", false});
    const std::pair<const char*, const char*> texts[] = {{"calib", "the calibration text"},
                                                         {"text", "the evaluation text"},
                                                         {"data", "the recovery data"},
                                                         {"ppl-text", "the perplexity text"}};
    for (const auto& [opt, what] : texts)
        if (args.has(opt)) s.push_back({pb::assets::textSourcePath(args.get(opt)), what, false});
    if (args.has("adapter")) s.push_back({args.get("adapter"), "the adapter being applied", false});
    if (args.has("tasks")) {
        std::stringstream in(args.get("tasks"));
        std::string item;
        while (std::getline(in, item, ','))
            if (const size_t eq = item.find('='); eq != std::string::npos)
                s.push_back({item.substr(eq + 1), "the task file of '" + item.substr(0, eq) + "'", false});
    }
    return s;
}

void checkOutputsEarly(const Args& args) {
    bool any = false;
    for (const OutputOption& o : outputOptions()) any |= args.has(o.name);
    if (!any) return;
    const std::vector<pb::SourcePath> sources = runSources(args);
    for (const OutputOption& o : outputOptions())
        if (args.has(o.name)) pb::checkOutputPath(args.get(o.name), o.what, sources);
}

void savePlanChecked(const pb::PruningPlan& plan, const std::string& path, const std::vector<pb::SourcePath>& sources) {
    pb::checkOutputPath(path, "plan file", sources);
    plan.save(path);
}

} // namespace pbcli
