#include "core/tokenizer/added_tokens.h"

#include "core/tokenizer/unicode.h"

namespace pb::tok {
namespace {

// Code point that ends at text[end) / starts at text[begin], for the whitespace and
// word-boundary checks around a match.
char32_t codepointBefore(std::string_view text, size_t end, size_t* start) {
    size_t b = end - 1;
    while (b > 0 && (static_cast<uint8_t>(text[b]) & 0xC0) == 0x80) --b;
    *start = b;
    return unicode::decodeUtf8(text.substr(b, end - b)).cps.front();
}

char32_t codepointAt(std::string_view text, size_t begin, size_t* len) {
    size_t n = unicode::validSequenceLength(text, begin);
    if (n == 0) n = 1;
    *len = n;
    return unicode::decodeUtf8(text.substr(begin, n)).cps.front();
}

} // namespace

int32_t AddedTokenSplitter::child(int32_t node, uint8_t byte) const {
    for (auto [b, n] : trie_[static_cast<size_t>(node)].children)
        if (b == byte) return n;
    return -1;
}

void AddedTokenSplitter::add(const std::string& match, const AddedToken& token) {
    if (match.empty()) return;
    int32_t node = 0;
    for (char c : match) {
        const auto b = static_cast<uint8_t>(c);
        int32_t next = child(node, b);
        if (next < 0) {
            next = static_cast<int32_t>(trie_.size());
            trie_[static_cast<size_t>(node)].children.push_back({b, next});
            trie_.emplace_back();
        }
        node = next;
    }
    if (trie_[static_cast<size_t>(node)].token >= 0) return;  // same string twice: first wins
    trie_[static_cast<size_t>(node)].token = static_cast<int32_t>(tokens_.size());
    tokens_.push_back(token);
    first_byte_[static_cast<uint8_t>(match[0])] = true;
}

std::pair<size_t, int32_t> AddedTokenSplitter::longestAt(std::string_view text, size_t i) const {
    std::pair<size_t, int32_t> best{i, -1};
    int32_t node = 0;
    for (size_t k = i; k < text.size(); ++k) {
        node = child(node, static_cast<uint8_t>(text[k]));
        if (node < 0) break;
        if (trie_[static_cast<size_t>(node)].token >= 0) best = {k + 1, trie_[static_cast<size_t>(node)].token};
    }
    return best;
}

std::vector<Segment> AddedTokenSplitter::split(std::string_view text) const {
    std::vector<Segment> out;
    size_t done = 0;  // end of the last emitted segment
    for (size_t i = 0; i < text.size();) {
        if (!first_byte_[static_cast<uint8_t>(text[i])]) { ++i; continue; }
        auto [end, index] = longestAt(text, i);
        if (index < 0) { ++i; continue; }
        const AddedToken& tok = tokens_[static_cast<size_t>(index)];
        size_t start = i, stop = end;
        i = end;
        if (tok.single_word) {
            size_t s = 0, l = 0;
            const bool word_before = start > 0 && unicode::isWordChar(codepointBefore(text, start, &s));
            const bool word_after = stop < text.size() && unicode::isWordChar(codepointAt(text, stop, &l));
            if (word_before || word_after) continue;
        }
        if (tok.lstrip) {
            size_t s = 0;
            while (start > done && unicode::isWhitespace(codepointBefore(text, start, &s))) start = s;
        }
        if (tok.rstrip) {
            size_t l = 0;
            while (stop < text.size() && unicode::isWhitespace(codepointAt(text, stop, &l))) stop += l;
            i = stop;
        }
        if (start > done) out.push_back({text.substr(done, start - done), -1, done});
        out.push_back({text.substr(start, stop - start), tok.id, start});
        done = stop;
    }
    if (done < text.size()) out.push_back({text.substr(done), -1, done});
    return out;
}

} // namespace pb::tok
