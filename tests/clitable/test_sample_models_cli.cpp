// --model demo:NAME (core/data/sample_models.h) through prunebench-cli: an unknown name lists the
// known ones, a sample model not fetched yet names the command that fetches it; exit 1, nothing written.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "tests/clitable/cli_run.h"

namespace {

// prunebench-cli inherits the environment: a scratch XDG_CACHE_HOME holds no sample model.
class EmptyCache {
public:
    explicit EmptyCache(const pbtest::ScratchDir& dir) {
        if (const char* old = std::getenv("XDG_CACHE_HOME")) old_ = old;
        ::setenv("XDG_CACHE_HOME", dir.path().c_str(), 1);
    }
    ~EmptyCache() {
        if (old_) ::setenv("XDG_CACHE_HOME", old_->c_str(), 1);
        else ::unsetenv("XDG_CACHE_HOME");
    }

private:
    std::optional<std::string> old_;
};

struct Case {
    std::vector<std::string> args;
    std::vector<std::string> says;  // each in the one error line
};

} // namespace

TEST(SampleModelsCli, UnfetchedOrUnknownNamesAreOneLineNamingTheFix) {
    pbtest::ScratchDir dir("sample_models_cli");
    EmptyCache cache(dir);
    const std::string out = dir / "pruned";
    const std::string text = dir / "text.txt";
    pbtest::writeBytes(text, "Call me Ishmael.\n");
    const Case cases[] = {
        {{"info", "--model", "demo:qwen2.5-0.5b"},
         {"demo:qwen2.5-0.5b", "not found at '" + (dir / "prunebench/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf") + "'",
          "run bash scripts/fetch_models.sh qwen2.5-0.5b"}},
        {{"info", "--model", "demo:gemma3-270m"}, {"bash scripts/fetch_models.sh gemma3-270m"}},
        {{"ppl", "--model", "demo:qwen2.5-1.5b", "--text", text}, {"bash scripts/fetch_models.sh qwen2.5-1.5b"}},
        {{"info", "--model", "demo"}, {"SmolLM2-135M-Instruct.Q4_1.gguf", "bash scripts/setup.sh"}},
        {{"info", "--model", "demo:llama-70b"},
         {"unknown sample model 'demo:llama-70b'", "demo:gemma3-270m", "demo:qwen2.5-0.5b", "demo:qwen2.5-1.5b"}},
        {{"export", "--model", "demo:qwen2.5-1.5b", "--out", out + ".gguf"},
         {"bash scripts/fetch_models.sh qwen2.5-1.5b"}},
    };
    for (const Case& c : cases) {
        const pbtest::Snapshot before = pbtest::snapshot(dir.path());
        const pbtest::CliResult r = pbtest::runCli(c.args);
        std::string cmd;
        for (const std::string& a : c.args) cmd += a + " ";
        EXPECT_EQ(r.exit_code, 1) << cmd << r.err;
        EXPECT_EQ(r.err.find("error:"), r.err.rfind("error:")) << cmd << ": one error line: " << r.err;
        for (const std::string& s : c.says) EXPECT_NE(r.err.find(s), std::string::npos) << cmd << ": lacks '" << s << "': " << r.err;
        EXPECT_EQ(pbtest::snapshot(dir.path()), before) << cmd << " wrote something";
    }
}
