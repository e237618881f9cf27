// Issue 19 item 3 through prunebench-cli on the tiny model: eval --harness (the mode and the
// average with its rule in the table and in --json, an unknown mode refused), ppl on WikiText-2 /
// PTB from the user's files (wikitext2:PATH, ptb:PATH: the dataset said, the wrong kind refused)
// and ppl --harness lm-eval (lm-eval's document-level wikitext metrics).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

#include "tests/clitable/cli_fixture.h"

using pbtest::runCli;
using pbtest::world;

namespace {
bool has(const std::string& s, const std::string& w) { return s.find(w) != std::string::npos; }
std::string fx(const std::string& f) { return std::string(PB_FIXTURE_DIR) + "/" + f; }
} // namespace

TEST(BenchmarksCli, EvalStatesTheHarnessAndItsAverage) {
    auto& w = world();
    const std::string tasks = "boolq=" + fx("zeroshot/boolq.jsonl") + ",hellaswag=" + fx("zeroshot/hellaswag.jsonl");
    const auto text = runCli({"eval", "--model", w.hf, "--tasks", tasks, "--harness", "llm-pruner"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_TRUE(has(text.out, "harness llm-pruner: LLM-Pruner's harness")) << text.out;
    EXPECT_TRUE(has(text.out, "plain mean over 2 tasks (LLM-Pruner's choice: acc for boolq; acc_norm for hellaswag)")) << text.out;

    for (const std::string h : {"lm-eval", "lm-eval-0.4.8", "llm-pruner"}) {
        const auto run = runCli({"eval", "--model", w.hf, "--tasks", tasks, "--harness", h, "--json"});
        ASSERT_EQ(run.exit_code, 0) << run.err;
        const auto j = nlohmann::json::parse(run.out);
        EXPECT_EQ(j["harness"], h);
        const auto& t = j["tasks"];
        ASSERT_EQ(t.size(), 2u);
        const double n0 = t[0]["n"].get<double>(), n1 = t[1]["n"].get<double>();
        const double expected = h == "llm-pruner" ? (t[0]["acc"].get<double>() + t[1]["acc_norm"].get<double>()) / 2.0
                                                  : (n0 * t[0]["acc"].get<double>() + n1 * t[1]["acc"].get<double>()) / (n0 + n1);
        EXPECT_NEAR(j["average"]["value"].get<double>(), expected, 1e-12) << h;
        EXPECT_EQ(j["average"]["parts"][1]["metric"], h == "llm-pruner" ? "acc_norm" : "acc") << h;
    }
    pbtest::expectRefused({"eval", "--model", w.hf, "--tasks", tasks, "--harness", "lm-eval-0.3"}, 2,
                          {"--harness", "lm-eval, lm-eval-0.4.8, llm-pruner"});
}

TEST(BenchmarksCli, PerplexityOnWikitextAndPtbFiles) {
    auto& w = world();
    const auto run = runCli({"ppl", "--model", w.hf, "--text", "wikitext2:" + fx("benchmark/wikitext-2-raw"), "--seq-len", "16",
                             "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["dataset"]["hf_dataset"], "wikitext-2-raw-v1");
    EXPECT_EQ(j["dataset"]["split"], "test");
    EXPECT_EQ(j["dataset"]["rows"], 13);
    EXPECT_GT(j["windows"].get<int>(), 0);
    // the same text written out as a plain file gives the same perplexity
    pbtest::ScratchDir dir("bench_ppl");
    pbtest::writeBytes(dir / "joined.txt",
                       "\n\n = Robin Hale = \n\n\n\n\n Robin Hale is a fictional sailor who appears in a 1902 novel . The first "
                       "edition ran to 1 @,@ 200 copies . \n\n\n\n\n = = Early life = = \n\n\n\n\n Hale was born in a small "
                       "harbour town on the north @-@ east coast , and went to sea at 14 . \n\n\n\n\n = Marsh Tern = \n\n\n\n\n "
                       "The marsh tern is a bird of the fens ; it weighs 3 @.@ 5 ounces . \n\n\n");
    const auto plain = runCli({"ppl", "--model", w.hf, "--text", dir / "joined.txt", "--seq-len", "16", "--json"});
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_DOUBLE_EQ(nlohmann::json::parse(plain.out)["ppl"].get<double>(), j["ppl"].get<double>());

    const auto ptb = runCli({"ppl", "--model", w.hf, "--text", "ptb:" + fx("benchmark/simple-examples"), "--seq-len", "8"});
    ASSERT_EQ(ptb.exit_code, 0) << ptb.err;
    EXPECT_TRUE(has(ptb.out, "Penn Treebank (ptb_text_only, validation split): 3 rows (raw lines) of ptb.valid.txt")) << ptb.out;
    // a plain path that is a benchmark file: read as it is, with a note
    const auto note = runCli({"ppl", "--model", w.hf, "--text", fx("benchmark/wikitext-2-raw/wiki.test.raw"), "--seq-len", "16"});
    ASSERT_EQ(note.exit_code, 0) << note.err;
    EXPECT_TRUE(has(note.err, "is read as plain text; --text wikitext2:")) << note.err;

    pbtest::expectRefused({"ppl", "--model", w.hf, "--text", "ptb:" + fx("benchmark/wikitext-2-raw/wiki.test.raw")}, 1,
                          {"is a WikiText file by its name: use wikitext2:"});
    pbtest::expectRefused({"ppl", "--model", w.hf, "--text", "wikitext2:" + fx("benchmark/ptb_rows.json")}, 1,
                          {"these are Penn Treebank rows, use ptb:"});
}

TEST(BenchmarksCli, LmEvalWikitextMetrics) {
    auto& w = world();
    const auto run = runCli({"ppl", "--model", w.hf, "--text", "wikitext2:" + fx("benchmark/wikitext-2-raw/wiki.test.raw"),
                             "--harness", "lm-eval", "--max-length", "32", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["documents"], 2);
    EXPECT_EQ(j["words"], 57 + 23);  // len(re.split(r"\s+", page)) of the two articles
    EXPECT_EQ(j["bytes"], 248 + 89);
    const double ll = j["loglikelihood"].get<double>();
    EXPECT_NEAR(j["word_perplexity"].get<double>(), std::exp(-ll / 80.0), 1e-6 * j["word_perplexity"].get<double>());
    EXPECT_NEAR(j["bits_per_byte"].get<double>(), -ll / 337.0 / std::log(2.0), 1e-9);
    pbtest::expectRefused({"ppl", "--model", w.hf, "--text", w.text, "--harness", "lm-eval"}, 2, {"wikitext2:PATH"});
}
