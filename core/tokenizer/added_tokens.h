#pragma once
// Added tokens (tokenizers added_vocabulary.rs): found in the text before the model
// runs, leftmost-longest, and never split. The text between them is encoded normally.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pb::tok {

struct AddedToken {
    std::string content;
    int32_t id = -1;
    bool special = false;      // skipped when decoding with skip_special
    bool lstrip = false;       // the match swallows whitespace on its left
    bool rstrip = false;       // ... and on its right
    bool single_word = false;  // only matches when not inside a word
    bool normalized = false;   // matched in normalized text instead of raw text
};

// A piece of the input: plain text (id == -1) or an added token.
struct Segment {
    std::string_view text;
    int32_t id = -1;
    size_t offset = 0;  // byte offset in the text that was split
};

class AddedTokenSplitter {
public:
    // `match` is the string searched for (the content, or its normalized form).
    void add(const std::string& match, const AddedToken& token);
    bool empty() const { return tokens_.empty(); }
    std::vector<Segment> split(std::string_view text) const;

private:
    struct Node {
        std::vector<std::pair<uint8_t, int32_t>> children;
        int32_t token = -1;  // index into tokens_ when a match ends here
    };
    int32_t child(int32_t node, uint8_t byte) const;
    // Longest match starting at text[i]: {end, token index} or {i, -1}.
    std::pair<size_t, int32_t> longestAt(std::string_view text, size_t i) const;

    std::vector<Node> trie_{1};
    std::vector<AddedToken> tokens_;
    bool first_byte_[256] = {};
};

} // namespace pb::tok
