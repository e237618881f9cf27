#include "core/tokenizer/pre_tokenizers.h"

#include "core/tokenizer/byte_level.h"

namespace pb::tok {

std::vector<ByteRange> splitRanges(std::string_view text, const std::vector<ByteRange>& matches,
                                   SplitBehavior behavior, bool invert) {
    // All of text as (range, is_match), alternating gaps and matches.
    std::vector<std::pair<ByteRange, bool>> parts;
    size_t pos = 0;
    for (auto [b, e] : matches) {
        if (b > pos) parts.push_back({{pos, b}, invert});
        parts.push_back({{b, e}, !invert});
        pos = e;
    }
    if (pos < text.size()) parts.push_back({{pos, text.size()}, invert});

    std::vector<ByteRange> out;
    switch (behavior) {
    case SplitBehavior::Removed:
        for (auto& [r, m] : parts)
            if (!m) out.push_back(r);
        break;
    case SplitBehavior::Isolated:
        for (auto& [r, m] : parts) out.push_back(r);
        break;
    case SplitBehavior::MergedWithPrevious: {
        bool prev_match = false;
        for (auto& [r, m] : parts) {
            if (m && !prev_match && !out.empty()) out.back().second = r.second;
            else out.push_back(r);
            prev_match = m;
        }
        break;
    }
    case SplitBehavior::MergedWithNext: {
        bool prev_match = false;  // walking backwards: "previous" is the next piece
        std::vector<ByteRange> rev;
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
            if (it->second && !prev_match && !rev.empty()) rev.back().first = it->first.first;
            else rev.push_back(it->first);
            prev_match = it->second;
        }
        out.assign(rev.rbegin(), rev.rend());
        break;
    }
    case SplitBehavior::Contiguous: {
        bool prev_match = false;
        for (auto& [r, m] : parts) {
            if (m && prev_match && !out.empty()) out.back().second = r.second;
            else out.push_back(r);
            prev_match = m;
        }
        break;
    }
    }
    std::erase_if(out, [](const ByteRange& r) { return r.first == r.second; });
    return out;
}

namespace {

// Compiled once per process, shared by every tokenizer.
const Regex& gpt2Regex() {
    static const Regex re(kGpt2Regex);
    return re;
}

// Replaces each piece by its sub-pieces; only a sub-piece at offset 0 keeps at_start.
template <class Fn>
void splitEach(std::vector<Piece>& pieces, Fn ranges_of) {
    std::vector<Piece> out;
    out.reserve(pieces.size() * 2);
    for (Piece& p : pieces) {
        for (auto [b, e] : ranges_of(std::string_view(p.text)))
            out.push_back({p.text.substr(b, e - b), p.at_start && b == 0});
    }
    pieces = std::move(out);
}

class SplitPre final : public PreTokenizer {
public:
    SplitPre(Matcher m, SplitBehavior b, bool inv) : m_(std::move(m)), b_(b), inv_(inv) {}
    void apply(std::vector<Piece>& pieces) const override {
        splitEach(pieces, [&](std::string_view t) { return splitRanges(t, m_.find(t), b_, inv_); });
    }

private:
    Matcher m_;
    SplitBehavior b_;
    bool inv_;
};

class ByteLevelPre final : public PreTokenizer {
public:
    ByteLevelPre(bool prefix, bool regex) : prefix_(prefix), regex_(regex) {}
    void apply(std::vector<Piece>& pieces) const override {
        if (prefix_)
            for (Piece& p : pieces)
                if (p.text.empty() || p.text[0] != ' ') p.text.insert(0, 1, ' ');
        if (regex_)
            splitEach(pieces, [](std::string_view t) {
                return splitRanges(t, gpt2Regex().findAll(t), SplitBehavior::Isolated, false);
            });
        for (Piece& p : pieces) p.text = byte_level::encode(p.text);
    }

private:
    bool prefix_, regex_;
};

class MetaspacePre final : public PreTokenizer {
public:
    MetaspacePre(std::string rep, PrependScheme s, bool split) : rep_(std::move(rep)), scheme_(s), split_(split) {}
    void apply(std::vector<Piece>& pieces) const override {
        for (Piece& p : pieces) {
            std::string t;
            t.reserve(p.text.size() + rep_.size());
            for (char c : p.text) {
                if (c == ' ') t += rep_;
                else t += c;
            }
            const bool has = t.compare(0, rep_.size(), rep_) == 0;
            if (!has && (scheme_ == PrependScheme::Always || (scheme_ == PrependScheme::First && p.at_start)))
                t.insert(0, rep_);
            p.text = std::move(t);
        }
        if (split_) {
            const Matcher m(rep_);
            splitEach(pieces, [&](std::string_view t) {
                return splitRanges(t, m.find(t), SplitBehavior::MergedWithNext, false);
            });
        }
    }

private:
    std::string rep_;
    PrependScheme scheme_;
    bool split_;
};

class SequencePre final : public PreTokenizer {
public:
    explicit SequencePre(std::vector<std::unique_ptr<PreTokenizer>> s) : steps_(std::move(s)) {}
    void apply(std::vector<Piece>& pieces) const override {
        for (const auto& s : steps_) s->apply(pieces);
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> steps_;
};

} // namespace

std::unique_ptr<PreTokenizer> makeSplit(Matcher matcher, SplitBehavior behavior, bool invert) {
    return std::make_unique<SplitPre>(std::move(matcher), behavior, invert);
}

std::unique_ptr<PreTokenizer> makeDigits(bool individual) {
    // Rust's char::is_numeric is the N categories, as \p{N}.
    static const Regex digit(R"(\p{N})"), digits(R"(\p{N}+)");
    return makeSplit(Matcher(individual ? digit : digits), SplitBehavior::Isolated, false);
}

std::unique_ptr<PreTokenizer> makeByteLevel(bool add_prefix_space, bool use_regex) {
    return std::make_unique<ByteLevelPre>(add_prefix_space, use_regex);
}

std::unique_ptr<PreTokenizer> makeMetaspace(std::string replacement, PrependScheme scheme, bool split) {
    return std::make_unique<MetaspacePre>(std::move(replacement), scheme, split);
}

std::unique_ptr<PreTokenizer> makeSequence(std::vector<std::unique_ptr<PreTokenizer>> steps) {
    return std::make_unique<SequencePre>(std::move(steps));
}

} // namespace pb::tok
