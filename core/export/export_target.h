#pragma once
// Where a model export may go: the one rule for the Hugging Face and GGUF exporters, the
// CLI and the GUI's early check (ui/jobs/ExportJobs exportRefusal). First the output rule
// (core/util/output_path.h: never a source), then by kind:
//  - a Hugging Face folder: a path that exists must be a folder, empty or an earlier
//    PruneBench export holding only the files an export writes (it is replaced);
//  - a GGUF file: not a folder; a file that exists must be a GGUF file (it is replaced).
// Torch-free.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/util/output_path.h"

namespace pb {

enum class ExportTarget { HfFolder, GgufFile };

// The marker file of a Hugging Face export, and every file an export may leave in its folder.
inline constexpr char kExportMarker[] = "prunebench_export.json";
const std::set<std::string>& hfExportFileNames();

// Throws pb::Error with one line naming the path and the problem. Returns the absolute,
// normalized target (a folder's trailing separator dropped).
std::filesystem::path checkExportTarget(ExportTarget kind, const std::filesystem::path& out,
                                        const std::vector<SourcePath>& sources);

// The same rule as a sentence: "" when `out` may receive the export.
std::string exportTargetRefusal(ExportTarget kind, const std::filesystem::path& out,
                                const std::vector<SourcePath>& sources);

// The nearest folder of `p` that exists (the current folder when none): where free space
// is measured before a new folder is made.
std::filesystem::path existingAncestor(std::filesystem::path p);

} // namespace pb
