// --target-params with a depth criterion (prune, stream): a budget that means dropping no block
// (every block alone removes at least twice the fraction) is refused before any scoring, with the
// line that names the option, the block count it means and the allowed range; a budget meaning
// every block is refused after scoring with the same line. Exit 2, nothing written.
#include <gtest/gtest.h>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

namespace {

struct Row {
    std::vector<std::string> args;
    std::vector<std::string> parts;  // in stderr
};

std::vector<Row> rows() {
    CliWorld& w = world();
    const std::vector<std::string> calib = {"--calib", w.text, "--samples", "2", "--seq-len", "16"};
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    // tiny_llama: 2 blocks, each about a quarter of the parameters.
    const std::string none = "means dropping 0 blocks; it must be from 1 to 1 (the model has 2 blocks";
    const std::string all = "means dropping 2 blocks; it must be from 1 to 1";
    const auto prune = with({"prune", "--model", w.hf, "--criterion", "block_bi"}, calib);
    const auto stream = with({"stream", "--model", w.gguf, "--work", "prune", "--criterion", "block_bi"}, calib);
    return {
        {with(prune, {"--target-params", "0.05"}), {"--target-params 0.05", none}},
        {with(stream, {"--target-params", "0.05"}), {"--target-params 0.05", none}},
        // Before scoring: the calibration text is read only to score, so a missing one is not
        // what the refusal names.
        {with({"prune", "--model", w.hf, "--criterion", "block_bi", "--calib", w.dir / "no_such_text.txt",
               "--target-params", "0.01"}, {}),
         {"--target-params 0.01", none}},
        {with(prune, {"--target-params", "0.9"}), {"--target-params 0.9", all}},
        {with(stream, {"--target-params", "0.9"}), {"--target-params 0.9", all}},
    };
}

} // namespace

TEST(DepthTargetCli, BudgetMeaningNoBlockIsRefusedBeforeScoring) {
    for (const Row& r : rows()) expectRefused(r.args, 2, r.parts);
}
