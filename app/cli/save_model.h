#pragma once
// Saving a model from the CLI (Hugging Face folder). Returns a JSON summary.
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace pb {
class LlamaModel;
class Tokenizer;
}

namespace pbcli {

nlohmann::json saveModel(const pb::LlamaModel& model, const pb::Tokenizer& tokenizer,
                         const std::filesystem::path& source, const std::string& out, const std::string& dtype);

} // namespace pbcli
