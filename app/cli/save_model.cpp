#include "app/cli/save_model.h"

#include <nlohmann/json.hpp>

#include "app/cli/args.h"

namespace pbcli {

nlohmann::json saveModel(const pb::LlamaModel&, const pb::Tokenizer&, const std::filesystem::path&,
                         const std::string& out, const std::string&) {
    // Wired to the Hugging Face exporter (core/export) as soon as it lands.
    throw UsageError("--out '" + out + "': saving models is not available in this build yet");
}

} // namespace pbcli
