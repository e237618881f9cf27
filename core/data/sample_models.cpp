#include "core/data/sample_models.h"

#include <system_error>

#include "core/data/assets.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb::assets {

const std::vector<SampleModel>& sampleModels() {
    // Files and sizes: scripts/sample_models.tsv (and PB_MODEL_FILE in scripts/common.sh for the demo).
    static const std::vector<SampleModel> models = {
        {"demo", "demo", "SmolLM2-135M-Instruct (Q4_1)", "SmolLM2-135M-Instruct.Q4_1.gguf", 98362432, "llama",
         "bash scripts/setup.sh"},
        {"gemma3-270m", "demo:gemma3-270m", "Gemma 3 270M (Q4_K_M)", "gemma-3-270m-q4_k_m.gguf", 253113024,
         "gemma3", "bash scripts/fetch_models.sh gemma3-270m"},
        {"qwen2.5-0.5b", "demo:qwen2.5-0.5b", "Qwen2.5-Coder-0.5B-Instruct (Q4_K_M)",
         "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", 491400064, "qwen2", "bash scripts/fetch_models.sh qwen2.5-0.5b"},
        {"qwen2.5-1.5b", "demo:qwen2.5-1.5b", "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M)",
         "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", 1117320768, "qwen2", "bash scripts/fetch_models.sh qwen2.5-1.5b"},
    };
    return models;
}

const SampleModel* findSampleModel(std::string_view spec) {
    for (const SampleModel& m : sampleModels())
        if (m.spec == spec) return &m;
    return nullptr;
}

fs::path sampleModelPath(const SampleModel& model) { return cacheDir() / model.file; }

bool sampleModelPresent(const SampleModel& model) {
    std::error_code ec;
    const fs::path p = sampleModelPath(model);
    if (!fs::is_regular_file(p, ec)) return false;
    const std::uintmax_t size = fs::file_size(p, ec);
    return !ec && size == model.bytes;
}

std::string sampleModelSpecs() {
    std::string out;
    for (const SampleModel& m : sampleModels()) out += (out.empty() ? "" : ", ") + m.spec;
    return out;
}

fs::path requireSampleModel(const SampleModel& model) {
    const fs::path p = sampleModelPath(model);
    const std::string fetch = "run " + model.fetchCommand + " (from the PruneBench folder) to fetch it";
    std::error_code ec;
    if (!fs::exists(p, ec)) throw Error(model.spec + " (" + model.label + ") not found at '" + p.string() + "': " + fetch);
    if (!fs::is_regular_file(p, ec)) throw Error(model.spec + ": '" + p.string() + "' is not a regular file: " + fetch);
    const std::uintmax_t size = fs::file_size(p, ec);
    if (ec || size != model.bytes)
        throw Error(model.spec + ": '" + p.string() + "' is " + (ec ? std::string("unreadable") : std::to_string(size) + " bytes") +
                    ", expected " + std::to_string(model.bytes) + " (an unfinished copy?): " + fetch + " again");
    return p;
}

} // namespace pb::assets
