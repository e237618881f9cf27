// The output rule (core/util/output_path.h) and stale temporaries (core/util/stale_temp.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

#include "core/util/atomic_write.h"
#include "core/util/error.h"
#include "core/util/output_path.h"
#include "core/util/stale_temp.h"

namespace fs = std::filesystem;

namespace {

struct Tmp {
    fs::path dir;
    explicit Tmp(const std::string& name) {
        dir = fs::temp_directory_path() / ("pb-out-" + name + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Tmp() { fs::remove_all(dir); }
};

std::string refusal(const fs::path& out, const std::vector<pb::SourcePath>& sources) {
    try {
        pb::checkOutputPath(out, "plan file", sources);
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "";
}

// A pid that certainly belongs to no process: a child that has exited and been reaped.
pid_t deadPid() {
    const pid_t p = ::fork();
    if (p == 0) ::_exit(0);
    int st = 0;
    ::waitpid(p, &st, 0);
    return p;
}

} // namespace

TEST(OutputPath, SourceFileItselfIsRefused) {
    Tmp t("same");
    std::ofstream(t.dir / "m.gguf") << "GGUF";
    const std::string m = refusal(t.dir / "m.gguf", {{t.dir / "m.gguf", "the source model", false}});
    EXPECT_NE(m.find("it is the source model"), std::string::npos) << m;
    EXPECT_NE(m.find("plan file"), std::string::npos) << m;
}

TEST(OutputPath, RelativeDotDotAndSymlinkResolveToTheSource) {
    Tmp t("alias");
    fs::create_directories(t.dir / "a");
    std::ofstream(t.dir / "text.txt") << "x";
    fs::create_symlink(t.dir / "text.txt", t.dir / "link.txt");
    const std::vector<pb::SourcePath> src = {{t.dir / "text.txt", "the calibration text", false}};
    EXPECT_NE(refusal(t.dir / "a" / ".." / "text.txt", src), "");
    EXPECT_NE(refusal(t.dir / "link.txt", src), "");
    const fs::path cwd = fs::current_path();
    fs::current_path(t.dir / "a");
    EXPECT_NE(refusal("../text.txt", src), "");
    fs::current_path(cwd);
    EXPECT_EQ(refusal(t.dir / "other.txt", src), "");
}

TEST(OutputPath, ModelFolderItsSubfoldersAndItsParentAreRefused) {
    Tmp t("hf");
    fs::create_directories(t.dir / "model" / "sub");
    const auto src = pb::modelSource(t.dir / "model");
    EXPECT_NE(refusal(t.dir / "model", src).find("it is the source model"), std::string::npos);
    EXPECT_NE(refusal(t.dir / "model" / "sub" / "new", src).find("it is inside the source model"), std::string::npos);
    EXPECT_NE(refusal(t.dir / "model" / "config.json", src).find("inside"), std::string::npos);
    EXPECT_NE(refusal(t.dir, src).find("it contains the source model"), std::string::npos);
    EXPECT_EQ(refusal(t.dir / "elsewhere", src), "");
}

TEST(OutputPath, BesideAGgufModelIsFineItsFolderIsNot) {
    // x.gguf -> x-pruned.gguf in the same folder is the common case; the file itself and its
    // folder as an output folder are refused.
    Tmp t("beside");
    std::ofstream(t.dir / "m.gguf") << "GGUF";
    EXPECT_EQ(refusal(t.dir / "plan.json", pb::modelSource(t.dir / "m.gguf")), "");
    EXPECT_EQ(refusal(t.dir / "sub" / "x.gguf", pb::modelSource(t.dir / "m.gguf")), "");
    EXPECT_NE(refusal(t.dir / "m.gguf", pb::modelSource(t.dir / "m.gguf")).find("it is the source model"),
              std::string::npos);
    EXPECT_NE(refusal(t.dir, pb::modelSource(t.dir / "m.gguf")).find("the folder that holds the source model"),
              std::string::npos);
}

TEST(StaleTemp, DeadWritersTemporariesGoLiveOnesStay) {
    Tmp t("stale");
    const fs::path target = t.dir / "plan.json";
    const fs::path dead = target.string() + ".tmp-" + std::to_string(deadPid());
    const fs::path live = target.string() + ".tmp-" + std::to_string(::getppid());
    const fs::path other = t.dir / "other.json.tmp-1234567";
    std::ofstream(dead) << "half";
    std::ofstream(live) << "busy";
    std::ofstream(other) << "not this target";
    fs::create_directories(t.dir / ("dir.tmp-" + std::to_string(deadPid())) / "inner");
    pb::writeFileAtomic(target.string(), "{}\n");
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(live));
    EXPECT_TRUE(fs::exists(other));
    EXPECT_EQ(pb::removeStaleTemporaries(t.dir / "dir"), 1);  // a folder temporary (HF export)
    std::ifstream in(target);
    std::string s((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(s, "{}\n");
}
