#include "core/data/benchmark_text.h"

#include <algorithm>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/data/json_rows.h"
#include "core/data/text_files.h"
#include "core/util/error.h"
#include "core/util/input_path.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace pb {

namespace {

const char* kParquetHint =
    "the Hub's parquet files are not read: convert one to JSONL first, e.g. python3 -c \"import pandas as p; "
    "p.read_parquet('test-00000-of-00001.parquet').to_json('wiki.test.jsonl', orient='records', lines=True)\"";

std::string head(BenchmarkKind kind, const fs::path& file) {
    return benchmarkTitle(kind) + " file '" + file.string() + "'";
}

std::string otherSpec(BenchmarkKind kind, const fs::path& file) {
    return benchmarkSpec(kind == BenchmarkKind::Wikitext2 ? BenchmarkKind::Ptb : BenchmarkKind::Wikitext2, file);
}

// Code point at s[i] (valid UTF-8 assumed, as checkTextBytes made sure) and its length.
char32_t codePoint(const std::string& s, size_t i, size_t* len) {
    const auto b = [&](size_t k) { return char32_t(static_cast<unsigned char>(s[k])); };
    const char32_t c = b(i);
    if (c < 0x80 || i + 1 >= s.size()) return *len = 1, c;
    if (c < 0xE0) return *len = 2, ((c & 0x1F) << 6) | (b(i + 1) & 0x3F);
    if (c < 0xF0 && i + 2 < s.size()) return *len = 3, ((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    if (i + 3 < s.size())
        return *len = 4, ((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) | (b(i + 3) & 0x3F);
    return *len = 1, c;
}

// Python's str.isspace() (Unicode White_Space plus the ASCII separators \x1c-\x1f).
bool pySpace(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Python's text mode with newline=None: "\r\n" and "\r" read as "\n".
std::string universalNewlines(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\r') {
            out += s[i];
            continue;
        }
        out += '\n';
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    }
    return out;
}

// for line in f: each line with its "\n" (the last one maybe without).
std::vector<std::string> pyLines(const std::string& text) {
    const std::string t = universalNewlines(text);
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < t.size()) {
        const size_t nl = t.find('\n', start);
        const size_t end = nl == std::string::npos ? t.size() : nl + 1;
        lines.push_back(t.substr(start, end - start));
        start = end;
    }
    return lines;
}

std::string join(const std::vector<std::string>& rows) {
    size_t n = 0;
    for (const auto& r : rows) n += r.size() + 2;
    std::string out;
    out.reserve(n);
    for (size_t i = 0; i < rows.size(); ++i) {
        if (i) out += "\n\n";
        out += rows[i];
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// "test" / "validation" / "train" from a file name (wiki.test.raw, ptb.valid.txt, test-0.jsonl ...).
std::string splitOf(const fs::path& name) {
    const std::string n = lower(name.filename().string());
    if (n.find("test") != std::string::npos) return "test";
    if (n.find("valid") != std::string::npos || n.find("val.") != std::string::npos) return "validation";
    if (n.find("train") != std::string::npos) return "train";
    return "";
}

bool isJsonName(const fs::path& p) {
    const std::string e = lower(p.extension().string());
    return e == ".json" || e == ".jsonl" || e == ".ndjson";
}

bool looksJson(const std::string& bytes) {
    const size_t i = bytes.find_first_not_of(" \t\r\n");
    return i != std::string::npos && (bytes[i] == '{' || bytes[i] == '[');
}

// A WikiText heading: " = Title = ", " = = Section = = " (stripped: starts "= ", ends " =").
bool heading(const std::string& row) {
    const std::string s = pyStrip(row);
    return s.size() >= 5 && s.compare(0, 2, "= ") == 0 && s.compare(s.size() - 2, 2, " =") == 0;
}

void refuseArchives(BenchmarkKind kind, const std::string& bytes, const fs::path& file) {
    const auto starts = [&](const char* magic, size_t n) { return bytes.size() >= n && bytes.compare(0, n, magic, n) == 0; };
    const bool wiki = kind == BenchmarkKind::Wikitext2;
    if (starts("PK\x03\x04", 4))
        throw Error(head(kind, file) + " is a zip archive: unpack it first (" +
                    (wiki ? std::string("unzip wikitext-2-raw-v1.zip, then wikitext2:wikitext-2-raw/wiki.test.raw")
                          : std::string("then ptb:FOLDER/ptb.valid.txt")) + ")");
    if (starts("\x1f\x8b", 2))
        throw Error(head(kind, file) + " is a gzip archive: unpack it first (" +
                    (wiki ? std::string("gunzip it") : std::string("tar xzf simple-examples.tgz, then ptb:simple-examples/data/ptb.valid.txt")) + ")");
    if (bytes.size() > 262 && bytes.compare(257, 5, "ustar") == 0)
        throw Error(head(kind, file) + " is a tar archive: unpack it first (tar xf FILE)");
    if (starts("PAR1", 4)) throw Error(head(kind, file) + " is a parquet file: " + kParquetHint);
}

// JSON / JSONL rows -> each row's field value.
std::vector<std::string> jsonRows(BenchmarkKind kind, const std::string& bytes, const fs::path& file) {
    const std::string field = kind == BenchmarkKind::Wikitext2 ? "text" : "sentence";
    const std::vector<json> rows = readJsonRows(bytes, head(kind, file));
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const json* r = &rowFields(rows[i]);
        const std::string where = head(kind, file) + " row " + std::to_string(i + 1);
        if (!r->is_object()) throw Error(where + " is not an object");
        if (!r->contains(field) || !(*r)[field].is_string()) {
            std::string fields;
            for (auto it = r->begin(); it != r->end(); ++it) fields += (fields.empty() ? "" : ", ") + it.key();
            std::string hint;
            if (kind == BenchmarkKind::Wikitext2 && r->contains("sentence"))
                hint = ": these are Penn Treebank rows, use " + otherSpec(kind, file);
            else if (kind == BenchmarkKind::Ptb && r->contains("text"))
                hint = ": these look like WikiText rows, use " + otherSpec(kind, file);
            else if (r->contains("page"))
                hint = ": these are EleutherAI/wikitext_document_level pages; give the line rows of wikitext "
                       "(wikitext-2-raw-v1) or wiki.test.raw";
            throw Error(where + " has no string field \"" + field + "\" (it has: " + (fields.empty() ? "nothing" : fields) +
                        ")" + hint);
        }
        out.push_back((*r)[field].get<std::string>());
    }
    return out;
}

bool allEmpty(const std::vector<std::string>& rows) {
    return std::all_of(rows.begin(), rows.end(), [](const std::string& r) { return pyStrip(r).empty(); });
}

} // namespace

std::string benchmarkPrefix(BenchmarkKind kind) { return kind == BenchmarkKind::Wikitext2 ? "wikitext2" : "ptb"; }
std::string benchmarkTitle(BenchmarkKind kind) { return kind == BenchmarkKind::Wikitext2 ? "WikiText-2" : "Penn Treebank"; }

std::optional<BenchmarkSpec> parseBenchmarkSpec(const std::string& spec) {
    for (BenchmarkKind k : {BenchmarkKind::Wikitext2, BenchmarkKind::Ptb}) {
        const std::string p = benchmarkPrefix(k) + ":";
        if (spec.rfind(p, 0) == 0) {
            if (spec.size() == p.size()) throw Error("text '" + spec + "' names no file (use " + p + "PATH)");
            return BenchmarkSpec{k, fs::path(spec.substr(p.size()))};
        }
    }
    return std::nullopt;
}

std::string benchmarkSpec(BenchmarkKind kind, const fs::path& path) { return benchmarkPrefix(kind) + ":" + path.string(); }

std::string pyStrip(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e) {
        size_t n = 1;
        if (!pySpace(codePoint(s, b, &n))) break;
        b += n;
    }
    while (e > b) {  // step back to the start of the last code point
        size_t k = e - 1;
        while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
        size_t n = 1;
        if (!pySpace(codePoint(s, k, &n))) break;
        e = k;
    }
    return s.substr(b, e - b);
}

std::vector<std::string> wikitextRows(const std::string& text) {
    std::vector<std::string> rows = pyLines(text);
    for (std::string& r : rows)
        if (pyStrip(r).empty()) r.clear();
    return rows;
}

std::vector<std::string> ptbRows(const std::string& text) {
    std::vector<std::string> rows = pyLines(text);
    for (std::string& r : rows) r = pyStrip(r);
    return rows;
}

fs::path benchmarkFile(BenchmarkKind kind, const fs::path& path) {
    std::error_code ec;
    if (path.empty()) throw Error("no " + benchmarkTitle(kind) + " file given");
    if (!fs::exists(path, ec)) throw Error(benchmarkTitle(kind) + " file '" + path.string() + "' does not exist");
    if (!fs::is_directory(path, ec)) return path;
    const bool wiki = kind == BenchmarkKind::Wikitext2;
    const std::vector<std::string> subs = wiki ? std::vector<std::string>{"", "wikitext-2-raw", "wikitext-2"}
                                               : std::vector<std::string>{"", "data", "simple-examples/data"};
    const std::vector<std::string> names = wiki ? std::vector<std::string>{"wiki.test.raw", "wiki.test.tokens"}
                                                : std::vector<std::string>{"ptb.valid.txt"};
    for (const std::string& n : names)  // wiki.test.raw anywhere before wiki.test.tokens
        for (const std::string& sub : subs) {
            const fs::path p = sub.empty() ? path / n : path / sub / n;
            if (fs::is_regular_file(p, ec)) return p;
        }
    throw Error(benchmarkTitle(kind) + " folder '" + path.string() + "' holds no " +
                (wiki ? "wiki.test.raw or wiki.test.tokens" : "ptb.valid.txt") + " (looked in it and in " +
                (wiki ? "wikitext-2-raw/, wikitext-2/" : "data/, simple-examples/data/") + "); " +
                (wiki ? "get wikitext-2-raw-v1.zip and unzip it" : "get simple-examples.tgz and tar xzf it") +
                ", or name the file");
}

BenchmarkText parseBenchmarkText(BenchmarkKind kind, const std::string& bytes, const fs::path& name) {
    refuseArchives(kind, bytes, name);
    checkTextBytes(bytes, name);  // binary, not UTF-8: "text file 'NAME' ..."
    BenchmarkText b;
    b.kind = kind;
    b.file = name;
    b.split = splitOf(name);
    const bool wiki = kind == BenchmarkKind::Wikitext2;
    const std::string fname = lower(name.filename().string());
    if (isJsonName(name) || looksJson(bytes)) {
        b.format = "JSON rows";
        b.rows = jsonRows(kind, bytes, name);
    } else {
        b.format = "raw lines";
        if (wiki && fname.rfind("ptb.", 0) == 0)
            throw Error(head(kind, name) + " is a Penn Treebank file by its name: use " + otherSpec(kind, name));
        if (!wiki && fname.rfind("wiki.", 0) == 0)
            throw Error(head(kind, name) + " is a WikiText file by its name: use " + otherSpec(kind, name));
        b.rows = wiki ? wikitextRows(bytes) : ptbRows(bytes);
    }
    if (b.rows.empty() || allEmpty(b.rows)) throw Error(head(kind, name) + " is empty (no row with text)");
    if (b.format == "raw lines") {
        const bool headings = std::any_of(b.rows.begin(), b.rows.end(), heading);
        if (wiki && !headings)
            throw Error(head(kind, name) + " has no ' = Title = ' heading line, so it is not WikiText's " +
                        "wiki.*.raw / wiki.*.tokens" +
                        (bytes.find("<unk>") != std::string::npos ? " (lower-case lines with <unk>: Penn Treebank? use " +
                                                                        otherSpec(kind, name) + ")"
                                                                  : ""));
        if (!wiki && headings)
            throw Error(head(kind, name) + " has WikiText's ' = Title = ' heading lines: use " + otherSpec(kind, name));
        if (!wiki) {
            // Mikolov's PTB is lower case; numbers are "N"
            const auto upper = std::count_if(bytes.begin(), bytes.end(), [](char c) { return c >= 'A' && c <= 'Z' && c != 'N'; });
            if (upper > 0)
                throw Error(head(kind, name) + " has " + std::to_string(upper) +
                            " upper-case letters other than N; Penn Treebank's ptb.*.txt (simple-examples) are lower case with N for numbers");
        }
    }
    if (wiki) {
        const std::string ext = lower(name.extension().string());
        const bool tokens = ext == ".tokens" || (ext != ".raw" && std::any_of(b.rows.begin(), b.rows.end(), [](const std::string& r) {
                                                     return r.find("<unk>") != std::string::npos;
                                                 }));
        b.dataset = tokens ? "wikitext-2-v1" : "wikitext-2-raw-v1";
    } else {
        b.dataset = "ptb_text_only";
    }
    b.text = join(b.rows);
    return b;
}

BenchmarkText loadBenchmarkText(BenchmarkKind kind, const fs::path& path) {
    const fs::path file = benchmarkFile(kind, path);
    return parseBenchmarkText(kind, readInputFile(file, benchmarkTitle(kind) + " file", kMaxTextFileBytes), file);
}

std::optional<BenchmarkKind> detectBenchmarkKind(const fs::path& path) {
    try {
        std::error_code ec;
        for (BenchmarkKind k : {BenchmarkKind::Wikitext2, BenchmarkKind::Ptb})
            if (fs::is_directory(path, ec)) {
                try {
                    benchmarkFile(k, path);
                    return k;
                } catch (const Error&) {
                }
            }
        if (fs::is_directory(path, ec)) return std::nullopt;
        const std::string n = lower(path.filename().string());
        if (n.rfind("wiki.", 0) == 0 && (n.size() > 4 && (n.ends_with(".raw") || n.ends_with(".tokens"))))
            return BenchmarkKind::Wikitext2;
        if (n.rfind("ptb.", 0) == 0 && n.ends_with(".txt")) return BenchmarkKind::Ptb;
        if (isJsonName(path)) {
            const std::string bytes = readInputFile(path, "rows file", kMaxTextFileBytes);
            for (BenchmarkKind k : {BenchmarkKind::Wikitext2, BenchmarkKind::Ptb}) {
                try {
                    jsonRows(k, bytes, path);
                    return k;
                } catch (const Error&) {
                }
            }
        }
    } catch (...) {
    }
    return std::nullopt;
}

std::string describeBenchmark(const BenchmarkText& b) {
    std::string s = benchmarkTitle(b.kind) + " (" + b.dataset + (b.split.empty() ? "" : ", " + b.split + " split") +
                    "): " + std::to_string(b.rows.size()) + " rows (" + b.format + ") of " + b.file.filename().string() +
                    ", joined by blank lines";
    const std::string reported = b.kind == BenchmarkKind::Wikitext2 ? "test" : "validation";
    if (b.split != reported)
        s += "; LLM-Pruner reports the " + reported + " split" + (b.split.empty() ? " (this file's name does not say which)" : "");
    return s;
}

} // namespace pb
