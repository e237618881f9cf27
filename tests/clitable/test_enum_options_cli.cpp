// Criterion, aggregation and attention-unit options: a bad name is one usage error (exit 2)
// naming the option and listing the allowed names from core's catalogue, and writes
// nothing; the help texts and `prunebench-cli --help` list the catalogue.
#include <gtest/gtest.h>

#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

namespace {

struct Row {
    std::vector<std::string> args;  // after the command and its model
    std::vector<std::string> parts;
};

} // namespace

TEST(EnumOptionsCli, BadNamesAreRefusedListingTheAllowedOnes) {
    CliWorld& w = world();
    const std::string widths = pb::criterionList(false), blocks = pb::criterionList(true);
    const std::vector<std::pair<std::string, Row>> rows = {
        {"score", {{"--calib", w.text, "--criterion", "l3"},
                   {"option '--criterion' is 'l3'", widths + " (width); " + blocks + " (depth)"}}},
        {"score", {{"--calib", w.text, "--aggregation", "median"},
                   {"option '--aggregation' is 'median', use one of: sum, mean, max, prod, last"}}},
        {"prune", {{"--calib", w.text, "--width-ratio", "0.25", "--attention-unit", "kv"},
                   {"option '--attention-unit' is 'kv', use one of: group, head"}}},
        {"sweep", {{"--calib", w.text, "--criteria", "l1,xx", "--ratios", "0.1"}, {"option '--criteria' is 'xx'"}}},
        {"bench", {{"--work", "score", "--criterion", "block_bi"},
                   {"option '--criterion' is 'block_bi', use one of: " + widths + " (width)"}}},
        {"stream", {{"--work", "score", "--calib", w.text, "--criterion", "l1"},
                    {"criterion 'l1' is not streamed (use one of: taylor_vector, taylor_vector_slice, taylor_element1, taylor_element2, "
                     "taylor_mix, fusion, wanda_sp, flap (width); block_taylor, block_ppl, block_bi (depth))"}}},
        {"compare", {{"--calib", w.text, "--width-ratio", "0.25", "--block-criterion", "l1"},
                     {"option '--block-criterion' is 'l1', use one of: " + blocks + " (depth)"}}},
    };
    for (const auto& [command, row] : rows) {
        SCOPED_TRACE(command);
        std::vector<std::string> args = {command, "--model", command == "bench" ? "shape:tiny" : command == "stream" ? w.gguf : w.hf};
        args.insert(args.end(), row.args.begin(), row.args.end());
        expectRefused(args, 2, row.parts);
    }
}

TEST(EnumOptionsCli, HelpListsTheCatalogue) {
    const auto top = runCli({"--help"});
    EXPECT_EQ(top.exit_code, 0);
    for (const pb::CriterionInfo& c : pb::criteria()) {
        EXPECT_NE(top.out.find("  " + c.name + " "), std::string::npos) << c.name;
        EXPECT_NE(top.out.find(c.label), std::string::npos) << c.label;
    }
    const auto score = runCli({"score", "--help"});
    EXPECT_NE(score.out.find("(default " + pb::criterionName(pb::defaults::kWidthCriterion) + ")"), std::string::npos)
        << score.out;
    EXPECT_NE(score.out.find("sum (default), mean, max, prod, last"), std::string::npos) << score.out;
    const auto stream = runCli({"stream", "--help"});
    EXPECT_NE(stream.out.find("width: taylor_vector, taylor_vector_slice, taylor_element1, taylor_element2, taylor_mix, fusion, wanda_sp, "
                              "flap; depth: block_taylor, block_ppl, block_bi (default wanda_sp)"), std::string::npos)
        << stream.out;
    const auto recover = runCli({"recover", "--help"});
    EXPECT_NE(recover.out.find("peak learning rate (default 0.0001)"), std::string::npos) << recover.out;
}
