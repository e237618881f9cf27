// The output rule (see output_path.h).
#include "core/util/output_path.h"

#include <system_error>

#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

bool isInside(const fs::path& inner, const fs::path& outer) {  // both resolved; equal counts as inside
    auto i = inner.begin(), o = outer.begin();
    for (; o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // a trailing separator
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

} // namespace

fs::path resolvedPath(const fs::path& p) {
    std::error_code ec;
    fs::path a = fs::absolute(p, ec);
    if (ec) a = p;
    fs::path r = fs::weakly_canonical(a, ec);
    if (ec) r = a.lexically_normal();
    // "dir/" and "dir" are the same place.
    if (r.has_parent_path() && r.filename().empty()) r = r.parent_path();
    return r;
}

std::vector<SourcePath> modelSource(const fs::path& model) { return {{model, "the source model", true}}; }

fs::path checkOutputPath(const fs::path& out, const std::string& what, const std::vector<SourcePath>& sources) {
    if (out.empty()) throw Error("no path given for the " + what);
    const fs::path out_r = resolvedPath(out);
    const std::string head = "refusing to write the " + what + " '" + out.string() + "': ";
    for (const SourcePath& s : sources) {
        if (s.path.empty()) continue;
        const fs::path src = resolvedPath(s.path);
        std::error_code ec;
        const bool src_dir = fs::is_directory(src, ec);
        const std::string named = s.what + " '" + s.path.string() + "'";
        if (out_r == src) throw Error(head + "it is " + named + "; choose another path");
        // A model file's folder may not become an output folder (an HF export there would put its
        // files beside, or its folder over, the model); a file beside the model is fine.
        if (s.is_model && !src_dir && out_r == src.parent_path())
            throw Error(head + "it is the folder that holds " + named + "; choose another folder");
        if (isInside(src, out_r)) throw Error(head + "it contains " + named + "; choose another path");
        if (src_dir && isInside(out_r, src)) throw Error(head + "it is inside " + named + "; choose another folder");
    }
    fs::path a = fs::absolute(out).lexically_normal();
    if (a.has_parent_path() && a.filename().empty()) a = a.parent_path();
    return a;
}

} // namespace pb
