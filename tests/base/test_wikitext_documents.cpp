// lm-eval's wikitext documents from the user's files (core/data/wikitext_documents.h): articles
// split at top-level headings, the detokenizer, the word count. Expected values were computed by
// Python running the rules (the document builder's loop as we read it; lm-eval's
// wikitext_detokenizer; len(re.split(r"\s+", page)); len(page.encode())) on the same inputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/data/wikitext_documents.h"
#include "core/util/error.h"

namespace {
std::string fx(const std::string& f) { return std::string(PB_FIXTURE_DIR) + "/benchmark/" + f; }

const std::string kPage1 =
    " = Robin Hale = \n \n Robin Hale is a fictional sailor who appears in a 1902 novel . The first edition ran to 1 @,@ "
    "200 copies . \n \n = = Early life = = \n \n Hale was born in a small harbour town on the north @-@ east coast , and "
    "went to sea at 14 . \n ";
const std::string kPage2 = " = Marsh Tern = \n \n The marsh tern is a bird of the fens ; it weighs 3 @.@ 5 ounces . \n \n";
} // namespace

TEST(WikitextDocuments, ArticlesSplitAtTopLevelHeadings) {
    const auto d = pb::loadWikitextDocuments(fx("wikitext-2-raw"));
    EXPECT_EQ(d.source, "raw lines");
    ASSERT_EQ(d.pages.size(), 2u);
    EXPECT_EQ(d.pages[0], kPage1);
    EXPECT_EQ(d.pages[1], kPage2);
    EXPECT_EQ(pb::pySplitWordCount(d.pages[0]), 57);
    EXPECT_EQ(pb::pySplitWordCount(d.pages[1]), 23);
    EXPECT_EQ(d.pages[0].size(), 248u);
    EXPECT_EQ(d.pages[1].size(), 89u);
}

TEST(WikitextDocuments, PageRowsAndLineRows) {
    const std::string page_rows = R"({"rows": [{"row": {"page": " = A = \n x . \n"}}, {"row": {"page": " = B = \n y \n"}}]})";
    const auto dir = std::filesystem::temp_directory_path() / "pb_wikitext_docs_test";
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "pages.json") << page_rows;
    }
    const auto d = pb::loadWikitextDocuments(dir / "pages.json");
    EXPECT_EQ(d.source, "page rows");
    ASSERT_EQ(d.pages.size(), 2u);
    EXPECT_EQ(d.pages[1], " = B = \n y \n");
    // line rows: "" comes back as the blank line " "
    const auto l = pb::loadWikitextDocuments(fx("wikitext_rows.jsonl"));
    EXPECT_EQ(l.source, "text rows (lines rebuilt)");
    ASSERT_EQ(l.pages.size(), 1u);
    EXPECT_EQ(l.pages[0], " = Robin Hale = \n \n Robin Hale is a sailor . \n");
    std::filesystem::remove_all(dir);
}

TEST(WikitextDocuments, DetokenizerAsLmEval) {
    EXPECT_EQ(pb::wikitextDetokenize(" = = Early life = = \n The ship ( a brig ) sailed on 3 @.@ 5 knots , N miles ; \" quoted "
                                     "text \" and the captain 's log . Done ! "),
              " == Early life ==\nThe ship (a brig) sailed on 3.5 knots, 1 miles; \"quoted text\" and the captain's log. Done! ");
    EXPECT_EQ(pb::wikitextDetokenize(kPage1),
              " = Robin Hale =\n\nRobin Hale is a fictional sailor who appears in a 1902 novel. The first edition ran to 1,200 "
              "copies.\n\n== Early life ==\n\nHale was born in a small harbour town on the north-east coast, and went to sea at 14.\n");
    EXPECT_EQ(pb::pySplitWordCount(""), 1);
    EXPECT_EQ(pb::pySplitWordCount(" a  b\xc2\xa0" "c "), 5);  // ['', 'a', 'b', 'c', '']
}

TEST(WikitextDocuments, FuzzNumberOverflowIsAnError) {
    // fuzz_benchmark_text: the page reader saw nlohmann's out_of_range (number overflow) as well
    const auto dir = std::filesystem::temp_directory_path() / "pb_wikitext_docs_overflow";
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "rows.jsonl") << "{\"page\": \" = A = \\n x\"}\n{\"page\": 88888800000052e01486090}\n";
    }
    try {
        (void)pb::loadWikitextDocuments(dir / "rows.jsonl");
        ADD_FAILURE() << "no error";
    } catch (const pb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("rows.jsonl"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}
