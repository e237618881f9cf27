// NFC (UAX #15): full canonical decomposition, canonical ordering, then canonical
// composition. Hangul syllables are (de)composed arithmetically, the rest from the
// generated tables (unicode_nfc_tables.cpp).
#include <algorithm>

#include "core/tokenizer/unicode.h"
#include "core/tokenizer/unicode_tables.h"

namespace pb::unicode {
namespace {

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28;
constexpr char32_t kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

uint8_t combiningClass(char32_t cp) {
    if (cp < 0x300) return 0;
    const auto* begin = tables::kCombiningClass;
    const auto* end = begin + tables::kCombiningClassCount;
    const auto* it = std::lower_bound(begin, end, cp,
        [](const tables::CombiningClassRange& r, char32_t c) { return r.hi < c; });
    return (it != end && it->lo <= cp) ? it->ccc : 0;
}

void decompose(char32_t cp, std::vector<char32_t>& out) {
    if (cp >= kSBase && cp < kSBase + kSCount) {
        const char32_t s = cp - kSBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount) out.push_back(kTBase + s % kTCount);
        return;
    }
    const auto* begin = tables::kDecomp;
    const auto* end = begin + tables::kDecompCount;
    const auto* it = std::lower_bound(begin, end, cp,
        [](const tables::Decomposition& d, char32_t c) { return d.cp < c; });
    if (it != end && it->cp == cp) {
        out.insert(out.end(), tables::kDecompPool + it->offset,
                   tables::kDecompPool + it->offset + it->length);
    } else {
        out.push_back(cp);
    }
}

// The primary composite of (a, b), or 0 when they do not compose.
char32_t compose(char32_t a, char32_t b) {
    if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
        return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
    if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 &&
        b > kTBase && b < kTBase + kTCount)
        return a + (b - kTBase);
    const auto* begin = tables::kCompose;
    const auto* end = begin + tables::kComposeCount;
    const auto* it = std::lower_bound(begin, end, std::pair{a, b},
        [](const tables::Composition& c, std::pair<char32_t, char32_t> k) {
            return c.first != k.first ? c.first < k.first : c.second < k.second;
        });
    return (it != end && it->first == a && it->second == b) ? it->composite : 0;
}

} // namespace

std::string nfc(std::string_view text) {
    const CodePoints in = decodeUtf8(text);
    // Below U+0300 nothing decomposes into something different nor composes.
    if (std::all_of(in.cps.begin(), in.cps.end(), [](char32_t c) { return c < 0x300; }))
        return std::string(text);

    std::vector<char32_t> d;
    d.reserve(in.cps.size() + 8);
    for (char32_t cp : in.cps) decompose(cp, d);

    // Canonical ordering: stable sort each run of non-starters by combining class.
    for (size_t i = 0; i < d.size();) {
        if (combiningClass(d[i]) == 0) { ++i; continue; }
        size_t j = i;
        while (j < d.size() && combiningClass(d[j]) != 0) ++j;
        std::stable_sort(d.begin() + i, d.begin() + j,
            [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
        i = j;
    }

    // Canonical composition: a character composes with the last starter unless a
    // character of equal or higher class (or a starter) sits between them.
    if (!d.empty()) {
        size_t starter = 0, target = 1;
        int last_class = combiningClass(d[0]) ? 256 : 0;
        for (size_t i = 1; i < d.size(); ++i) {
            const char32_t ch = d[i];
            const int cls = combiningClass(ch);
            const char32_t comp = compose(d[starter], ch);
            if (comp != 0 && (last_class < cls || last_class == 0)) {
                d[starter] = comp;
                continue;
            }
            if (cls == 0) starter = target;
            last_class = cls;
            d[target++] = ch;
        }
        d.resize(target);
    }
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : d) appendUtf8(out, cp);
    return out;
}

} // namespace pb::unicode
