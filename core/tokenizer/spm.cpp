#include "core/tokenizer/spm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include "core/tokenizer/unicode.h"
#include "core/util/error.h"

namespace pb::tok {
namespace {

class Spm final : public Model {
public:
    Spm(Vocab vocab, std::vector<float> scores, int32_t unk_id)
        : vocab_(std::move(vocab)), scores_(std::move(scores)), unk_id_(unk_id) {
        scores_.resize(vocab_.tokens.size(), 0.0f);
        static const char* hex = "0123456789ABCDEF";
        for (int b = 0; b < 256; ++b) {
            const std::string name{'<', '0', 'x', hex[b >> 4], hex[b & 15], '>'};
            int32_t id = vocab_.find(name);
            if (id < 0) id = vocab_.find(std::string(1, static_cast<char>(b)));  // llama.cpp's fallback
            byte_ids_[b] = id < 0 ? unk_id_ : id;
        }
    }

    const Vocab& vocab() const override { return vocab_; }

    // The whole segment is one "word": SentencePiece merges are not cached.
    void tokenize(std::string_view text, std::vector<int32_t>& out, WordCache*) const override {
        struct Symbol {
            size_t begin, len;  // bytes of text; len 0 once merged into its left neighbour
            int32_t prev, next;
        };
        struct Bigram {
            float score;
            int32_t left, right;
            size_t len;
            bool operator<(const Bigram& o) const {  // max-heap: highest score, then leftmost
                return score != o.score ? score < o.score : left > o.left;
            }
        };
        std::vector<Symbol> sym;
        sym.reserve(text.size());
        for (size_t i = 0; i < text.size();) {
            size_t len = unicode::validSequenceLength(text, i);
            if (len == 0) len = 1;
            const int32_t n = static_cast<int32_t>(sym.size());
            sym.push_back({i, len, n - 1, -1});
            if (n > 0) sym[static_cast<size_t>(n - 1)].next = n;
            i += len;
        }
        std::priority_queue<Bigram> queue;
        auto tryAdd = [&](int32_t l, int32_t r) {
            if (l < 0 || r < 0) return;
            const size_t len = sym[static_cast<size_t>(l)].len + sym[static_cast<size_t>(r)].len;
            const int32_t id = vocab_.find(text.substr(sym[static_cast<size_t>(l)].begin, len));
            if (id >= 0) queue.push({scores_[static_cast<size_t>(id)], l, r, len});
        };
        for (int32_t i = 1; i < static_cast<int32_t>(sym.size()); ++i) tryAdd(i - 1, i);

        while (!queue.empty()) {
            const Bigram b = queue.top();
            queue.pop();
            Symbol& l = sym[static_cast<size_t>(b.left)];
            Symbol& r = sym[static_cast<size_t>(b.right)];
            if (l.len == 0 || r.len == 0 || l.len + r.len != b.len) continue;  // stale
            l.len += r.len;
            r.len = 0;
            l.next = r.next;
            if (r.next >= 0) sym[static_cast<size_t>(r.next)].prev = b.left;
            tryAdd(l.prev, b.left);
            tryAdd(b.left, l.next);
        }
        for (int32_t i = sym.empty() ? -1 : 0; i >= 0; i = sym[static_cast<size_t>(i)].next) {
            const Symbol& s = sym[static_cast<size_t>(i)];
            const int32_t id = vocab_.find(text.substr(s.begin, s.len));
            if (id >= 0) {
                out.push_back(id);
                continue;
            }
            // Only single characters can be left that are not tokens: emit their bytes.
            for (size_t k = 0; k < s.len; ++k) {
                const int32_t bid = byte_ids_[static_cast<uint8_t>(text[s.begin + k])];
                if (bid >= 0) out.push_back(bid);
            }
        }
    }

private:
    Vocab vocab_;
    std::vector<float> scores_;
    int32_t unk_id_;
    int32_t byte_ids_[256];
};

} // namespace

float spmScore(double score, size_t index, const std::string& where) {
    if (std::isnan(score))
        throw FormatError(where + "tokenizer.ggml.scores[" + std::to_string(index) + "] is NaN (scores must be numbers)");
    constexpr double kMax = std::numeric_limits<float>::max();
    return static_cast<float>(std::clamp(score, -kMax, kMax));
}

std::unique_ptr<Model> makeSpm(Vocab vocab, std::vector<float> scores, int32_t unk_id) {
    return std::make_unique<Spm>(std::move(vocab), std::move(scores), unk_id);
}

} // namespace pb::tok
