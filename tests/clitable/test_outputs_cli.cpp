// The output rule through the CLI: every path a command writes that is, holds or lies in a
// source (the model file or folder, the folder that holds a GGUF model as an output folder, the replayed plan,
// the texts) is refused before any work, exit 1, with a line naming the output and the
// source; the source's bytes and the folder stay as they were.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

#include "tests/clitable/cli_fixture.h"

namespace fs = std::filesystem;
using namespace pbtest;

namespace {

struct OutRow {
    std::string name;
    std::vector<std::string> args;
    std::vector<std::string> parts;  // expected in stderr
};

std::vector<OutRow> rows() {
    CliWorld& w = world();
    const std::string d = w.dir.path().string();
    const std::vector<std::string> calib = {"--calib", w.text, "--samples", "2", "--seq-len", "16"};
    auto prune = [&](const std::string& model, std::vector<std::string> extra) {
        std::vector<std::string> a = {"prune", "--model", model, "--criterion", "l1", "--width-ratio", "0.5",
                                      "--layers", "0-1"};
        a.insert(a.end(), calib.begin(), calib.end());
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    auto stream = [&](const std::string& model, std::vector<std::string> extra) {
        std::vector<std::string> a = {"stream", "--model", model, "--work", "prune", "--criterion", "wanda_sp",
                                      "--width-ratio", "0.5", "--layers", "0-1"};
        a.insert(a.end(), calib.begin(), calib.end());
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    return {
        // issue 16: the data loss itself
        {"prune_save_plan_is_the_gguf_model", prune(w.gguf, {"--save-plan", w.gguf}),
         {"refusing to write the plan file", "it is the source model", "model.gguf"}},
        {"stream_save_plan_is_the_gguf_model", stream(w.gguf, {"--save-plan", w.gguf}),
         {"refusing to write the plan file", "it is the source model"}},
        {"prune_save_plan_is_a_file_of_the_hf_model", prune(w.hf, {"--save-plan", w.hf + "/model.safetensors"}),
         {"plan file", "inside the source model"}},
        {"prune_save_plan_in_a_subfolder_of_the_model", prune(w.hf, {"--save-plan", w.hf + "/sub/plan.json"}),
         {"plan file", "inside the source model"}},
        {"prune_save_plan_is_the_calibration_text", prune(w.hf, {"--save-plan", w.text}),
         {"plan file", "it is the calibration text", "text.txt"}},
        {"prune_save_plan_is_the_replayed_plan",
         {"prune", "--model", w.hf, "--plan", w.plan, "--save-plan", w.plan},
         {"plan file", "it is the plan being replayed", "plan.json"}},
        // --out
        {"prune_out_is_the_model_folder", prune(w.hf, {"--out", w.hf}), {"refusing to write the output", "it is the source model"}},
        {"prune_out_is_a_subfolder_of_the_model", prune(w.hf, {"--out", w.hf + "/pruned"}), {"output", "inside the source model"}},
        {"prune_out_gguf_is_the_model", prune(w.gguf, {"--out", w.gguf}), {"output", "it is the source model"}},
        {"prune_out_contains_the_model", prune(w.hf, {"--out", d}), {"output", "it contains"}},
        {"stream_out_is_the_model", stream(w.gguf, {"--out", w.gguf}), {"output", "it is the source model"}},
        // export (issue 21: an HF export into a subfolder of the source model's folder)
        {"export_hf_into_a_subfolder_of_the_model", {"export", "--model", w.hf, "--out", w.hf + "/export"},
         {"output", "inside the source model"}},
        {"export_over_the_replayed_plan", {"export", "--model", w.hf, "--plan", w.plan, "--out", w.plan},
         {"output", "it is the plan being replayed"}},
        {"export_relative_dotdot_to_the_model",
         {"export", "--model", w.gguf, "--out", w.hf + "/../model.gguf"}, {"output", "it is the source model"}},
        // --report and its chart files
        {"prune_report_is_the_text", prune(w.hf, {"--text", w.text, "--report", w.text}),
         {"refusing to write the report", "text.txt"}},
        {"prune_report_inside_the_model", prune(w.hf, {"--report", w.hf + "/r.md"}), {"report", "inside the source model"}},
        {"sweep_report_inside_the_model",
         {"sweep", "--model", w.hf, "--calib", w.text, "--criteria", "l1", "--ratios", "0.2", "--text", w.text,
          "--report", w.hf + "/sub/r.md"},
         {"report", "inside the source model"}},
        // recover
        {"recover_out_is_the_model", {"recover", "--model", w.hf, "--data", w.text, "--out", w.hf},
         {"output", "it is the source model"}},
        {"recover_save_merged_is_the_data",
         {"recover", "--model", w.hf, "--data", w.text, "--merge", "--save-merged", w.text},
         {"merged model", "it is the recovery data"}},
    };
}

class OutputIsASource : public ::testing::TestWithParam<size_t> {};

} // namespace

TEST_P(OutputIsASource, RefusedBeforeAnyWork) {
    const OutRow row = rows().at(GetParam());
    SCOPED_TRACE(row.name);
    expectRefused(row.args, 1, row.parts);
}

INSTANTIATE_TEST_SUITE_P(Cli, OutputIsASource, ::testing::Range<size_t>(0, 19),
                         [](const auto& info) { return rows().at(info.param).name; });

TEST(CliOutputs, RowCountMatches) { EXPECT_EQ(rows().size(), 19u); }

TEST(CliOutputs, APlanBesideAGgufModelIsWritten) {
    // x.gguf and its plan in one folder is the common case: allowed, and the model is untouched.
    CliWorld& w = world();
    ScratchDir s("beside");
    fs::copy_file(w.gguf, s / "model.gguf");
    const std::string before = readBytes(s / "model.gguf");
    const auto r = runCli({"prune", "--model", s / "model.gguf", "--criterion", "l1", "--width-ratio", "0.5",
                           "--layers", "0-1", "--calib", w.text, "--samples", "2", "--seq-len", "16", "--save-plan",
                           s / "plan.json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_regular_file(s.path() / "plan.json"));
    EXPECT_EQ(readBytes(s / "model.gguf"), before);
}

TEST(CliOutputs, SymlinkToTheModelIsRefused) {
    CliWorld& w = world();
    ScratchDir s("link");
    fs::create_symlink(w.gguf, s / "alias.gguf");
    expectRefused({"prune", "--model", w.gguf, "--criterion", "l1", "--width-ratio", "0.5", "--calib", w.text,
                   "--save-plan", s / "alias.gguf"},
                  1, {"plan file", "alias.gguf", "it is the source model"});
    EXPECT_TRUE(fs::is_symlink(s / "alias.gguf"));
}

TEST(CliOutputs, ReportChartFileThatIsTheTextIsRefused) {
    // --report R.md writes R-widths.svg beside it: a text by that name is a source too.
    CliWorld& w = world();
    ScratchDir s("chart");
    writeBytes(s / "r-widths.svg", readBytes(w.text));
    const Snapshot before = snapshot(s.path());
    const auto r = runCli({"prune", "--model", w.hf, "--criterion", "l1", "--width-ratio", "0.5", "--layers", "0-1",
                           "--calib", s / "r-widths.svg", "--samples", "2", "--seq-len", "16", "--report", s / "r.md"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("refusing to write the report chart"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("it is the calibration text"), std::string::npos) << r.err;
    EXPECT_EQ(snapshot(s.path()), before);
    EXPECT_EQ(readBytes(s / "r-widths.svg"), readBytes(w.text));
}

TEST(CliOutputs, StaleTemporaryOfADeadExportIsRemoved) {
    CliWorld& w = world();
    ScratchDir s("stale");
    const pid_t dead = fork();
    if (dead == 0) _exit(0);
    int st = 0;
    waitpid(dead, &st, 0);
    const std::string tmp = s / ("out.gguf.tmp-" + std::to_string(dead));
    const std::string live = s / ("out.gguf.tmp-" + std::to_string(getpid()));
    writeBytes(tmp, "half an export");
    writeBytes(live, "a live writer");
    const auto r = runCli({"export", "--model", w.hf, "--out", s / "out.gguf"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(tmp));
    EXPECT_TRUE(fs::exists(live));
    EXPECT_TRUE(fs::exists(s / "out.gguf"));
}

TEST(CliOutputs, RefusedNestedHfExportCreatesNoFolder) {
    // The source check runs first and nothing is created: no empty a/b/ left behind.
    CliWorld& w = world();
    expectRefused({"export", "--model", w.hf, "--out", w.hf + "/a/b/c"}, 1, {"inside the source model"});
    EXPECT_FALSE(fs::exists(w.hf + "/a"));
}
