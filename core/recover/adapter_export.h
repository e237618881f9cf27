#pragma once
// A PEFT adapter saved for a Hugging Face model folder written in the same save (GUI File ›
// Save, `prunebench-cli recover --save-pruned`): its adapter_config.json names that folder
// (absolute path) as base_model_name_or_path, so that peft/transformers load the base the
// adapter was trained on, never the source .gguf nor the unpruned model. The adapter has its
// own folder (default "<model folder>-lora"): not the model folder, not inside it, not around
// it, never a source of the run (core/util/output_path.h); an existing one must be empty or
// hold only an earlier adapter (it is replaced). Files are written atomically (LoraSet::save).
#include <filesystem>
#include <string>
#include <vector>

#include "core/util/output_path.h"

namespace pb {

class LoraSet;

// "<folder>-lora" beside the model folder.
std::filesystem::path defaultAdapterFolder(const std::filesystem::path& model_folder);

// "" when `adapter_dir` may receive the adapter of `model_folder`, else the refusal (one line).
std::string adapterTargetRefusal(const std::filesystem::path& adapter_dir, const std::filesystem::path& model_folder,
                                 const std::vector<SourcePath>& sources);

// Checks the target (throws pb::Error with the refusal) and that `model_folder` holds a
// config.json (the model is written first), then writes adapter_config.json +
// adapter_model.safetensors. Returns the adapter folder (absolute).
std::filesystem::path saveAdapterForFolder(const LoraSet& adapters, const std::filesystem::path& adapter_dir,
                                           const std::filesystem::path& model_folder,
                                           const std::vector<SourcePath>& sources);

} // namespace pb
