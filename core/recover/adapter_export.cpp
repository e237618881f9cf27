#include "core/recover/adapter_export.h"

#include <set>
#include <system_error>

#include "core/recover/lora.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace pb {

namespace {
// The files an adapter folder may already hold to be replaced.
const std::set<std::string>& adapterFileNames() {
    static const std::set<std::string> names = {"adapter_config.json", "adapter_model.safetensors", "README.md"};
    return names;
}

// Whether `inner` is `outer` or lies below it (both resolved; they need not exist yet).
bool within(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i)
        if (o->empty()) continue;
        else if (i == inner.end() || *i != *o) return false;
    return true;
}
} // namespace

fs::path defaultAdapterFolder(const fs::path& model_folder) {
    fs::path f = model_folder.lexically_normal();
    if (f.filename().empty()) f = f.parent_path();  // "out/" -> "out"
    return f.parent_path() / (f.filename().string() + "-lora");
}

std::string adapterTargetRefusal(const fs::path& adapter_dir, const fs::path& model_folder,
                                 const std::vector<SourcePath>& sources) {
    if (adapter_dir.empty()) return "choose where to save the adapter first";
    std::vector<SourcePath> all = sources;
    all.push_back({model_folder, "the model folder of this save", false});
    fs::path out;
    try {
        out = checkOutputPath(adapter_dir, "adapter folder", all);
    } catch (const Error& e) {
        return e.what();
    }
    // The model folder of this save may not exist yet (the output rule skips what is not there).
    const fs::path a = resolvedPath(adapter_dir), m = resolvedPath(model_folder);
    if (within(a, m))
        return "refusing to write the adapter folder '" + out.string() + "': it is " +
               (a == m ? std::string("the model folder of this save") : "inside the model folder of this save '" + m.string() + "'") +
               "; choose another folder";
    if (within(m, a))
        return "refusing to write the adapter folder '" + out.string() + "': it contains the model folder of this save '" +
               m.string() + "'; choose another folder";
    std::error_code ec;
    if (!fs::exists(out, ec)) return {};
    if (!fs::is_directory(out, ec)) return "the adapter folder '" + out.string() + "' is a file, not a folder";
    for (const auto& e : fs::directory_iterator(out, ec))
        if (!adapterFileNames().count(e.path().filename().string()))
            return "the adapter folder '" + out.string() + "' holds other files (" + e.path().filename().string() +
                   "); choose an empty folder or an earlier adapter's";
    if (ec) return "cannot read the adapter folder '" + out.string() + "': " + ec.message();
    return {};
}

fs::path saveAdapterForFolder(const LoraSet& adapters, const fs::path& adapter_dir, const fs::path& model_folder,
                              const std::vector<SourcePath>& sources) {
    if (const std::string why = adapterTargetRefusal(adapter_dir, model_folder, sources); !why.empty()) throw Error(why);
    const fs::path base = resolvedPath(model_folder);
    std::error_code ec;
    if (!fs::is_regular_file(base / "config.json", ec))
        throw Error("the adapter's base model folder '" + base.string() + "' has no config.json: save the model first");
    const fs::path out = checkOutputPath(adapter_dir, "adapter folder", sources);
    adapters.save(out, base.string());
    return out;
}

} // namespace pb
