#include "core/export/export_target.h"

#include <cstring>
#include <fstream>

#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

bool hasGgufMagic(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && std::memcmp(magic, "GGUF", 4) == 0;
}

void checkGgufFile(const fs::path& given, const fs::path& out, const std::vector<SourcePath>& sources) {
    if (out.filename().empty() || fs::is_directory(out))
        throw Error("refusing to export to '" + given.string() + "': it is a folder; give a file name (*.gguf)");
    checkOutputPath(given, "GGUF export", sources);
    if (!fs::exists(out)) return;
    if (!fs::is_regular_file(out))
        throw Error("refusing to export to '" + given.string() + "': it exists and is not a regular file");
    if (!hasGgufMagic(out))
        throw Error("refusing to replace '" + given.string() + "': it exists and is not a GGUF file");
}

void checkHfFolder(const fs::path& out, const std::vector<SourcePath>& sources) {
    checkOutputPath(out, "export folder", sources);
    if (!fs::exists(out)) return;
    if (!fs::is_directory(out))
        throw Error("refusing to export into '" + out.string() + "': it exists and is not a folder");
    bool empty = true, marker = false;
    std::string foreign;
    for (const auto& e : fs::directory_iterator(out)) {
        empty = false;
        const std::string name = e.path().filename().string();
        if (name == kExportMarker) marker = true;
        if (!hfExportFileNames().count(name) || !e.is_regular_file()) foreign = name;
    }
    if (empty) return;
    if (!marker)
        throw Error("refusing to export into '" + out.string() + "': the folder is not empty and is not a previous "
                    "PruneBench export (no " + kExportMarker + "); choose an empty or new folder");
    if (!foreign.empty())
        throw Error("refusing to replace the previous export in '" + out.string() + "': it also holds '" + foreign +
                    "', which an export does not write");
}

} // namespace

const std::set<std::string>& hfExportFileNames() {
    static const std::set<std::string> names = {
        kExportMarker, "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "generation_config.json", "chat_template.jinja"};
    return names;
}

fs::path checkExportTarget(ExportTarget kind, const fs::path& given, const std::vector<SourcePath>& sources) {
    if (given.empty())
        throw Error(kind == ExportTarget::GgufFile ? "no GGUF output file given" : "no export folder given");
    fs::path out = fs::absolute(given).lexically_normal();
    if (kind == ExportTarget::GgufFile) {
        checkGgufFile(given, out, sources);
        return out;
    }
    if (out.filename().empty()) out = out.parent_path();
    checkHfFolder(out, sources);
    return out;
}

std::string exportTargetRefusal(ExportTarget kind, const fs::path& out, const std::vector<SourcePath>& sources) {
    try {
        checkExportTarget(kind, out, sources);
        return {};
    } catch (const Error& e) {
        return e.what();
    } catch (const fs::filesystem_error& e) {
        return "cannot check the export target '" + out.string() + "': " + e.code().message();
    }
}

fs::path existingAncestor(fs::path p) {
    while (!p.empty() && !fs::exists(p)) p = p.parent_path();
    return p.empty() ? fs::current_path() : p;
}

} // namespace pb
