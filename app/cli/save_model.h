#pragma once
// Saving a model from the CLI: a Hugging Face folder, or one GGUF file when the format
// says so ("auto": by the extension .gguf). Returns a JSON summary.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace pb {
class LlamaModel;
class Tokenizer;
}

namespace pbcli {

// format: "auto" (GGUF for *.gguf, else Hugging Face), "hf" or "gguf". gguf_arch: see
// pb::GgufExportOptions::arch. Throws pb::Error.
nlohmann::json saveModel(const pb::LlamaModel& model, const pb::Tokenizer& tokenizer,
                         const std::filesystem::path& source, const std::string& out, const std::string& dtype,
                         const std::string& format = "auto", const std::string& gguf_arch = "auto");

// Whether "auto" picks GGUF for this output path.
bool isGgufPath(const std::string& out);

} // namespace pbcli
