#pragma once
// One rule for every path the program writes (--out, --save-plan, --report and its chart
// files, export, GUI Save and Save Plan): the output may not be a source of the run, lie
// inside one, or contain one. Sources are the model (file or folder), the plan being
// replayed and the texts (calibration, evaluation, recovery). A model file's folder may not
// be the output folder itself; a file beside the model (x.gguf -> x-pruned.gguf) is fine.
// Paths are compared after resolving symlinks, "..", and relative paths.
#include <filesystem>
#include <string>
#include <vector>

namespace pb {

struct SourcePath {
    std::filesystem::path path;
    std::string what;       // for messages: "the source model", "the plan being replayed", "the calibration text"
    bool is_model = false;  // its folder may not be the output folder
};

// Absolute path with symlinks resolved as far as the path exists (the rest normalised).
std::filesystem::path resolvedPath(const std::filesystem::path& p);

// Throws pb::Error "refusing to write the WHAT 'OUT': it is the source model 'SRC'" (or "is
// inside ...", "contains ...", "is the folder that holds the source model ...")
// when `out` breaks the rule for any of `sources`. Sources with an empty path are skipped.
// Returns the absolute, normalised output path (symlinks not resolved: the name the user gave).
std::filesystem::path checkOutputPath(const std::filesystem::path& out, const std::string& what,
                                      const std::vector<SourcePath>& sources);

// The sources list with only the model (the common case in core functions).
std::vector<SourcePath> modelSource(const std::filesystem::path& model);

} // namespace pb
