// The sample model names (core/data/sample_models.h): demo and demo:NAME resolve to the cache file,
// a missing or short file names the command that fetches it, and the table agrees with the one
// scripts/fetch_models.sh fetches from (scripts/sample_models.tsv).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <unistd.h>

#include "core/data/assets.h"
#include "core/data/sample_models.h"
#include "core/util/error.h"

namespace fs = std::filesystem;
using pb::assets::SampleModel;

namespace {

// A scratch XDG_CACHE_HOME for one test; the previous value comes back afterwards.
class ScratchCache {
public:
    ScratchCache() {
        if (const char* old = std::getenv("XDG_CACHE_HOME")) old_ = old;
        root_ = fs::temp_directory_path() / ("pb-samples-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "prunebench");
        ::setenv("XDG_CACHE_HOME", root_.c_str(), 1);
    }
    ~ScratchCache() {
        if (old_) ::setenv("XDG_CACHE_HOME", old_->c_str(), 1);
        else ::unsetenv("XDG_CACHE_HOME");
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    // A (sparse) file of `bytes` bytes under the sample model's name.
    fs::path place(const SampleModel& m, std::uintmax_t bytes) const {
        const fs::path p = root_ / "prunebench" / m.file;
        std::ofstream(p, std::ios::binary).put('G');
        fs::resize_file(p, bytes);
        return p;
    }

private:
    fs::path root_;
    std::optional<std::string> old_;
};

std::string errorOf(const std::string& spec) {
    try {
        pb::assets::resolveModel(spec);
    } catch (const pb::Error& e) {
        return e.what();
    }
    return {};
}

const SampleModel& sample(const std::string& spec) {
    const SampleModel* m = pb::assets::findSampleModel(spec);
    if (!m) throw std::runtime_error("no sample model " + spec);
    return *m;
}

fs::path repoFile(const std::string& relative) { return fs::path(PB_FIXTURE_DIR) / ".." / ".." / relative; }

} // namespace

TEST(AssetsSamples, TheFourNamesResolveToTheirCacheFiles) {
    ScratchCache cache;
    for (const std::string spec : {"demo", "demo:gemma3-270m", "demo:qwen2.5-0.5b", "demo:qwen2.5-1.5b"}) {
        const SampleModel& m = sample(spec);
        const fs::path placed = cache.place(m, m.bytes);
        EXPECT_EQ(pb::assets::resolveModel(spec), placed) << spec;
        EXPECT_EQ(pb::assets::sampleModelPath(m), placed) << spec;
        EXPECT_TRUE(pb::assets::sampleModelPresent(m)) << spec;
    }
    EXPECT_EQ(pb::assets::resolveModel("demo"), pb::assets::demoModelPath());
}

TEST(AssetsSamples, AMissingOneNamesThePathAndTheFetchCommand) {
    ScratchCache cache;
    for (const SampleModel& m : pb::assets::sampleModels()) {
        EXPECT_FALSE(pb::assets::sampleModelPresent(m)) << m.spec;
        const std::string e = errorOf(m.spec);
        EXPECT_NE(e.find(m.spec + " (" + m.label + ") not found at '" + pb::assets::sampleModelPath(m).string() + "'"),
                  std::string::npos) << e;
        EXPECT_NE(e.find("run " + m.fetchCommand), std::string::npos) << e;
    }
    EXPECT_NE(errorOf("demo:qwen2.5-1.5b").find("bash scripts/fetch_models.sh qwen2.5-1.5b"), std::string::npos);
    EXPECT_NE(errorOf("demo").find("bash scripts/setup.sh"), std::string::npos);
}

TEST(AssetsSamples, AFileOfTheWrongSizeIsRefusedAndNotPresent) {
    ScratchCache cache;
    const SampleModel& m = sample("demo:gemma3-270m");
    cache.place(m, m.bytes - 4096);
    EXPECT_FALSE(pb::assets::sampleModelPresent(m));
    const std::string e = errorOf(m.spec);
    EXPECT_NE(e.find("is " + std::to_string(m.bytes - 4096) + " bytes, expected " + std::to_string(m.bytes)),
              std::string::npos) << e;
    EXPECT_NE(e.find("bash scripts/fetch_models.sh gemma3-270m"), std::string::npos) << e;
    cache.place(m, m.bytes);
    EXPECT_TRUE(pb::assets::sampleModelPresent(m));
    fs::remove(pb::assets::sampleModelPath(m));
    fs::create_directory(pb::assets::sampleModelPath(m));  // a folder under the file's name
    EXPECT_FALSE(pb::assets::sampleModelPresent(m));
    EXPECT_NE(errorOf(m.spec).find("is not a regular file"), std::string::npos) << errorOf(m.spec);
}

TEST(AssetsSamples, AnUnknownDemoNameListsTheKnownOnes) {
    ScratchCache cache;
    const std::string e = errorOf("demo:qwen2.5-7b");
    EXPECT_NE(e.find("unknown sample model 'demo:qwen2.5-7b'"), std::string::npos) << e;
    for (const SampleModel& m : pb::assets::sampleModels()) EXPECT_NE(e.find(m.spec), std::string::npos) << e;
    EXPECT_EQ(pb::assets::findSampleModel("demo:"), nullptr);
    EXPECT_EQ(pb::assets::findSampleModel("qwen2.5-0.5b"), nullptr);  // the spec, not the bare name
}

TEST(AssetsSamples, NamesSpecsAndCommandsFollowOneRule) {
    std::set<std::string> specs, files;
    ASSERT_EQ(pb::assets::sampleModels().front().spec, "demo");
    std::uint64_t previous = 0;
    for (const SampleModel& m : pb::assets::sampleModels()) {
        EXPECT_TRUE(specs.insert(m.spec).second) << m.spec;
        EXPECT_TRUE(files.insert(m.file).second) << m.file;
        EXPECT_GT(m.bytes, previous) << m.spec << ": the table goes by size";
        previous = m.bytes;
        EXPECT_FALSE(m.label.empty());
        EXPECT_FALSE(m.family.empty());
        if (m.name == "demo") continue;
        EXPECT_EQ(m.spec, "demo:" + m.name);
        EXPECT_EQ(m.fetchCommand, "bash scripts/fetch_models.sh " + m.name);
    }
}

// scripts/sample_models.tsv is what fetch_models.sh fetches; its model lines must be this table's.
TEST(AssetsSamples, TheTableAgreesWithTheFetchScriptsTable) {
    std::ifstream tsv(repoFile("scripts/sample_models.tsv"));
    ASSERT_TRUE(tsv) << repoFile("scripts/sample_models.tsv");
    std::map<std::string, std::pair<std::string, std::uint64_t>> fetched;  // name -> file, bytes
    for (std::string line; std::getline(tsv, line);) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::string kind, name, file;
        std::uint64_t bytes = 0;
        if (!(words >> kind) || kind != "model") continue;
        ASSERT_TRUE(words >> name >> file >> bytes) << line;
        fetched[name] = {file, bytes};
    }
    std::size_t others = 0;
    for (const SampleModel& m : pb::assets::sampleModels()) {
        if (m.name == "demo") continue;
        ++others;
        ASSERT_TRUE(fetched.count(m.name)) << m.name << " is not in scripts/sample_models.tsv";
        EXPECT_EQ(fetched[m.name].first, m.file) << m.name;
        EXPECT_EQ(fetched[m.name].second, m.bytes) << m.name;
    }
    EXPECT_EQ(others, fetched.size()) << "scripts/sample_models.tsv lists a model core/data/sample_models.cpp lacks";

    std::ifstream common(repoFile("scripts/common.sh"));
    std::stringstream text;
    text << common.rdbuf();
    std::smatch match;
    const std::string s = text.str();
    ASSERT_TRUE(std::regex_search(s, match, std::regex("PB_MODEL_FILE=\"([^\"]+)\"")));
    EXPECT_EQ(match[1].str(), sample("demo").file);
}
