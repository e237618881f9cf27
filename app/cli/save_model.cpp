#include "app/cli/save_model.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/export/export_target.h"
#include "core/export/gguf_export.h"
#include "core/export/hf_export.h"
#include "core/util/error.h"

namespace pbcli {

bool isGgufPath(const std::string& out) {
    const std::string ext = std::filesystem::path(out).extension().string();
    return ext == ".gguf" || ext == ".GGUF";
}

void checkModelTargetEarly(const std::string& out, const std::string& format, const std::vector<pb::SourcePath>& sources) {
    const bool gguf = format == "gguf" || (format == "auto" && isGgufPath(out));
    pb::checkExportTarget(gguf ? pb::ExportTarget::GgufFile : pb::ExportTarget::HfFolder, out, sources);
}

nlohmann::json saveModel(const pb::LlamaModel& model, const pb::Tokenizer& tokenizer,
                         const std::filesystem::path& source, const std::string& out, const std::string& dtype,
                         const std::string& format, const std::string& gguf_arch,
                         const std::vector<pb::SourcePath>& sources) {
    if (format != "auto" && format != "hf" && format != "gguf")
        throw pb::Error("unknown export format '" + format + "' (use hf or gguf)");
    if (format == "gguf" || (format == "auto" && isGgufPath(out))) {
        pb::GgufExportOptions o;
        o.dtype = dtype;
        o.source = source;
        o.arch = gguf_arch;
        o.other_sources = sources;
        pb::GgufExportResult r = pb::exportGguf(model, tokenizer, out, o);
        std::fprintf(stderr, "%s\n", r.summary.c_str());
        return {{"format", "gguf"}, {"file", r.file.string()}, {"bytes", r.bytes}, {"parameters", r.parameters},
                {"architecture", r.architecture}, {"per_layer_arrays", r.per_layer_arrays},
                {"tensor_types", r.tensor_types}, {"notes", r.notes}};
    }
    pb::HfExportOptions o;
    o.dtype = dtype;
    o.source = source;
    o.other_sources = sources;
    pb::HfExportResult r = pb::exportHuggingFace(model, tokenizer, out, o);
    std::fprintf(stderr, "%s\n", r.summary.c_str());
    return {{"format", "hf"}, {"dir", r.dir.string()}, {"files", r.files}, {"bytes", r.bytes},
            {"parameters", r.parameters}, {"transformers_loadable", r.transformers_loadable}, {"notes", r.notes}};
}

} // namespace pbcli
