// `recover --quantized-base` (issue 14): bad combinations are refused in one line naming the
// option, nothing written; a run on the world's GGUF with its resolved plan trains the cut model
// on the file's tensors and reports the base's bytes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

TEST(QuantizedBaseCli, BadCombinationsAreRefusedInOneLine) {
    CliWorld& w = world();
    const std::vector<std::string> base = {"recover", "--model", w.gguf, "--data", w.text, "--steps", "1", "--quantized-base"};
    struct Row {
        std::vector<std::string> extra;
        int code;
        std::vector<std::string> parts;
    };
    const std::vector<Row> rows = {
        {{"--merge", "--save-merged", (w.dir.path() / "m.gguf").string(), "--merged-dtype", "q4_0"},
         2, {"--merged-dtype 'q4_0' is not f32, f16 or bf16"}},
        {{"--merged-dtype", "f16"}, 2, {"--merged-dtype needs --save-merged"}},
        {{"--save-merged", (w.dir.path() / "m.gguf").string()}, 2, {"--save-merged needs --merge"}},
    };
    for (const Row& r : rows) {
        std::vector<std::string> args = base;
        args.insert(args.end(), r.extra.begin(), r.extra.end());
        SCOPED_TRACE(r.extra.back());
        expectRefused(args, r.code, r.parts);
    }
    // A Hugging Face folder holds float weights: nothing quantized to keep.
    expectRefused({"recover", "--model", w.hf, "--data", w.text, "--steps", "1", "--quantized-base"}, 1,
                  {"is a Hugging Face folder: a quantized base needs a GGUF file"});
}

TEST(QuantizedBaseCli, TrainsThePlansCutOfTheFile) {
    CliWorld& w = world();
    const auto dense = runCli({"recover", "--model", w.gguf, "--data", w.text, "--steps", "2", "--micro-batch", "2",
                               "--cutoff", "32", "--quantized-base", "--json"}, std::chrono::seconds(120));
    ASSERT_EQ(dense.exit_code, 0) << dense.err;
    const auto cut = runCli({"recover", "--model", w.gguf, "--data", w.text, "--steps", "2", "--micro-batch", "2",
                             "--cutoff", "32", "--quantized-base", "--plan", w.plan, "--json"}, std::chrono::seconds(120));
    ASSERT_EQ(cut.exit_code, 0) << cut.err;
    const auto d = nlohmann::json::parse(dense.out), c = nlohmann::json::parse(cut.out);
    ASSERT_TRUE(d.contains("quantized_base")) << dense.out;
    EXPECT_GT(d["quantized_base"]["projection_bytes"].get<double>(), 0.0);
    EXPECT_LT(c["parameters"].get<int64_t>(), d["parameters"].get<int64_t>()) << "the plan cut nothing";
    EXPECT_LT(c["quantized_base"]["projection_bytes"].get<double>(), d["quantized_base"]["projection_bytes"].get<double>());
    EXPECT_NE(cut.err.find("projections kept quantized"), std::string::npos) << cut.err;
    EXPECT_NE(cut.err.find("rows cut by the plan"), std::string::npos) << cut.err;
}
