// The CLI's manners (issue 17 item 3): --version, --threads, required options marked in an
// aligned help, and Ctrl-C / SIGTERM: the job stops at its next progress report, its
// temporaries are removed, it prints "cancelled" and exits 130.
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/data/assets.h"
#include "tests/clitable/cli_fixture.h"
#include "tests/clitable/cli_run.h"

namespace fs = std::filesystem;

TEST(CliManners, VersionNamesTheProgramAndLibtorch) {
    const auto r = pbtest::runCli({"--version"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(std::regex_search(r.out, std::regex("^prunebench-cli [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << r.out;
    EXPECT_NE(r.out.find("libtorch "), std::string::npos) << r.out;
}

TEST(CliManners, ThreadsIsAcceptedByEveryCommandAndChecked) {
    const auto& w = pbtest::world();
    const auto ok = pbtest::runCli({"info", "--model", w.hf, "--threads", "1", "--json"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    const auto eq = pbtest::runCli({"info", "--threads=2", "--model", w.hf, "--json"});
    EXPECT_EQ(eq.exit_code, 0) << eq.err;
    for (const std::string bad : {"0", "x", "2000", ""}) {
        const auto r = pbtest::runCli({"info", "--model", w.hf, "--threads", bad});
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.err.find("'--threads' must be an integer from 1 to 1024"), std::string::npos) << r.err;
    }
}

TEST(CliManners, HelpMarksRequiredOptionsInOneColumn) {
    const auto r = pbtest::runCli({"ppl", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("usage: prunebench-cli ppl --model VALUE --text VALUE [options]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(required) model folder"), std::string::npos) << r.out;
    // Every help text starts in the same column.
    size_t column = std::string::npos;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("  --", 0) != 0) continue;
        const size_t gap = line.find("  ", 4);  // after "--name VALUE"
        ASSERT_NE(gap, std::string::npos) << line;
        const size_t text = line.find_first_not_of(' ', gap);
        if (column == std::string::npos) column = text;
        EXPECT_EQ(text, column) << line;
    }
    const auto sweep = pbtest::runCli({"sweep", "--help"});
    EXPECT_NE(sweep.out.find("--calib VALUE"), std::string::npos);
    EXPECT_NE(sweep.out.find("usage: prunebench-cli sweep --calib VALUE --criteria VALUE --ratios VALUE"),
              std::string::npos) << sweep.out;
}

// Ctrl-C during a GGUF export of the demo model: cancelled, exit 130, no file, no temporary.
TEST(CliManners, InterruptedExportLeavesNothingBehind) {
    if (!pb::assets::demoAvailable()) {
        const char* ci = std::getenv("CI");
        if (ci && std::string(ci) == "true") FAIL() << "demo assets missing on CI: run scripts/setup.sh";
        GTEST_SKIP() << "demo assets missing (scripts/setup.sh fetches them)";
    }
    for (int sig : {SIGINT, SIGTERM}) {
        pbtest::ScratchDir dir("interrupt");
        const std::string out = dir / "demo-f32.gguf";
        const auto r = pbtest::runCliInterrupted({"export", "--model", "demo", "--out", out, "--dtype", "f32"}, "loaded ",
                                                 sig);
        EXPECT_EQ(r.exit_code, 130) << r.err;
        EXPECT_NE(r.err.find("cancelled\n"), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(out));
        EXPECT_TRUE(pbtest::snapshot(dir.path()).empty()) << "a temporary was left in " << dir.path();
    }
}

// Under --json a failure is one JSON object on stderr's last line, stdout empty.
TEST(CliManners, ErrorsUnderJsonAreOneJsonObjectOnStderr) {
    auto lastLine = [](const std::string& err) {
        std::string s = err;
        while (!s.empty() && s.back() == '\n') s.pop_back();
        const size_t nl = s.rfind('\n');
        return nl == std::string::npos ? s : s.substr(nl + 1);
    };
    struct Case {
        std::vector<std::string> args;
        int code;
        const char* kind;
        const char* says;
    };
    const std::vector<Case> cases = {
        {{"info", "--model", "/nonexistent/model.gguf", "--json"}, 1, "failed", "/nonexistent/model.gguf"},
        {{"info", "--json", "--no-such-option"}, 2, "usage", "--no-such-option"},
        {{"info", "--json", "--threads", "0"}, 2, "usage", "--threads"},
        {{"no-such-command", "--json"}, 2, "usage", "unknown command"},
    };
    for (const Case& c : cases) {
        const auto r = pbtest::runCli(c.args);
        SCOPED_TRACE(c.args[0] + " " + c.args[1]);
        EXPECT_EQ(r.exit_code, c.code) << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
        const auto j = nlohmann::json::parse(lastLine(r.err), nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << r.err;
        EXPECT_EQ(j["error"]["kind"], c.kind);
        EXPECT_EQ(j["error"]["exit_code"], c.code);
        EXPECT_EQ(j["error"]["command"], c.args[0]);
        EXPECT_NE(j["error"]["message"].get<std::string>().find(c.says), std::string::npos) << r.err;
    }
    // without --json the same failure is prose
    const auto prose = pbtest::runCli({"info", "--model", "/nonexistent/model.gguf"});
    EXPECT_EQ(prose.err.rfind("error: ", 0), 0u) << prose.err;
}
