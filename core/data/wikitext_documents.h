#pragma once
// lm-evaluation-harness's `wikitext` task reads whole articles (EleutherAI/wikitext_document_level,
// wikitext-2-raw-v1, test: one row {"page": ...} per article), not LLM-Pruner's lines joined by
// blank lines (formats.md §6.1). Here the articles come from the user's files. Torch-free.
//
// Documents:
//  - JSON / JSONL rows with "page" (that dataset's rows, e.g. its parquet converted with pandas):
//    the pages as they are (this is the exact input lm-eval reads);
//  - wiki.*.raw / wiki.*.tokens (or their folder): the file's text (universal newlines) split at
//    "\n"; a line is a top-level heading when, with "= = =" -> "===" and "= =" -> "==" replaced
//    and stripped, it starts with "= " and ends with " ="; each article is its heading line and
//    every line up to the next heading, joined with "\n"; white space before the first heading
//    is dropped. This is our reading of the dataset's builder script (not checked against it
//    byte for byte here): compare with its rows when that matters;
//  - JSON rows {"text": ...} of the line-level wikitext: the lines are rebuilt from the rows
//    (a row "" was a blank line and comes back as " ", the form wiki.*.raw has), then as above.
// Then per article (lm-eval lm_eval/tasks/wikitext/preprocess_wikitext.py):
//  - the request string is wikitext_detokenizer(page); the metrics count the ORIGINAL page:
//    words = len(re.split(r"\s+", page)), bytes = its UTF-8 length.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pb {

struct WikitextDocuments {
    std::vector<std::string> pages;  // the original articles
    std::string source;              // "page rows", "raw lines" or "text rows (lines rebuilt)"
    std::filesystem::path file;
};

// From a wikitext2: PATH (file, folder or JSON rows, as core/data/benchmark_text.h). Throws pb::Error.
WikitextDocuments loadWikitextDocuments(const std::filesystem::path& path);
// The articles of a raw file's text (tests).
std::vector<std::string> splitWikitextArticles(const std::string& text);

// lm-eval's wikitext_detokenizer (the-pile's rules: " @-@ " -> "-", " , " -> ", ", brackets and
// quotes tightened, "= = =" -> "===", " N " -> " 1 ", " 's" -> "'s", ...). \s in its regexes is
// ASCII white space here (Python's is Unicode's).
std::string wikitextDetokenize(const std::string& page);
// len(re.split(r"\s+", page)) with Python's Unicode \s.
int64_t pySplitWordCount(const std::string& page);

} // namespace pb
