#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "app/cli/commands.h"
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
    const bool tty = isatty(fileno(stderr));
    int last = -1;
    auto progress = [&](double f, std::string_view stage) {
        const int pct = static_cast<int>(f * 100);
        if (tty) {
            std::fprintf(stderr, "\r[%3d%%] %-40.*s", pct, static_cast<int>(stage.size()), stage.data());
            if (f >= 1.0) std::fprintf(stderr, "\n");
        } else if (pct / 25 != last / 25 || f >= 1.0) {
            std::fprintf(stderr, "[%3d%%] %.*s\n", pct, static_cast<int>(stage.size()), stage.data());
        }
        last = pct;
        return true;
    };
    pb::LoadedModel m = pb::loadModel(pb::assets::resolveModel(args.required("model")), opts, progress);
    std::fprintf(stderr, "loaded %s in %.2f s\n", m.source.filename().c_str(), m.load_seconds);
    return m;
}

void printJson(const std::string& json) { std::cout << json << std::endl; }

} // namespace pbcli
