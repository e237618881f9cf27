#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "core/data/assets.h"
#include "core/data/sample_models.h"

namespace pbcli {

std::vector<OptionSpec> modelOptions() {
    return {
        {"model", true, "model folder, .gguf file, or a sample model: " + pb::assets::sampleModelSpecs() +
                            " (the others: bash scripts/fetch_models.sh NAME)"},
        {"device", true, "cpu (default) or cuda"},
        {"dtype", true, "f32 (default) or bf16"},
        {"json", false, "print one JSON object on stdout"},
    };
}

pb::LoadedModel loadFromArgs(const Args& args) {
    pb::LoadOptions opts;
    opts.device = args.get("device", "cpu");
    opts.dtype = args.get("dtype", "f32");
    auto progress = progressPrinter(25);
    pb::LoadedModel m = pb::loadModel(pb::assets::resolveModel(args.required("model")), opts, progress);
    std::fprintf(stderr, "loaded %s in %.2f s\n", m.source.filename().c_str(), m.load_seconds);
    return m;
}

void printJson(const std::string& json) { std::cout << json << std::endl; }

} // namespace pbcli
