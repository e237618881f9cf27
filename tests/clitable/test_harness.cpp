// The harness itself: a usage error is exit 2 with one line naming the problem, and a refused
// command leaves the folder as it was.
#include <gtest/gtest.h>

#include "tests/clitable/cli_run.h"

using namespace pbtest;

TEST(CliHarness, UnknownCommandIsUsageError) {
    const auto r = runCli({"no-such-command"});
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown command 'no-such-command'"), std::string::npos) << r.err;
}

TEST(CliHarness, MissingModelFileNamesIt) {
    ScratchDir dir("harness");
    const auto before = snapshot(dir.path());
    const auto r = runCli({"info", "--model", dir / "absent.gguf"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("absent.gguf"), std::string::npos) << r.err;
    EXPECT_EQ(snapshot(dir.path()), before);
}
