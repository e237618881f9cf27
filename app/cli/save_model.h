#pragma once
// Saving a model from the CLI: a Hugging Face folder, or one GGUF file when the format
// says so ("auto": by the extension .gguf). Returns a JSON summary.
#include <filesystem>
#include <string>
#include <vector>

#include "core/util/output_path.h"

#include <nlohmann/json_fwd.hpp>

namespace pb {
class LlamaModel;
class Tokenizer;
}

namespace pbcli {

// format: "auto" (GGUF for *.gguf, else Hugging Face), "hf" or "gguf". gguf_arch: see
// pb::GgufExportOptions::arch. `sources`: the run's sources (output_check.h runSources), which
// the output may not touch (core/util/output_path.h). Throws pb::Error.
nlohmann::json saveModel(const pb::LlamaModel& model, const pb::Tokenizer& tokenizer,
                         const std::filesystem::path& source, const std::string& out, const std::string& dtype,
                         const std::string& format = "auto", const std::string& gguf_arch = "auto",
                         const std::vector<pb::SourcePath>& sources = {});

// Whether "auto" picks GGUF for this output path.
bool isGgufPath(const std::string& out);

// The export rule (core/export/export_target.h) for `out` in `format` ("auto", "hf",
// "gguf"), before any work starts (saveModel's exporter checks again when it writes).
// Throws pb::Error.
void checkModelTargetEarly(const std::string& out, const std::string& format, const std::vector<pb::SourcePath>& sources);

} // namespace pbcli
