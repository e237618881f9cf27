#include "app/cli/save_model.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/export/hf_export.h"

namespace pbcli {

nlohmann::json saveModel(const pb::LlamaModel& model, const pb::Tokenizer& tokenizer,
                         const std::filesystem::path& source, const std::string& out, const std::string& dtype) {
    pb::HfExportOptions o;
    o.dtype = dtype;
    o.source = source;
    pb::HfExportResult r = pb::exportHuggingFace(model, tokenizer, out, o);
    std::fprintf(stderr, "%s\n", r.summary.c_str());
    return {{"dir", r.dir.string()}, {"files", r.files}, {"bytes", r.bytes}, {"parameters", r.parameters},
            {"transformers_loadable", r.transformers_loadable}, {"notes", r.notes}};
}

} // namespace pbcli
