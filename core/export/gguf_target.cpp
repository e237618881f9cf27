// Where a GGUF export may go: never onto or beside the source model, never over a
// folder or a file that is not GGUF, and only with room on the disk.
#include <cstdio>
#include <cstring>
#include <fstream>

#include "core/export/gguf_internal.h"
#include "core/util/error.h"
#include "core/util/output_path.h"
#include "core/util/stale_temp.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

bool hasGgufMagic(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && std::memcmp(magic, "GGUF", 4) == 0;
}

fs::path existingAncestor(fs::path p) {
    while (!p.empty() && !fs::exists(p)) p = p.parent_path();
    return p.empty() ? fs::current_path() : p;
}

std::string mb(uint64_t bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

} // namespace

fs::path checkGgufTarget(const fs::path& out_file, const fs::path& source, const std::vector<SourcePath>& others) {
    if (out_file.empty()) throw Error("no GGUF output file given");
    const fs::path out = fs::absolute(out_file).lexically_normal();
    if (out.filename().empty() || fs::is_directory(out))
        throw Error("refusing to export to '" + out_file.string() + "': it is a folder; give a file name (*.gguf)");
    std::vector<SourcePath> sources = modelSource(source);
    sources.insert(sources.end(), others.begin(), others.end());
    checkOutputPath(out_file, "GGUF export", sources);  // the one output rule
    if (fs::exists(out)) {
        if (!fs::is_regular_file(out))
            throw Error("refusing to export to '" + out_file.string() + "': it exists and is not a regular file");
        if (!hasGgufMagic(out))
            throw Error("refusing to replace '" + out_file.string() + "': it exists and is not a GGUF file");
    }
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
