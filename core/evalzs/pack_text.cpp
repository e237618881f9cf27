#include "core/evalzs/pack_text.h"

#include <algorithm>
#include <sstream>

namespace pb::zs {

namespace {
bool startsWith(const std::string& s, size_t at, const char* p) {
    return s.compare(at, std::char_traits<char>::length(p), p) == 0;
}
} // namespace

uint64_t taskSeed(uint64_t seed, const std::string& task) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : task) h = (h ^ c) * 0x100000001b3ull;
    return seed ^ h;
}

std::vector<size_t> distinctOthers(size_t n, size_t except, size_t k, SplitMix& rng) {
    std::vector<size_t> pool;
    for (size_t i = 0; i < n; ++i)
        if (i != except) pool.push_back(i);
    std::vector<size_t> out;
    for (size_t j = 0; j < k && !pool.empty(); ++j) {  // partial Fisher-Yates
        const size_t r = j + rng.below(pool.size() - j);
        std::swap(pool[j], pool[r]);
        out.push_back(pool[j]);
    }
    return out;
}

Item choiceItem(const std::string& context, const std::vector<std::string>& choices, int gold) {
    Item it;
    for (const auto& c : choices) it.requests.push_back({context, " " + c});
    it.choices = choices;
    it.gold = gold;
    return it;
}

Item shuffledChoiceItem(const std::string& context, const std::string& answer,
                        const std::vector<std::string>& distractors, SplitMix& rng) {
    const int pos = int(rng.below(distractors.size() + 1));
    std::vector<std::string> choices = distractors;
    choices.insert(choices.begin() + pos, answer);
    return choiceItem(context, choices, pos);
}

std::vector<std::string> splitSentences(const std::string& para) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i < para.size(); ++i) {
        const char c = para[i];
        if (c != '.' && c != '!' && c != '?') continue;
        size_t j = i + 1;
        // closing quotes: " ' ” (E2 80 9D) ’ (E2 80 99)
        while (j < para.size()) {
            if (para[j] == '"' || para[j] == '\'') ++j;
            else if (startsWith(para, j, "\xE2\x80\x9D") || startsWith(para, j, "\xE2\x80\x99")) j += 3;
            else break;
        }
        if (j >= para.size() || para[j] != ' ') continue;
        size_t k = j;
        while (k < para.size() && para[k] == ' ') ++k;
        if (k >= para.size()) continue;
        const bool upper = (para[k] >= 'A' && para[k] <= 'Z') || para[k] == '"' || startsWith(para, k, "\xE2\x80\x9C") ||
                           startsWith(para, k, "\xE2\x80\x98");
        if (!upper) continue;
        if (c == '.') {
            bool abbrev = false;
            for (const char* a : {"Mr", "Mrs", "Dr", "St"}) {
                const size_t n = std::char_traits<char>::length(a);
                if (i >= n && para.compare(i - n, n, a) == 0 && (i == n || para[i - n - 1] == ' ')) abbrev = true;
            }
            if (abbrev) continue;
        }
        out.push_back(para.substr(start, j - start));
        start = k;
        i = k - 1;
    }
    if (start < para.size()) out.push_back(para.substr(start));
    return out;
}

std::string cleanUtf8(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += (c < 0x20 && c != '\n') || c == 0x7F ? ' ' : char(c);
            ++i;
            continue;
        }
        size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        if (c >= 0xF5) n = 0;
        bool ok = n > 0 && i + n <= s.size();
        for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (ok && n == 3) {  // no overlong forms, no surrogates
            const unsigned char d = static_cast<unsigned char>(s[i + 1]);
            ok = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);
        }
        if (ok && n == 4) {
            const unsigned char d = static_cast<unsigned char>(s[i + 1]);
            ok = !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);
        }
        if (ok) {
            out.append(s, i, n);
            i += n;
        } else {
            out += '?';
            ++i;
        }
    }
    return out;
}

std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n\f\v";
    const size_t a = s.find_first_not_of(ws);
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(ws) - a + 1);
}

std::vector<std::string> dataLines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        line = trim(line);
        if (!line.empty() && line[0] != ';') out.push_back(line);
    }
    return out;
}

} // namespace pb::zs
