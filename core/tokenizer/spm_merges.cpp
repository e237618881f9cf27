// sentencePieceMerges: every split of every token into two tokens, ranked as transformers does.
#include "core/tokenizer/spm_merges.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "core/tokenizer/unicode.h"

namespace pb::tok {
namespace {

// Polynomial hashes modulo the Mersenne prime 2^61 - 1: a substring's hash in O(1) from the
// prefix hashes of its token. Equal hashes are only candidates; a match is checked by bytes.
constexpr uint64_t kMod = (uint64_t{1} << 61) - 1;
constexpr uint64_t kBase = 1000003;
// Tokens up to this many bytes are split by exact lookups (hashing a part costs at most this).
constexpr size_t kShort = 32;

uint64_t mulMod(uint64_t a, uint64_t b) {
    const __uint128_t p = static_cast<__uint128_t>(a) * b;
    const uint64_t lo = static_cast<uint64_t>(p & kMod), hi = static_cast<uint64_t>(p >> 61);
    const uint64_t s = lo + hi;
    return s >= kMod ? s - kMod : s;
}

uint64_t addMod(uint64_t a, uint64_t b) {
    const uint64_t s = a + b;
    return s >= kMod ? s - kMod : s;
}

uint64_t subMod(uint64_t a, uint64_t b) { return a >= b ? a - b : a + kMod - b; }

uint64_t hashOf(std::string_view s) {
    uint64_t h = 0;
    for (unsigned char c : s) h = addMod(mulMod(h, kBase), c + 1u);
    return h;
}

// Byte offsets of the code point boundaries inside a token (0 and size excluded).
void charBoundaries(std::string_view s, std::vector<size_t>& b) {
    b.clear();
    for (size_t i = 0; i < s.size();) {
        size_t len = unicode::validSequenceLength(s, i);
        if (len == 0) len = 1;
        i += len;
        if (i < s.size()) b.push_back(i);
    }
}

} // namespace

std::vector<std::pair<std::string, std::string>> sentencePieceMerges(const std::vector<std::string>& tokens,
                                                                     const std::vector<float>& scores) {
    // Exact lookup (the first id of each string) and, for long tokens, a hash index over it. A
    // hash shared by two different strings keeps one; lookups that land on it fall back to `first`.
    std::unordered_map<std::string_view, int32_t> first;
    first.reserve(tokens.size() * 2);
    size_t max_len = 0;
    for (size_t i = 0; i < tokens.size(); ++i) {
        first.emplace(tokens[i], static_cast<int32_t>(i));
        max_len = std::max(max_len, tokens[i].size());
    }
    std::vector<char> has_len(max_len + 1, 0);  // some token is this many bytes long
    for (const std::string& t : tokens) has_len[t.size()] = 1;
    // Substring hashes only where a vocabulary has long tokens (real ones have a few).
    std::unordered_map<uint64_t, int32_t> by_hash;
    std::vector<uint64_t> pow(1, 1);  // kBase^k
    if (max_len > kShort) {
        by_hash.reserve(first.size() * 2);
        for (const auto& [s, id] : first) by_hash.emplace(hashOf(s), id);
        pow.resize(max_len + 1, 1);
        for (size_t k = 1; k <= max_len; ++k) pow[k] = mulMod(pow[k - 1], kBase);
    }

    // The id of t[a, b) when it is a token, else -1; h = its hash.
    auto lookup = [&](std::string_view t, size_t a, size_t b, uint64_t h) -> int32_t {
        auto it = by_hash.find(h);
        if (it == by_hash.end()) return -1;  // no token has this hash, so none has these bytes
        const std::string_view part = t.substr(a, b - a);
        if (tokens[static_cast<size_t>(it->second)] == part) return it->second;
        auto exact = first.find(part);  // a hash collision: ask the exact index
        return exact == first.end() ? -1 : exact->second;
    };

    struct M {
        int32_t left, right;
        float score;
        size_t left_chars, right_chars;
    };
    std::vector<M> all;
    std::vector<M> local;
    std::vector<size_t> bounds;
    std::vector<uint64_t> prefix;  // prefix[i] = hash of t[0, i)
    for (size_t id = 0; id < tokens.size(); ++id) {
        const std::string_view t = tokens[id];
        if (first.at(t) != static_cast<int32_t>(id)) continue;  // a repeated string is one dict key
        charBoundaries(t, bounds);
        if (bounds.empty()) continue;
        local.clear();
        const size_t chars = bounds.size() + 1;
        const bool hashed = t.size() > kShort;
        if (hashed) {
            prefix.assign(t.size() + 1, 0);
            for (size_t i = 0; i < t.size(); ++i)
                prefix[i + 1] = addMod(mulMod(prefix[i], kBase), static_cast<unsigned char>(t[i]) + 1u);
        }
        auto hashRange = [&](size_t a, size_t b) { return subMod(prefix[b], mulMod(prefix[a], pow[b - a])); };
        for (size_t k = 0; k < bounds.size(); ++k) {
            const size_t b = bounds[k];
            if (!has_len[b] || !has_len[t.size() - b]) continue;
            int32_t l, r;
            if (hashed) {  // both parts' hashes first: a part that is no token costs O(1), not its bytes
                const uint64_t hl = hashRange(0, b), hr = hashRange(b, t.size());
                if (by_hash.find(hl) == by_hash.end() || by_hash.find(hr) == by_hash.end()) continue;
                l = lookup(t, 0, b, hl);
                r = l < 0 ? -1 : lookup(t, b, t.size(), hr);
            } else {
                auto li = first.find(t.substr(0, b));
                auto ri = li == first.end() ? first.end() : first.find(t.substr(b));
                l = li == first.end() ? -1 : li->second;
                r = ri == first.end() ? -1 : ri->second;
            }
            if (l < 0 || r < 0) continue;
            local.push_back({l, r, scores[id], k + 1, chars - (k + 1)});
        }
        std::sort(local.begin(), local.end(),
                  [](const M& a, const M& b) { return a.left != b.left ? a.left < b.left : a.right < b.right; });
        all.insert(all.end(), local.begin(), local.end());
    }
    std::stable_sort(all.begin(), all.end(), [](const M& a, const M& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.left_chars != b.left_chars) return a.left_chars > b.left_chars;
        return a.right_chars > b.right_chars;
    });
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(all.size());
    for (const M& m : all) out.emplace_back(tokens[static_cast<size_t>(m.left)], tokens[static_cast<size_t>(m.right)]);
    return out;
}

} // namespace pb::tok
