// Every numeric option of every command, given a value out of its range, NaN, infinite, too
// large for its type or not a number: exit 2 with one line that names the option, the allowed
// range and the value given; nothing written. (issue 21: --iterative-steps 5000000000 used to
// become 705,032,704, --top-p nan was accepted, --drop-blocks -1 reported a width ratio.)
#include <gtest/gtest.h>

#include "tests/clitable/cli_fixture.h"

using namespace pbtest;

namespace {

struct OptRow {
    std::string command;
    std::string option;
    bool integer;
    std::vector<std::string> base;  // a command line that is valid without the option
};

std::vector<OptRow> table() {
    CliWorld& w = world();
    const std::vector<std::string> calib = {"--calib", w.text, "--samples", "2", "--seq-len", "16"};
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    const auto prune_w = with({"prune", "--model", w.hf, "--criterion", "l1", "--width-ratio", "0.5"}, calib);
    const auto prune_d = with({"prune", "--model", w.hf, "--criterion", "block_bi"}, calib);
    const auto score = with({"score", "--model", w.hf}, calib);
    const auto sweep =
        with({"sweep", "--model", w.hf, "--criteria", "l1", "--ratios", "0.2", "--text", w.text}, calib);
    const auto stream_w = with({"stream", "--model", w.gguf, "--work", "prune", "--criterion", "wanda_sp"}, calib);
    const auto stream_d = with({"stream", "--model", w.gguf, "--work", "prune", "--criterion", "block_bi"}, calib);
    const std::vector<std::string> ppl = {"ppl", "--model", w.hf, "--text", w.text};
    const std::vector<std::string> gen = {"generate", "--model", w.hf, "--prompt", "hi"};
    const std::vector<std::string> eval = {"eval", "--model", w.hf, "--tasks", "demo"};
    const std::vector<std::string> bench = {"bench", "--model", "shape:tiny"};
    const std::vector<std::string> rec = {"recover", "--model", w.hf, "--data", w.text};
    std::vector<OptRow> t;
    auto ints = [&](const std::string& cmd, const std::vector<std::string>& base, std::vector<std::string> opts) {
        for (const auto& o : opts) t.push_back({cmd, o, true, base});
    };
    auto reals = [&](const std::string& cmd, const std::vector<std::string>& base, std::vector<std::string> opts) {
        for (const auto& o : opts) t.push_back({cmd, o, false, base});
    };
    auto strip = [](std::vector<std::string> a, const std::string& opt) {  // drop "--opt VALUE" from a base
        for (size_t i = 0; i + 1 < a.size(); ++i)
            if (a[i] == "--" + opt) a.erase(a.begin() + long(i), a.begin() + long(i) + 2);
        return a;
    };
    ints("prune", strip(strip(prune_w, "samples"), "seq-len"), {"samples", "seq-len"});
    ints("prune", prune_w, {"seed", "batch", "sleb-steps", "round-to", "iterative-steps", "max-windows"});
    reals("prune", strip(prune_w, "width-ratio"), {"width-ratio"});
    reals("prune", strip(prune_w, "width-ratio"), {"target-params"});
    ints("prune", prune_d, {"drop-blocks"});
    ints("score", score, {"batch", "seed", "sleb-steps"});
    ints("sweep", sweep, {"batch", "seed", "max-windows"});
    reals("sweep", strip(sweep, "ratios"), {"ratios"});
    ints("ppl", ppl, {"seq-len", "max-windows", "batch"});
    ints("generate", gen, {"max-tokens", "top-k", "seed"});
    reals("generate", gen, {"temperature", "top-p"});
    ints("eval", eval, {"limit", "items", "batch"});
    ints("bench", bench, {"batch", "seq", "repeat", "warmup", "prompt", "micro-batch", "seed"});
    ints("recover", rec, {"rank", "steps", "micro-batch", "grad-accum", "seed", "cutoff", "val-size", "warmup",
                          "eval-every"});
    reals("recover", rec, {"alpha", "dropout", "lr", "epochs", "weight-decay"});
    ints("stream", stream_w, {"batch", "seq-len", "max-windows"});
    reals("stream", stream_w, {"width-ratio", "target-params"});
    ints("stream", stream_d, {"drop-blocks"});
    return t;
}

struct Case {
    size_t row;
    std::string value;
};

std::vector<Case> cases() {
    // Every option: above its range (5000000000; for the 64-bit --seed a number beyond long long)
    // and below it (-1) for integers, NaN and infinity for reals. The parsing itself is shared
    // (Args::getInt / getDouble), so the other malformed forms go through one option each.
    std::vector<Case> c;
    const auto t = table();
    for (size_t i = 0; i < t.size(); ++i) {
        const bool seed = t[i].option == "seed";
        const std::vector<std::string> ints = {seed ? "99999999999999999999" : "5000000000", "-1"};
        const std::vector<std::string> reals = {"nan", "inf"};
        for (const auto& v : t[i].integer ? ints : reals) c.push_back({i, v});
        const bool int_probe = t[i].command == "prune" && t[i].option == "iterative-steps";
        const bool real_probe = t[i].command == "generate" && t[i].option == "top-p";
        if (int_probe)
            for (const char* v : {"99999999999999999999", "nan", "3x", "1e3", " 5", "+"}) c.push_back({i, v});
        if (real_probe)
            for (const char* v : {"-1", "-inf", "1e400", "5000000000", "0.5.5", ""}) c.push_back({i, v});
    }
    return c;
}

std::string caseName(size_t i) {
    const Case c = cases().at(i);
    const OptRow r = table().at(c.row);
    std::string v = c.value.empty() ? "empty" : "";
    for (char ch : c.value) v += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    std::string o;
    for (char ch : r.option) o += ch == '-' ? '_' : ch;
    return r.command + "_" + o + "_" + v;
}

class BadOptionValue : public ::testing::TestWithParam<size_t> {};

} // namespace

TEST_P(BadOptionValue, IsAUsageErrorNamingOptionAndRange) {
    const Case c = cases().at(GetParam());
    const OptRow r = table().at(c.row);
    std::vector<std::string> args = r.base;
    args.push_back("--" + r.option);
    args.push_back(c.value);
    expectRefused(args, 2, {"option '--" + r.option + "' must be", r.integer ? "an integer" : "a number",
                            "got '" + c.value + "'"});
}

INSTANTIATE_TEST_SUITE_P(Cli, BadOptionValue, ::testing::Range<size_t>(0, cases().size()),
                         [](const auto& info) { return caseName(info.param); });

TEST(CliOptions, IterativeStepsBoundSaysWhy) {
    CliWorld& w = world();
    expectRefused({"prune", "--model", w.hf, "--criterion", "l1", "--width-ratio", "0.5", "--calib", w.text,
                   "--iterative-steps", "100000"},
                  2, {"'--iterative-steps' must be an integer from 1 to 100", "re-scores the whole model", "100000"});
}

TEST(CliOptions, DropBlocksRangeNamesTheModelsBlocks) {
    CliWorld& w = world();
    expectRefused({"prune", "--model", w.hf, "--criterion", "block_bi", "--calib", w.text, "--drop-blocks", "-1"},
                  2, {"'--drop-blocks' must be an integer from 1 to 1", "the model has 2 blocks"});
}

TEST(CliOptions, IterativeStepsProgressSaysWhichStep) {
    CliWorld& w = world();
    ScratchDir s("steps");
    const auto r = runCli({"prune", "--model", w.hf, "--criterion", "taylor_element1", "--width-ratio", "0.5",
                           "--layers", "0-1", "--calib", w.text, "--samples", "2", "--seq-len", "16",
                           "--iterative-steps", "2", "--save-plan", s / "p.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("step 1 of 2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("step 2 of 2:"), std::string::npos) << r.err;
}
