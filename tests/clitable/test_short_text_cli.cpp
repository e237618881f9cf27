// A calibration text shorter than --samples x --seq-len, and recovery data with fewer windows
// than --steps x --micro-batch x --grad-accum, run (the samples overlap, the examples repeat)
// with one warning line on stderr that gives the counts; a long enough text gives none. The
// token counts are recomputed through `tokenize`, a separate path through the tokenizer.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

namespace {

// The text's token count as `tokenize` gives it (with or without special tokens).
long long tokenCount(const std::string& text, bool special) {
    std::vector<std::string> a = {"tokenize", "--model", world().hf, "--text", text, "--json"};
    if (!special) a.push_back("--no-special");
    const auto r = runCli(a);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out).at("count").get<long long>();
}

std::string shortText(ScratchDir& s) {
    const std::string file = s / "short.txt";
    std::string words;
    for (int i = 0; i < 20; ++i) words += "the whale swam past the ship and the sailors watched it go. ";
    writeBytes(file, words);
    return file;
}

int countOf(const std::string& hay, const std::string& needle) {
    int n = 0;
    for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
    return n;
}

} // namespace

TEST(ShortTextCli, CalibrationShorterThanItsSamplesWarnsOnce) {
    ScratchDir s("short_calib");
    const std::string file = shortText(s);
    const long long tokens = tokenCount(file, false);  // the calibration encodes without special tokens
    ASSERT_GT(tokens, 64);
    ASSERT_LT(tokens, 32 * 64);
    const auto r = runCli({"score", "--model", world().hf, "--calib", file, "--samples", "32", "--seq-len", "64"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string line = "warning: the calibration draws 32 x 64 = 2048 tokens and " + file + " has " +
                             std::to_string(tokens) + ": its samples overlap";
    EXPECT_NE(r.err.find(line), std::string::npos) << r.err;
    EXPECT_EQ(countOf(r.err, "warning: the calibration"), 1) << r.err;

    // The same text, few enough samples: no warning. The world's long text: none either.
    const auto fits = runCli({"score", "--model", world().hf, "--calib", file, "--samples", "1", "--seq-len", "64"});
    ASSERT_EQ(fits.exit_code, 0) << fits.err;
    EXPECT_EQ(fits.err.find("warning: the calibration"), std::string::npos) << fits.err;
    const auto longer =
        runCli({"score", "--model", world().hf, "--calib", world().text, "--samples", "32", "--seq-len", "64"});
    ASSERT_EQ(longer.exit_code, 0) << longer.err;
    ASSERT_GE(tokenCount(world().text, false), 32 * 64);
    EXPECT_EQ(longer.err.find("warning: the calibration"), std::string::npos) << longer.err;
}

TEST(ShortTextCli, RecoveryDataShorterThanItsStepsWarns) {
    ScratchDir s("short_data");
    const std::string file = shortText(s);
    // Recomputed: windows of 8 tokens (encoded with special tokens), a tenth held out for validation.
    const long long windows = tokenCount(file, true) / 8;
    const long long val = std::min<long long>(64, std::max<long long>(windows >= 10 ? 1 : 0, windows / 10));
    const long long train = windows - val;
    ASSERT_LT(train, 4 * 64);
    const auto r = runCli({"recover", "--model", world().hf, "--data", file, "--cutoff", "8", "--steps", "4",
                           "--micro-batch", "64"},
                          std::chrono::seconds(120));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string line = "warning: 4 steps x 64 examples a step (--micro-batch x --grad-accum) = 256 examples and " +
                             file + " gives " + std::to_string(train) + " training examples";
    EXPECT_NE(r.err.find(line), std::string::npos) << r.err;

    const auto fits = runCli({"recover", "--model", world().hf, "--data", file, "--cutoff", "8", "--steps", "2",
                              "--micro-batch", "2"},
                             std::chrono::seconds(120));
    ASSERT_EQ(fits.exit_code, 0) << fits.err;
    EXPECT_EQ(fits.err.find("warning: "), std::string::npos) << fits.err;
}
