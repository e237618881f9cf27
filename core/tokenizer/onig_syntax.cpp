// A single left-to-right scan over the pattern that knows whether it is inside [...]:
// escapes are rewritten per onig_syntax.h, everything else is copied unchanged.
#include "core/tokenizer/onig_syntax.h"

#include <cctype>
#include <string>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/util/error.h"

namespace pb::tok {
namespace {

// Whether PCRE2 knows name as a script (\p{sc:name} compiles).
bool isScript(const std::string& name) {
    const std::string probe = "\\p{sc:" + name + "}";
    int err = 0;
    PCRE2_SIZE at = 0;
    pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(probe.data()), probe.size(), PCRE2_UTF | PCRE2_UCP,
                                   &err, &at, nullptr);
    pcre2_code_free(re);
    return re != nullptr;
}

// Oniguruma's \w over Unicode: Alphabetic, marks, decimal digits and connectors, as
// [\w] and [[:word:]] match; a bare \w (and \b) also takes the six Latin-1 numbers
// ² ³ ¹ ¼ ½ ¾ (Oniguruma reads code points below 256 from its ISO-8859-1 table).
// Checked on every code point against tokenizers' onig (tests/fixtures/tokenizer/regex_parity.json).
constexpr std::string_view kWordItems = R"(\p{Alphabetic}\p{M}\p{Nd}\p{Pc})";
constexpr std::string_view kBareWordItems = R"(\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\x{B2}\x{B3}\x{B9}\x{BC}-\x{BE})";
constexpr std::string_view kSpaceItem = R"(\p{White_Space})";
constexpr std::string_view kNotSpaceItem = R"(\P{White_Space})";
constexpr std::string_view kHexItems = "0-9A-Fa-f";

class Translator {
public:
    explicit Translator(std::string_view src) : src_(src) {}

    Pcre2Pattern run() {
        while (i_ < src_.size()) {
            if (in_class_) classChar();
            else outsideChar();
        }
        emit(std::string(depth_.front(), ')'), src_.size());
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(size_t at, const std::string& why) const {
        throw Error("tokenizer regex: " + why + " at offset " + std::to_string(at) + " of " + std::string(src_));
    }
    // Appends text that stands for the source from offset `from`.
    void emit(std::string_view text, size_t from) {
        out_.pattern += text;
        out_.source_at.insert(out_.source_at.end(), text.size(), from);
    }
    void copy(size_t n) {  // copies n source bytes unchanged
        for (size_t k = 0; k < n && i_ < src_.size(); ++k, ++i_) emit(src_.substr(i_, 1), i_);
    }
    bool at(size_t k, char c) const { return k < src_.size() && src_[k] == c; }

    // \uHHHH -> \x{HHHH}; returns false when not four hex digits.
    bool unicodeEscape() {
        if (i_ + 6 > src_.size()) return false;
        for (size_t k = i_ + 2; k < i_ + 6; ++k)
            if (!std::isxdigit(static_cast<unsigned char>(src_[k]))) return false;
        emit("\\x{" + std::string(src_.substr(i_ + 2, 4)) + "}", i_);
        i_ += 6;
        return true;
    }

    // \x{...} \o{...} \p{...} \P{...} \k{...} \g{...}: copied through the closing brace (so
    // that brace() never takes \x{41} for an interval); false when no brace follows.
    bool bracedEscape() {
        if (!at(i_ + 2, '{')) return false;
        const size_t end = src_.find('}', i_ + 2);
        copy(end == std::string_view::npos ? src_.size() - i_ : end + 1 - i_);
        return true;
    }

    // \p{Name} \p{^Name} \P{Name}: a script name (Han, Latin, ...) means the Script property
    // in Oniguruma, and Script_Extensions in PCRE2 10.40+ (where \p{Han} also matches 。 and
    // 、): written \p{sc:Name}. Other names (categories, binary properties) are copied.
    bool property() {
        if (!at(i_ + 2, '{')) return false;
        const size_t end = src_.find('}', i_ + 2);
        if (end == std::string_view::npos) return bracedEscape();
        const bool negated = at(i_ + 3, '^');
        const std::string name(src_.substr(i_ + 3 + (negated ? 1 : 0), end - i_ - 3 - (negated ? 1 : 0)));
        if (name.find(':') != std::string::npos || name.find('=') != std::string::npos || !isScript(name))
            return bracedEscape();
        const bool upper = (src_[i_ + 1] == 'P') != negated;
        emit(std::string("\\") + (upper ? "P" : "p") + "{sc:" + name + "}", i_);
        i_ = end + 1;
        return true;
    }

    // \Q...\E is literal text in both dialects: copied through untouched.
    void quoted() {
        const size_t end = src_.find("\\E", i_ + 2);
        copy(end == std::string_view::npos ? src_.size() - i_ : end + 2 - i_);
    }

    void outsideEscape() {
        const size_t start = i_;
        const char c = i_ + 1 < src_.size() ? src_[i_ + 1] : '\0';
        const std::string word = "[" + std::string(kBareWordItems) + "]";
        const std::string not_word = "[^" + std::string(kBareWordItems) + "]";
        switch (c) {
        case 's': emit(kSpaceItem, start); break;
        case 'S': emit(kNotSpaceItem, start); break;
        case 'w': emit(word, start); break;
        case 'W': emit(not_word, start); break;
        case 'h': emit("[" + std::string(kHexItems) + "]", start); break;
        case 'H': emit("[^" + std::string(kHexItems) + "]", start); break;
        case 'b': emit("(?:(?<=" + word + ")(?!" + word + ")|(?<!" + word + ")(?=" + word + "))", start); break;
        case 'B': emit("(?:(?<=" + word + ")(?=" + word + ")|(?<!" + word + ")(?!" + word + "))", start); break;
        case 'u':
            if (unicodeEscape()) return;
            copy(2);
            return;
        case 'Q': quoted(); return;
        case 'X':
            fail(start, "\\X (grapheme clusters) is not supported: PCRE2 10.42 joins emoji that Oniguruma keeps apart");
        case 'p':
        case 'P':
            if (property()) return;
            emit(src_.substr(i_ + 1, 1), start);  // Oniguruma has no one-letter \pL: the letters themselves
            break;
        case 'x':
        case 'o':
        case 'k':
        case 'g':
            if (bracedEscape()) return;
            copy(2);
            return;
        default: copy(2); return;
        }
        i_ += 2;
    }

    void classEscape() {
        const size_t start = i_;
        const char c = i_ + 1 < src_.size() ? src_[i_ + 1] : '\0';
        switch (c) {
        case 's': emit(kSpaceItem, start); break;
        case 'S': emit(kNotSpaceItem, start); break;
        case 'w': emit(kWordItems, start); break;
        case 'h': emit(kHexItems, start); break;
        case 'W':
        case 'H': fail(start, std::string("\\") + c + " inside [...] is not supported");
        case 'p':
        case 'P':
            if (property()) return;
            emit(src_.substr(i_ + 1, 1), start);
            break;
        case 'x':
        case 'o':
            if (bracedEscape()) return;
            copy(2);
            return;
        case 'u':
            if (unicodeEscape()) return;
            copy(2);
            return;
        default: copy(2); return;
        }
        i_ += 2;
    }

    // '[' outside a class: copies "[", "[^" and a leading ']' (a literal there).
    void openClass() {
        in_class_ = true;
        copy(1);
        if (at(i_, '^')) copy(1);
        if (at(i_, ']')) copy(1);
    }

    // "(?imx-imx:" or the isolated "(?imx-imx)". Oniguruma's m is PCRE2's s; an isolated
    // option group reaches to the end of the group it is in, its later alternatives
    // included (Oniguruma: a(?i)b|c is a(?i:b|c); in PCRE2 it would be (?:a(?i)b)|(?i:c)),
    // so it becomes "(?i:" closed where that group closes.
    void group() {
        size_t k = i_ + 2;
        while (k < src_.size() && (std::isalpha(static_cast<unsigned char>(src_[k])) || src_[k] == '-')) ++k;
        const bool options = k > i_ + 2 && k < src_.size() && (src_[k] == ')' || src_[k] == ':');
        if (!options) {
            if (at(i_ + 2, '#')) {  // (?#comment)
                const size_t end = src_.find(')', i_);
                copy(end == std::string_view::npos ? src_.size() - i_ : end + 1 - i_);
                return;
            }
            depth_.push_back(0);
            copy(2);
            return;
        }
        for (size_t m = i_ + 2; m < k; ++m)
            if (src_[m] != 'i' && src_[m] != 'm' && src_[m] != 'x' && src_[m] != '-')
                fail(m, std::string("the group option '") + src_[m] + "' is not supported (Oniguruma: i, m, x)");
        const bool isolated = src_[k] == ')';
        copy(2);
        for (; i_ < k; ++i_) emit(src_[i_] == 'm' ? "s" : src_.substr(i_, 1), i_);
        if (isolated) {
            emit(":", i_);
            ++i_;
            ++depth_.back();  // closed with the enclosing group
        } else {
            copy(1);
            depth_.push_back(0);
        }
    }

    void closeGroup() {
        if (depth_.size() > 1) {
            emit(std::string(depth_.back(), ')'), i_);
            depth_.pop_back();
        }
        copy(1);  // an unmatched ')' is left for PCRE2 to report
    }

    // "{,n}" -> "{0,n}" (Oniguruma allows the lower bound to be left out). In Oniguruma an
    // interval followed by + or * is a repeat of the repeat (a{2}+ is (?:a{2})+, where PCRE2
    // reads a possessive a{2}), and {n}? is optional ((?:a{n})?, PCRE2: lazy): refused.
    void brace() {
        size_t k = i_ + 1;
        auto digits = [&] {
            const size_t from = k;
            while (k < src_.size() && std::isdigit(static_cast<unsigned char>(src_[k]))) ++k;
            return k > from;
        };
        const bool lower = digits();
        const bool comma = at(k, ',');
        if (comma) ++k;
        const bool upper = comma && digits();
        if (!at(k, '}') || (!lower && !upper)) {  // not an interval: a literal '{' in both
            copy(1);
            return;
        }
        const char next = k + 1 < src_.size() ? src_[k + 1] : '\0';
        if (next == '+' || next == '*' || (next == '?' && !comma))
            fail(i_, std::string("an interval followed by '") + next +
                         "' (a nested quantifier in Oniguruma) is not supported; write (?:...{n,m})" + next);
        if (!lower) emit("{0", i_);
        else emit("{", i_);
        ++i_;
        copy(k + 1 - i_);
    }

    void outsideChar() {
        switch (src_[i_]) {
        case '\\': outsideEscape(); return;
        case '[': openClass(); return;
        case '(':
            if (at(i_ + 1, '?')) {
                group();
            } else {
                depth_.push_back(0);
                copy(1);
            }
            return;
        case ')': closeGroup(); return;
        case '{': brace(); return;
        default: copy(1); return;
        }
    }

    // [:name:] and [:^name:] inside [...]: Oniguruma's Unicode meaning (PCRE2's UCP one
    // differs: its alpha is \p{L}, its upper \p{Lu}, its space lacks U+0085).
    void posixBracket() {
        const size_t start = i_;
        const size_t end = src_.find(":]", i_ + 2);
        if (end == std::string_view::npos) fail(i_, "a nested character class [...[...]...] is not supported");
        std::string_view name = src_.substr(i_ + 2, end - i_ - 2);
        const bool negated = !name.empty() && name[0] == '^';
        if (negated) name.remove_prefix(1);
        struct Posix {
            std::string_view name, items, negated;  // negated empty: no single-item complement
        };
        static constexpr Posix kPosix[] = {
            {"alpha", R"(\p{Alphabetic})", R"(\P{Alphabetic})"},
            {"alnum", R"(\p{Alphabetic}\p{Nd})", ""},
            {"digit", R"(\p{Nd})", R"(\P{Nd})"},
            {"space", R"(\p{White_Space})", R"(\P{White_Space})"},
            {"upper", R"(\p{Uppercase})", R"(\P{Uppercase})"},
            {"lower", R"(\p{Lowercase})", R"(\P{Lowercase})"},
            {"word", kWordItems, ""},
            {"blank", R"(\p{Zs}\t)", ""},
            {"xdigit", kHexItems, ""},
            {"ascii", R"(\x00-\x7F)", R"(\x{80}-\x{10FFFF})"},
        };
        for (const Posix& p : kPosix) {
            if (p.name != name) continue;
            if (negated && p.negated.empty()) break;
            emit(negated ? p.negated : p.items, start);
            i_ = end + 2;
            return;
        }
        fail(start, "the POSIX bracket [:" + std::string(negated ? "^" : "") + std::string(name) + ":] is not supported");
    }

    void classChar() {
        switch (src_[i_]) {
        case '\\': classEscape(); return;
        case ']':
            in_class_ = false;
            copy(1);
            return;
        case '[':
            if (at(i_ + 1, ':')) {
                posixBracket();
                return;
            }
            fail(i_, "a nested character class [...[...]...] is not supported");
        case '&':
            if (at(i_ + 1, '&')) fail(i_, "a class intersection && is not supported");
            copy(1);
            return;
        default: copy(1); return;
        }
    }

    std::string_view src_;
    size_t i_ = 0;
    bool in_class_ = false;
    std::vector<size_t> depth_ = {0};  // per open group: the isolated option groups to close with it
    Pcre2Pattern out_;
};

} // namespace

Pcre2Pattern onigToPcre2(std::string_view onig) { return Translator(onig).run(); }

} // namespace pb::tok
