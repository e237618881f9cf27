// Each matcher answers "where does the regex's match starting at code point i end"
// (i itself when it does not match there), trying the alternatives in order, like
// a backtracking engine would. findMatches scans left to right.
#include "core/tokenizer/regex_splitters.h"

#include <array>

#include "core/tokenizer/unicode.h"

namespace pb::tok {
namespace {

using unicode::isLetter;
using unicode::isNumber;
using unicode::isWhitespace;

struct Text {
    const char32_t* c;
    size_t n;
    char32_t at(size_t i) const { return i < n ? c[i] : 0; }
};

bool isOther(char32_t cp) {  // [^\s\p{L}\p{N}]
    return !isWhitespace(cp) && !isLetter(cp) && !isNumber(cp);
}
bool isNewline(char32_t cp) { return cp == '\r' || cp == '\n'; }

// Folds the letters of the contractions the way (?i:...) compares them; U+017F
// (long s) case-folds to 's' in Unicode.
char32_t foldContraction(char32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp == 0x17F) return 's';
    return cp;
}

// 's|'t|'re|'ve|'m|'ll|'d, optionally case-insensitive. Returns the end or i.
size_t contraction(const Text& t, size_t i, bool ignore_case) {
    if (t.c[i] != '\'' || i + 1 >= t.n) return i;
    auto f = [&](size_t k) { return ignore_case ? foldContraction(t.at(k)) : t.at(k); };
    const char32_t a = f(i + 1);
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return i + 2;
    const char32_t b = f(i + 2);
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return i + 3;
    return i;
}

template <class Pred>
size_t runOf(const Text& t, size_t j, Pred pred) {
    while (j < t.n && pred(t.c[j])) ++j;
    return j;
}

// \s+(?!\S)|\s+ at a whitespace character: the whole run if it reaches the end,
// else the run minus its last character (that one goes with the next word), else
// the single character.
size_t trailingWhitespace(const Text& t, size_t i) {
    const size_t k = runOf(t, i, isWhitespace);
    if (k == t.n) return k;
    return (k - 1 > i) ? k - 1 : k;
}

size_t gpt2At(const Text& t, size_t i) {
    if (size_t e = contraction(t, i, false); e != i) return e;
    const size_t j = (t.c[i] == ' ') ? i + 1 : i;  // " ?" before the next three
    if (j < t.n && isLetter(t.c[j])) return runOf(t, j, isLetter);
    if (j < t.n && isNumber(t.c[j])) return runOf(t, j, isNumber);
    if (j < t.n && isOther(t.c[j])) return runOf(t, j, isOther);
    if (isWhitespace(t.c[i])) return trailingWhitespace(t, i);
    return i;
}

size_t llama3At(const Text& t, size_t i, size_t max_digits) {
    if (size_t e = contraction(t, i, true); e != i) return e;
    const char32_t c = t.c[i];
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (!isNewline(c) && !isLetter(c) && !isNumber(c) && i + 1 < t.n && isLetter(t.c[i + 1]))
        return runOf(t, i + 1, isLetter);
    if (isLetter(c)) return runOf(t, i, isLetter);
    // \p{N}{1,max}
    if (isNumber(c)) {
        size_t j = i;
        while (j < t.n && j - i < max_digits && isNumber(t.c[j])) ++j;
        return j;
    }
    // " ?[^\s\p{L}\p{N}]+[\r\n]*"
    const size_t j = (c == ' ') ? i + 1 : i;
    if (j < t.n && isOther(t.c[j])) return runOf(t, runOf(t, j, isOther), isNewline);
    if (!isWhitespace(c)) return i;
    // \s*[\r\n]+ : the whitespace run up to and including its last \r or \n.
    const size_t k = runOf(t, i, isWhitespace);
    for (size_t m = k; m > i; --m)
        if (isNewline(t.c[m - 1])) return m;
    return trailingWhitespace(t, i);
}

size_t matchAt(SplitRegex re, const Text& t, size_t i) {
    switch (re) {
    case SplitRegex::Gpt2: return gpt2At(t, i);
    case SplitRegex::Llama3: return llama3At(t, i, 3);
    case SplitRegex::Qwen2: return llama3At(t, i, 1);
    case SplitRegex::Number: return isNumber(t.c[i]) ? i + 1 : i;
    case SplitRegex::NumberRun: return runOf(t, i, isNumber);
    }
    return i;
}

struct Known {
    SplitRegex re;
    const char* name;
    std::string_view source;
};

constexpr std::array<Known, 5> kKnown{{
    {SplitRegex::Gpt2, "gpt2",
     R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)"},
    {SplitRegex::Llama3, "llama3",
     R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"},
    {SplitRegex::Qwen2, "qwen2",
     R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"},
    {SplitRegex::Number, "digit", R"(\p{N})"},
    {SplitRegex::NumberRun, "digits", R"(\p{N}+)"},
}};

} // namespace

std::vector<ByteRange> findMatches(SplitRegex re, std::string_view text) {
    const unicode::CodePoints cp = unicode::decodeUtf8(text);
    const Text t{cp.cps.data(), cp.cps.size()};
    std::vector<ByteRange> out;
    for (size_t i = 0; i < t.n;) {
        const size_t e = matchAt(re, t, i);
        if (e > i) {
            out.emplace_back(cp.offsets[i], cp.offsets[e]);
            i = e;
        } else {
            ++i;
        }
    }
    return out;
}

std::optional<SplitRegex> recognizeRegex(std::string_view pattern) {
    for (const Known& k : kKnown)
        if (k.source == pattern) return k.re;
    return std::nullopt;
}

const char* regexName(SplitRegex re) {
    for (const Known& k : kKnown)
        if (k.re == re) return k.name;
    return "?";
}

} // namespace pb::tok
