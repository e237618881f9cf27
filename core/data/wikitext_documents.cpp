#include "core/data/wikitext_documents.h"

#include <regex>

#include <nlohmann/json.hpp>

#include "core/data/benchmark_text.h"
#include "core/data/json_rows.h"
#include "core/util/error.h"
#include "core/util/input_path.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
    return s;
}

bool topHeading(const std::string& line) {
    const std::string r = pyStrip(replaceAll(replaceAll(line, "= = =", "==="), "= =", "=="));
    return r.size() >= 3 && r.compare(0, 2, "= ") == 0 && r.compare(r.size() - 2, 2, " =") == 0;
}

// "page" rows, or nothing when the rows have no "page" (then they are line rows).
bool pageRows(const std::string& bytes, std::vector<std::string>* pages) {
    using nlohmann::json;
    std::vector<json> rows;
    try {
        rows = readJsonRows(bytes, "rows");
    } catch (const Error&) {
        return false;
    }
    if (rows.empty()) return false;
    for (const json& r0 : rows) {
        const json& r = rowFields(r0);
        if (!r.is_object() || !r.contains("page") || !r["page"].is_string()) return false;
        pages->push_back(r["page"].get<std::string>());
    }
    return true;
}

} // namespace

std::vector<std::string> splitWikitextArticles(const std::string& text) {
    std::string t = replaceAll(replaceAll(text, "\r\n", "\n"), "\r", "\n");
    std::vector<std::string> pages, lines;
    const auto flush = [&]() {
        std::string page;
        for (size_t i = 0; i < lines.size(); ++i) page += (i ? "\n" : "") + lines[i];
        if (!pyStrip(page).empty()) pages.push_back(page);
        lines.clear();
    };
    size_t start = 0;
    while (true) {
        const size_t nl = t.find('\n', start);
        const std::string line = t.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (topHeading(line)) flush();
        lines.push_back(line);
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    flush();
    return pages;
}

WikitextDocuments loadWikitextDocuments(const fs::path& path) {
    const fs::path file = benchmarkFile(BenchmarkKind::Wikitext2, path);
    const std::string bytes = readInputFile(file, "WikiText-2 file", kMaxTextFileBytes);
    WikitextDocuments d;
    d.file = file;
    if (pageRows(bytes, &d.pages)) {
        d.source = "page rows";
    } else {
        const BenchmarkText b = parseBenchmarkText(BenchmarkKind::Wikitext2, bytes, file);
        std::string text;
        if (b.format == "raw lines") {
            text = bytes;
            d.source = "raw lines";
        } else {
            for (const std::string& r : b.rows) text += r.empty() ? std::string(" \n") : r;
            d.source = "text rows (lines rebuilt)";
        }
        d.pages = splitWikitextArticles(text);
    }
    if (d.pages.empty()) throw Error("WikiText-2 file '" + file.string() + "' holds no article");
    return d;
}

std::string wikitextDetokenize(const std::string& page) {
    std::string s = page;
    // contractions
    s = replaceAll(s, "s '", "s'");
    s = std::regex_replace(s, std::regex(R"(/' [0-9]/)"), "/'[0-9]/");
    // number separators
    s = replaceAll(s, " @-@ ", "-");
    s = replaceAll(s, " @,@ ", ",");
    s = replaceAll(s, " @.@ ", ".");
    // punctuation
    for (const char* p : {" : ", " ; ", " . ", " ! ", " ? ", " , "}) s = replaceAll(s, p, std::string(p).substr(1));
    // double brackets
    s = std::regex_replace(s, std::regex(R"(\(\s*([^\)]*?)\s*\))"), "($1)");
    s = std::regex_replace(s, std::regex(R"(\[\s*([^\]]*?)\s*\])"), "[$1]");
    s = std::regex_replace(s, std::regex(R"(\{\s*([^}]*?)\s*\})"), "{$1}");
    s = std::regex_replace(s, std::regex(R"("\s*([^"]*?)\s*")"), "\"$1\"");
    s = std::regex_replace(s, std::regex(R"('\s*([^']*?)\s*')"), "'$1'");
    // miscellaneous
    s = replaceAll(s, "= = = =", "====");
    s = replaceAll(s, "= = =", "===");
    s = replaceAll(s, "= =", "==");
    s = replaceAll(s, " \xc2\xb0 ", "\xc2\xb0");  // chr(176)
    s = replaceAll(s, " \n", "\n");
    s = replaceAll(s, "\n ", "\n");
    s = replaceAll(s, " N ", " 1 ");
    s = replaceAll(s, " 's", "'s");
    return s;
}

int64_t pySplitWordCount(const std::string& page) {
    // pieces = runs of white space + 1 (empty pieces at the ends count, as re.split keeps them)
    int64_t runs = 0;
    bool in_space = false;
    size_t i = 0;
    while (i < page.size()) {
        size_t n = 1;
        const unsigned char c = static_cast<unsigned char>(page[i]);
        if (c >= 0xF0) n = 4;
        else if (c >= 0xE0) n = 3;
        else if (c >= 0xC0) n = 2;
        const std::string cp = page.substr(i, n);
        const bool space = pyStrip(cp).empty();
        if (space && !in_space) ++runs;
        in_space = space;
        i += n;
    }
    return runs + 1;
}

} // namespace pb
