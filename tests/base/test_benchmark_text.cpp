// WikiText-2 and PTB from the user's files (core/data/benchmark_text.h): the rows the Hugging
// Face builders make, joined with "\n\n" as LLM-Pruner does. The expected texts were computed by
// Python running the builders' own loops over the fixtures (open(p, encoding="utf-8"); wikitext:
// row if row.strip() else ""; ptb_text_only: line.strip()), not by this code.
#include <gtest/gtest.h>

#include <string>

#include "core/data/assets.h"
#include "core/data/benchmark_text.h"
#include "core/util/error.h"

namespace {

using pb::BenchmarkKind;

std::string fx(const std::string& f) { return std::string(PB_FIXTURE_DIR) + "/benchmark/" + f; }

const std::string kWikiJoined =
    "\n\n = Robin Hale = \n\n\n\n\n Robin Hale is a fictional sailor who appears in a 1902 novel . The first edition ran "
    "to 1 @,@ 200 copies . \n\n\n\n\n = = Early life = = \n\n\n\n\n Hale was born in a small harbour town on the north "
    "@-@ east coast , and went to sea at 14 . \n\n\n\n\n = Marsh Tern = \n\n\n\n\n The marsh tern is a bird of the fens "
    "; it weighs 3 @.@ 5 ounces . \n\n\n";
const std::string kPtbJoined =
    "aer banknote berlitz calloway centrust cluett fromstein gitano\n\npierre <unk> N years old will join the board as a "
    "nonexecutive director nov. N\n\nmr. <unk> is chairman of <unk> n.v. the dutch publishing group";

std::string message(const std::function<void()>& f) {
    try {
        f();
    } catch (const pb::Error& e) {
        return e.what();
    }
    return "(no error)";
}

bool has(const std::string& s, const std::string& w) { return s.find(w) != std::string::npos; }

} // namespace

TEST(BenchmarkText, WikitextRawRowsJoinedAsLlmPruner) {
    const auto b = pb::loadBenchmarkText(BenchmarkKind::Wikitext2, fx("wikitext-2-raw/wiki.test.raw"));
    EXPECT_EQ(b.text, kWikiJoined);
    EXPECT_EQ(b.text.size(), 350u);
    EXPECT_EQ(b.rows.size(), 13u);
    EXPECT_EQ(b.dataset, "wikitext-2-raw-v1");
    EXPECT_EQ(b.split, "test");
    EXPECT_EQ(b.format, "raw lines");
    EXPECT_EQ(pb::describeBenchmark(b), "WikiText-2 (wikitext-2-raw-v1, test split): 13 rows (raw lines) of wiki.test.raw, "
                                        "joined by blank lines");
    // The folder (and the folder above the zip's wikitext-2-raw/) finds wiki.test.raw before wiki.test.tokens.
    EXPECT_EQ(pb::loadBenchmarkText(BenchmarkKind::Wikitext2, fx("wikitext-2-raw")).text, kWikiJoined);
    EXPECT_EQ(pb::loadBenchmarkText(BenchmarkKind::Wikitext2, fx("")).file.filename(), "wiki.test.raw");
    // Through the text specs every command reads.
    EXPECT_EQ(pb::assets::loadText("wikitext2:" + fx("wikitext-2-raw")), kWikiJoined);
    EXPECT_EQ(pb::assets::textSourcePath("wikitext2:" + fx("wikitext-2-raw")), fx("wikitext-2-raw"));
    const auto valid = pb::loadBenchmarkText(BenchmarkKind::Wikitext2, fx("wikitext-2-raw/wiki.valid.raw"));
    EXPECT_EQ(valid.split, "validation");
    EXPECT_TRUE(has(pb::describeBenchmark(valid), "LLM-Pruner reports the test split")) << pb::describeBenchmark(valid);
}

TEST(BenchmarkText, WikitextTokensVariant) {
    const auto b = pb::loadBenchmarkText(BenchmarkKind::Wikitext2, fx("wiki.test.tokens"));
    EXPECT_EQ(b.dataset, "wikitext-2-v1");
    std::string expected = kWikiJoined;
    expected.replace(expected.find("Robin Hale is a fictional"), 5, "<unk>");
    expected.replace(expected.find("fens"), 4, "<unk>");
    EXPECT_EQ(b.text, expected);
}

TEST(BenchmarkText, PtbRowsStrippedAndJoined) {
    const auto b = pb::loadBenchmarkText(BenchmarkKind::Ptb, fx("simple-examples"));  // -> data/ptb.valid.txt
    EXPECT_EQ(b.file.filename(), "ptb.valid.txt");
    EXPECT_EQ(b.split, "validation");
    EXPECT_EQ(b.dataset, "ptb_text_only");
    EXPECT_EQ(b.text, kPtbJoined);
    EXPECT_EQ(pb::assets::loadText("ptb:" + fx("simple-examples/data/ptb.valid.txt")), kPtbJoined);
    const auto test = pb::loadBenchmarkText(BenchmarkKind::Ptb, fx("simple-examples/data/ptb.test.txt"));
    EXPECT_EQ(test.text, "no it was n't black monday\n\nbut while the new york stock exchange did n't fall apart");
    EXPECT_TRUE(has(pb::describeBenchmark(test), "LLM-Pruner reports the validation split"));
}

TEST(BenchmarkText, PythonLinesStripAndNewlines) {
    // "\r\n" and "\r" read as "\n"; U+00A0 and U+3000 are white space to str.strip().
    EXPECT_EQ(pb::parseBenchmarkText(BenchmarkKind::Wikitext2, " = A = \r\n\xc2\xa0\r\n x\r y\n\xe3\x80\x80", "wiki.test.raw").text,
              " = A = \n\n\n\n\n x\n\n\n y\n\n\n");
    EXPECT_EQ(pb::parseBenchmarkText(BenchmarkKind::Ptb, " a b \r\n\xc2\xa0" "c\xe2\x80\x83\n\n d", "ptb.test.txt").text,
              "a b\n\nc\n\n\n\nd");
    EXPECT_EQ(pb::pyStrip("\xe2\x80\x83 x y\t\xc2\x85"), "x y");
    EXPECT_EQ(pb::pyStrip("\xef\xbb\xbfx"), "\xef\xbb\xbfx");  // U+FEFF is no white space to Python
}

TEST(BenchmarkText, JsonRowsInEveryForm) {
    const std::string expected = "\n\n = Robin Hale = \n\n\n\n\n Robin Hale is a sailor . \n";  // "\n\n".join(rows)
    for (const char* f : {"wikitext_rows.jsonl", "wikitext_rows_server.json"}) {
        const auto b = pb::loadBenchmarkText(BenchmarkKind::Wikitext2, fx(f));
        EXPECT_EQ(b.text, expected) << f;
        EXPECT_EQ(b.format, "JSON rows") << f;
        EXPECT_EQ(b.rows.size(), 4u) << f;
    }
    EXPECT_EQ(pb::loadBenchmarkText(BenchmarkKind::Ptb, fx("ptb_rows.json")).text, "aer banknote berlitz\n\npierre <unk> N years old");
    EXPECT_EQ(pb::parseBenchmarkText(BenchmarkKind::Ptb, R"({"data": [{"sentence": "a"}, {"sentence": "b"}]})", "x.json").text, "a\n\nb");
}

TEST(BenchmarkText, ClearErrors) {
    // the wrong kind
    EXPECT_TRUE(has(message([] { pb::loadBenchmarkText(BenchmarkKind::Wikitext2, fx("simple-examples/data/ptb.valid.txt")); }),
                    "is a Penn Treebank file by its name: use ptb:"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Wikitext2, " aer <unk> banknote \n", "mine.txt"); }),
                    "no ' = Title = ' heading line"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Wikitext2, " aer <unk> banknote \n", "mine.txt"); }),
                    "Penn Treebank? use ptb:mine.txt"));
    EXPECT_TRUE(has(message([] { pb::loadBenchmarkText(BenchmarkKind::Ptb, fx("wikitext-2-raw/wiki.test.raw")); }),
                    "is a WikiText file by its name: use wikitext2:"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Ptb, " = T = \n a b \n", "mine.txt"); }),
                    "heading lines: use wikitext2:mine.txt"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Ptb, " The Board met in N \n", "mine.txt"); }),
                    "2 upper-case letters other than N"));
    EXPECT_TRUE(has(message([] { pb::loadBenchmarkText(BenchmarkKind::Wikitext2, fx("ptb_rows.json")); }),
                    "has no string field \"text\" (it has: sentence): these are Penn Treebank rows, use ptb:"));
    EXPECT_TRUE(has(message([] { pb::loadBenchmarkText(BenchmarkKind::Ptb, fx("wikitext_rows.jsonl")); }),
                    "these look like WikiText rows, use wikitext2:"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Wikitext2, R"({"page": "x"})", "doc.json"); }),
                    "wikitext_document_level"));
    // archives, parquet, binary, empty, missing
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Wikitext2, std::string("PK\x03\x04zzzz", 8), "wikitext-2-raw-v1.zip"); }),
                    "is a zip archive: unpack it first (unzip wikitext-2-raw-v1.zip"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Ptb, std::string("\x1f\x8b\x08\x00", 4), "simple-examples.tgz"); }),
                    "tar xzf simple-examples.tgz"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Wikitext2, "PAR1\x15\x04", "test-00000-of-00001.parquet"); }),
                    "to_json('wiki.test.jsonl', orient='records', lines=True)"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Wikitext2, std::string("a\0b", 3), "wiki.test.raw"); }),
                    "is binary"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Wikitext2, " \n \n", "wiki.test.raw"); }), "is empty"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Ptb, "", "ptb.test.txt"); }), "is empty"));
    EXPECT_TRUE(has(message([] { pb::loadBenchmarkText(BenchmarkKind::Ptb, fx("wikitext-2-raw")); }),
                    "holds no ptb.valid.txt"));
    EXPECT_TRUE(has(message([] { pb::loadBenchmarkText(BenchmarkKind::Ptb, fx("absent.txt")); }), "does not exist"));
    EXPECT_TRUE(has(message([] { pb::assets::loadText("ptb:"); }), "names no file"));
}

TEST(BenchmarkText, DetectsTheKind) {
    EXPECT_EQ(pb::detectBenchmarkKind(fx("wikitext-2-raw/wiki.test.raw")), BenchmarkKind::Wikitext2);
    EXPECT_EQ(pb::detectBenchmarkKind(fx("wiki.test.tokens")), BenchmarkKind::Wikitext2);
    EXPECT_EQ(pb::detectBenchmarkKind(fx("wikitext-2-raw")), BenchmarkKind::Wikitext2);
    EXPECT_EQ(pb::detectBenchmarkKind(fx("simple-examples")), BenchmarkKind::Ptb);
    EXPECT_EQ(pb::detectBenchmarkKind(fx("simple-examples/data/ptb.test.txt")), BenchmarkKind::Ptb);
    EXPECT_EQ(pb::detectBenchmarkKind(fx("wikitext_rows_server.json")), BenchmarkKind::Wikitext2);
    EXPECT_EQ(pb::detectBenchmarkKind(fx("ptb_rows.json")), BenchmarkKind::Ptb);
    EXPECT_EQ(pb::detectBenchmarkKind(std::string(PB_FIXTURE_DIR) + "/zeroshot"), std::nullopt);
    EXPECT_EQ(pb::detectBenchmarkKind(fx("absent.raw")), std::nullopt);
}

TEST(BenchmarkText, FuzzNumberOverflowIsAFormatError) {
    // fuzz_benchmark_text (CI, 2026-12-04): a number too large for a double in a JSONL row threw
    // nlohmann's out_of_range (406) past the parse_error handler: the process aborted.
    const std::string jsonl = "{\"text\": \"a\"}\n{\"text\": 88888800000052e01486090}\n";
    const std::string m = message([&] { pb::parseBenchmarkText(BenchmarkKind::Wikitext2, jsonl, "rows.jsonl"); });
    EXPECT_TRUE(has(m, "is neither JSON nor JSONL (line 2")) << m;
    EXPECT_TRUE(has(m, "number overflow")) << m;
    // the same as one JSON document, and nesting too deep for the reader's limit
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Ptb, "[{\"sentence\": 1e99999}]", "rows.json"); }),
                    "is neither JSON nor JSONL"));
    EXPECT_TRUE(has(message([] { pb::parseBenchmarkText(BenchmarkKind::Ptb, std::string(100, '[') + std::string(100, ']'), "rows.json"); }),
                    "nested deeper than"));
}
