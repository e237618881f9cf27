#include "core/data/text_files.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <system_error>

#include "core/util/error.h"
#include "core/util/input_path.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

std::string head(const fs::path& path) { return "text file '" + path.string() + "'"; }

bool isTxt(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".txt";
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n\f\v") == std::string::npos; }

// Length of the UTF-8 sequence at s[i] when it is well formed (no overlong forms, no
// surrogates, at most U+10FFFF), else 0.
size_t utf8Length(const std::string& s, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) n = 3;
    else if (c == 0xED) n = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) n = 3;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) n = 4, hi = 0x8F;
    else return 0;
    if (i + n > s.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
    return n;
}

std::string hexByte(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", c);
    return buf;
}

} // namespace

std::vector<fs::path> textFolderFiles(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error("text folder '" + dir.string() + "' is not a folder");
    std::vector<fs::path> files;
    fs::directory_iterator it(dir, ec);
    if (ec) throw Error("text folder '" + dir.string() + "' cannot be read: " + ec.message());
    for (const fs::directory_entry& e : it) {
        const fs::path& p = e.path();
        if (!isTxt(p) || p.filename().string().rfind('.', 0) == 0) continue;
        std::error_code fe;
        if (e.is_directory(fe)) continue;  // "x.txt/" is no text
        files.push_back(p);
    }
    if (files.empty()) throw Error("text folder '" + dir.string() + "' holds no .txt files");
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return a.filename().string() < b.filename().string();
    });
    return files;
}

void checkTextBytes(const std::string& bytes, const fs::path& path) {
    if (const size_t nul = bytes.find('\0'); nul != std::string::npos)
        throw Error(head(path) + " is binary, not text (a NUL byte at offset " + std::to_string(nul) + ")");
    const size_t probe = std::min<size_t>(bytes.size(), 64 * 1024);
    size_t control = 0;
    for (size_t i = 0; i < probe; ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F) ++control;
    }
    if (probe > 0 && control * 20 > probe)
        throw Error(head(path) + " is binary, not text (" + std::to_string(control) + " control characters in its first " +
                    describeBytes(probe) + ")");
    size_t line = 1;
    for (size_t i = 0; i < bytes.size();) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c == '\n') ++line;
        const size_t n = utf8Length(bytes, i);
        if (n == 0)
            throw Error(head(path) + " is not UTF-8 (byte " + hexByte(c) + " at offset " + std::to_string(i) +
                        ", line " + std::to_string(line) + "); convert it first, e.g. iconv -f latin1 -t utf-8");
        i += n;
    }
}

namespace {

// One file, checked; without its byte-order mark.
std::string readOne(const fs::path& path) {
    std::string text = readInputFile(path, "text file", kMaxTextFileBytes);
    checkTextBytes(text, path);
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    return text;
}

} // namespace

std::string readTextPath(const fs::path& path) {
    if (path.empty()) throw Error("no text given");
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
        std::string text = readOne(path);
        if (blank(text)) throw Error(head(path) + " is empty");
        return text;
    }
    std::string text;
    for (const fs::path& f : textFolderFiles(path)) {
        std::string one = readOne(f);
        if (blank(one)) continue;
        if (!text.empty()) text += "\n\n";
        if (text.size() + one.size() > kMaxTextFileBytes)
            throw Error("text folder '" + path.string() + "' holds more than the limit of " +
                        describeBytes(kMaxTextFileBytes) + " of text");
        text += one;
    }
    if (text.empty()) throw Error("text folder '" + path.string() + "' is empty (its .txt files hold only white space)");
    return text;
}

} // namespace pb
