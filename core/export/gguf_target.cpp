// Where a GGUF export may go: never onto or beside the source model, never over a
// folder or a file that is not GGUF, and only with room on the disk.
#include <cstdio>

#include "core/export/export_target.h"
#include "core/export/gguf_internal.h"
#include "core/util/error.h"
#include "core/util/output_path.h"
#include "core/util/stale_temp.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

std::string mb(uint64_t bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

} // namespace

fs::path checkGgufTarget(const fs::path& out_file, const fs::path& source, const std::vector<SourcePath>& others) {
    std::vector<SourcePath> sources = modelSource(source);
    sources.insert(sources.end(), others.begin(), others.end());
    const fs::path out = checkExportTarget(ExportTarget::GgufFile, out_file, sources);  // the one export rule
    removeStaleTemporaries(out);  // OUT.tmp-PID of exports that were killed
    return out;
}

void checkGgufSpace(const fs::path& out_file, uint64_t bytes, const GgufExportOptions& options) {
    const fs::path dir = existingAncestor(out_file.parent_path());
    const uint64_t free = options.free_space ? options.free_space(dir) : fs::space(dir).available;
    if (static_cast<double>(free) < 1.1 * static_cast<double>(bytes))
        throw Error("not enough free disk space for the GGUF export: it needs " + mb(bytes) + " (+10% margin) in '" +
                    dir.string() + "', and " + mb(free) + " are free");
}

} // namespace pb
