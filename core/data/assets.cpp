#include "core/data/assets.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "core/data/benchmark_text.h"
#include "core/data/sample_models.h"
#include "core/data/text_files.h"
#include "core/util/error.h"
#include "core/util/input_path.h"

namespace fs = std::filesystem;

namespace pb::assets {

namespace {
const char* kSetupHint = "run scripts/setup.sh (README command 1) to fetch the demo assets";

} // namespace

fs::path cacheDir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "prunebench";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "prunebench";
    return fs::temp_directory_path() / "prunebench-cache";
}

fs::path demoModelPath() { return cacheDir() / "SmolLM2-135M-Instruct.Q4_1.gguf"; }
fs::path demoTextDir() { return cacheDir() / "text"; }
fs::path taskDataDir() { return cacheDir() / "tasks"; }

bool demoAvailable() {
    std::error_code ec;
    return fs::is_regular_file(demoModelPath(), ec) && fs::is_regular_file(demoTextDir() / "moby-dick.txt", ec);
}

fs::path resolveModel(const std::string& spec) {
    if (spec.empty()) throw Error("no model given");
    if (spec == "demo" || spec.rfind("demo:", 0) == 0) {  // the sample models (core/data/sample_models.h)
        const SampleModel* model = findSampleModel(spec);
        if (!model) throw Error("unknown sample model '" + spec + "' (use " + sampleModelSpecs() + ")");
        return requireSampleModel(*model);
    }
    fs::path p(spec);
    checkInputModelPath(p);  // a regular file or a folder; names the path and the problem
    return p;
}

fs::path textSourcePath(const std::string& spec) {
    if (spec == "demo:moby-dick") return demoTextDir() / "moby-dick.txt";
    if (spec == "demo:sotu") return demoTextDir() / "sotu";
    if (spec.rfind("demo:", 0) == 0) return {};
    if (const auto b = parseBenchmarkSpec(spec)) return b->path;
    return spec;
}

std::string loadText(const std::string& spec) {
    if (spec == "demo:moby-dick") {
        fs::path p = demoTextDir() / "moby-dick.txt";
        if (!fs::exists(p)) throw Error("demo text not found at '" + p.string() + "': " + kSetupHint);
        return readTextPath(p);
    }
    if (spec == "demo:sotu") {  // file names start with the year: name order is year order
        fs::path dir = demoTextDir() / "sotu";
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) throw Error("demo text folder '" + dir.string() + "' is missing: " + kSetupHint);
        return readTextPath(dir);
    }
    if (spec.rfind("demo:", 0) == 0) throw Error("unknown demo text '" + spec + "' (use demo:moby-dick or demo:sotu)");
    if (spec.empty()) throw Error("no text given");
    if (const auto b = parseBenchmarkSpec(spec)) return loadBenchmarkText(b->kind, b->path).text;  // wikitext2:, ptb:
    return readTextPath(spec);  // a file, or a folder of *.txt files (core/data/text_files.h)
}

} // namespace pb::assets
