// `prunebench-cli latency`: the measured prefill and decode table of a shape and its width and
// depth twins (core/bench/latency.h), JSON with every point, the cache serving the second run,
// a report with the two curves, and its usage errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using nlohmann::json;
using namespace pbtest;

namespace {

std::vector<std::string> quickArgs(const std::vector<std::string>& extra) {
    std::vector<std::string> a = {"latency", "--model", "shape:tiny", "--target-params", "0.3", "--context", "16",
                                  "--contexts", "8,16,32", "--batches", "1,2", "--new-tokens", "2", "--repeat", "1",
                                  "--warmup", "0", "--threads", "1"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

} // namespace

TEST(LatencyCli, TableJsonCacheAndReport) {
    ScratchDir s("latency");
    ::setenv("PB_LATENCY_CACHE", (s / "cache").c_str(), 1);
    const CliResult first = runCli(quickArgs({"--json"}), std::chrono::seconds(300));
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const json j = json::parse(first.out);
    EXPECT_EQ(j.at("device"), "cpu");
    const json& ps = j.at("profiles");
    ASSERT_EQ(ps.size(), 3u);
    EXPECT_EQ(ps[0].at("label"), "original");
    EXPECT_EQ(ps[1].at("label").get<std::string>().rfind("width ", 0), 0u) << ps[1].dump();
    EXPECT_EQ(ps[2].at("label").get<std::string>().rfind("depth ", 0), 0u) << ps[2].dump();
    for (const json& p : ps) {
        EXPECT_GT(p.at("prefill_ms").get<double>(), 0.0) << p.dump();
        EXPECT_GT(p.at("decode_tokens_per_s").get<double>(), 0.0) << p.dump();
        EXPECT_EQ(p.at("prefill").size(), 3u);
        EXPECT_EQ(p.at("decode").size(), 2u);
        EXPECT_EQ(p.at("measured_points"), 5);
    }
    EXPECT_LT(ps[1].at("params").get<int64_t>(), ps[0].at("params").get<int64_t>());
    EXPECT_LT(ps[2].at("blocks").get<int64_t>(), ps[0].at("blocks").get<int64_t>());

    // The second run reads every point from the cache; the text table names the device.
    const CliResult second = runCli(quickArgs({}), std::chrono::seconds(120));
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("latency on cpu ("), std::string::npos) << second.out;
    EXPECT_NE(second.out.find("prefill ms at batch 1 by context length"), std::string::npos) << second.out;
    EXPECT_NE(second.out.find("decode tokens/s after 16 tokens (2 steps) by batch size"), std::string::npos) << second.out;
    EXPECT_NE(second.out.find("0 points measured, 15 from the cache"), std::string::npos) << second.out;

    // --report: the latency section and both curves beside it.
    const CliResult rep = runCli(quickArgs({"--report", s / "r/latency.md", "--json"}), std::chrono::seconds(120));
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    const std::string md = readBytes(s / "r/latency.md");
    EXPECT_NE(md.find("## Latency (measured)"), std::string::npos) << md;
    EXPECT_TRUE(std::filesystem::exists(s / "r/latency-latency-prefill.svg"));
    EXPECT_TRUE(std::filesystem::exists(s / "r/latency-latency-decode.svg"));
    ::unsetenv("PB_LATENCY_CACHE");
}

TEST(LatencyCli, UsageErrorsNameTheOption) {
    expectRefused({"latency", "--model", "shape:tiny", "--batches", "1,0"}, 2, {"option '--batches'", "from 1 to"});
    expectRefused({"latency", "--model", "shape:tiny", "--contexts", "a"}, 2, {"option '--contexts'"});
    expectRefused({"latency", "--model", "shape:tiny", "--new-tokens", "1"}, 2, {"option '--new-tokens'"});
    expectRefused({"latency", "--model", "shape:nope"}, 1, {"unknown shape 'nope'"});
}
