// Export targets under the one output rule (core/util/output_path.h), on the core functions:
// an HF export into a subfolder of the source model's folder is refused (issue 21); a refused
// export (source or disk space) creates no folder, not even a nested new one; a killed
// export's temporary is removed by the next export to the same target.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

#include "core/export/gguf_export.h"
#include "core/export/hf_export.h"
#include "core/model/loader.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

const fs::path kModel = fs::path(PB_FIXTURE_DIR) / "models" / "tiny_llama";

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("pb-export-paths-" + std::to_string(::getpid()));
    Scratch() {
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Scratch() { fs::remove_all(dir); }
};

std::string refusal(const std::function<void()>& f) {
    try {
        f();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "";
}

pid_t deadPid() {
    const pid_t p = ::fork();
    if (p == 0) ::_exit(0);
    int st = 0;
    ::waitpid(p, &st, 0);
    return p;
}

} // namespace

TEST(ExportPaths, HfExportIntoASubfolderOfTheSourceFolderIsRefused) {
    Scratch s;
    fs::copy(kModel, s.dir / "model", fs::copy_options::recursive);
    pb::LoadedModel m = pb::loadModel(s.dir / "model");
    pb::HfExportOptions o;
    o.source = s.dir / "model";
    const std::string why = refusal([&] { pb::exportHuggingFace(*m.model, *m.tokenizer, s.dir / "model" / "pruned" / "hf", o); });
    EXPECT_NE(why.find("inside the source model"), std::string::npos) << why;
    EXPECT_FALSE(fs::exists(s.dir / "model" / "pruned"));
}

TEST(ExportPaths, NestedNewFolderIsNotCreatedWhenTheSpaceCheckRefuses) {
    Scratch s;
    pb::LoadedModel m = pb::loadModel(kModel);
    pb::HfExportOptions o;
    o.source = kModel;
    o.free_space = [](const fs::path&) { return uint64_t(1000); };  // far too little
    const std::string why = refusal([&] { pb::exportHuggingFace(*m.model, *m.tokenizer, s.dir / "a" / "b" / "out", o); });
    EXPECT_NE(why.find("not enough free disk space"), std::string::npos) << why;
    EXPECT_FALSE(fs::exists(s.dir / "a")) << "the check must come before the folder is created";
    o.free_space = {};
    const pb::HfExportResult r = pb::exportHuggingFace(*m.model, *m.tokenizer, s.dir / "a" / "b" / "out", o);
    EXPECT_TRUE(fs::exists(r.dir / "config.json"));
}

TEST(ExportPaths, OtherSourcesAreProtectedToo) {
    Scratch s;
    pb::LoadedModel m = pb::loadModel(kModel);
    std::ofstream(s.dir / "calib.txt") << "words";
    pb::GgufExportOptions o;
    o.source = kModel;
    o.other_sources = {{s.dir / "calib.txt", "the calibration text", false}};
    const std::string why = refusal([&] { pb::exportGguf(*m.model, *m.tokenizer, s.dir / "calib.txt", o); });
    EXPECT_NE(why.find("it is the calibration text"), std::string::npos) << why;
    std::ifstream in(s.dir / "calib.txt");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(text, "words");
}

TEST(ExportPaths, StaleTemporariesOfKilledExportsAreRemoved) {
    Scratch s;
    pb::LoadedModel m = pb::loadModel(kModel);
    const fs::path gguf = s.dir / "out.gguf";
    const fs::path stale_file = gguf.string() + ".tmp-" + std::to_string(deadPid());
    std::ofstream(stale_file) << "half";
    pb::GgufExportOptions go;
    go.source = kModel;
    pb::exportGguf(*m.model, *m.tokenizer, gguf, go);
    EXPECT_FALSE(fs::exists(stale_file));

    const fs::path hf = s.dir / "hf";
    const fs::path stale_dir = hf.string() + ".tmp-" + std::to_string(deadPid());
    fs::create_directories(stale_dir);
    std::ofstream(stale_dir / "model.safetensors") << "half";
    pb::HfExportOptions ho;
    ho.source = kModel;
    pb::exportHuggingFace(*m.model, *m.tokenizer, hf, ho);
    EXPECT_FALSE(fs::exists(stale_dir));
    EXPECT_TRUE(fs::exists(hf / "config.json"));
}
