// The merge loop follows tokenizers word.rs `merge_all`: a priority queue of
// candidate merges (rank, position), validated lazily when popped.
#include "core/tokenizer/bpe.h"

#include <queue>

#include "core/tokenizer/unicode.h"

namespace pb::tok {
namespace {

// Pre-tokens longer than this are not cached (a whole paragraph when there is no
// pre-tokenizer would only fill the cache).
constexpr size_t kMaxCachedBytes = 256;

uint64_t pairKey(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

std::string byteToken(uint8_t b) {
    static const char* hex = "0123456789ABCDEF";
    return std::string{'<', '0', 'x', hex[b >> 4], hex[b & 15], '>'};
}

class Bpe final : public Model {
public:
    Bpe(Vocab vocab, const std::vector<std::pair<std::string, std::string>>& merges, BpeOptions opt)
        : vocab_(std::move(vocab)), opt_(std::move(opt)) {
        merges_.reserve(merges.size());
        for (size_t rank = 0; rank < merges.size(); ++rank) {
            const auto& [a, b] = merges[rank];
            const int32_t ia = vocab_.find(a), ib = vocab_.find(b), inew = vocab_.find(a + b);
            if (ia < 0 || ib < 0 || inew < 0) continue;
            // A repeated pair keeps its last rank, like the HashMap tokenizers builds.
            merges_.insert_or_assign(pairKey(ia, ib), Merge{static_cast<uint32_t>(rank), inew});
        }
        if (opt_.unk_token) unk_id_ = vocab_.find(*opt_.unk_token);
        for (int b = 0; b < 256; ++b) byte_ids_[b] = vocab_.find(byteToken(static_cast<uint8_t>(b)));
    }

    const Vocab& vocab() const override { return vocab_; }

    void tokenize(std::string_view piece, std::vector<int32_t>& out, WordCache* cache) const override {
        if (piece.empty()) return;
        if (opt_.ignore_merges)
            if (int32_t id = vocab_.find(piece); id >= 0) {
                out.push_back(id);
                return;
            }
        if (cache && piece.size() <= kMaxCachedBytes) {
            if (auto it = cache->find(piece); it != cache->end()) {
                out.insert(out.end(), it->second.begin(), it->second.end());
                return;
            }
            std::vector<int32_t> ids;
            encodeWord(piece, ids);
            out.insert(out.end(), ids.begin(), ids.end());
            cache->emplace(std::string(piece), std::move(ids));
            return;
        }
        encodeWord(piece, out);
    }

private:
    struct Merge {
        uint32_t rank;
        int32_t new_id;
    };
    struct Symbol {
        int32_t id;
        int32_t prev, next;
        bool alive;
    };
    struct Candidate {
        uint32_t rank;
        int32_t pos;
        int32_t new_id;
        bool operator<(const Candidate& o) const {  // max-heap: lowest rank, then leftmost on top
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };

    // Characters -> initial symbols (with byte fallback / unk), then merges.
    void encodeWord(std::string_view word, std::vector<int32_t>& out) const {
        std::vector<Symbol> sym;
        sym.reserve(word.size());
        auto push = [&](int32_t id) {
            const int32_t n = static_cast<int32_t>(sym.size());
            sym.push_back({id, n - 1, -1, true});
            if (n > 0) sym[static_cast<size_t>(n - 1)].next = n;
        };
        bool last_unk = false;
        for (size_t i = 0; i < word.size();) {
            size_t len = unicode::validSequenceLength(word, i);
            if (len == 0) len = 1;
            const std::string_view ch = word.substr(i, len);
            i += len;
            if (int32_t id = vocab_.find(ch); id >= 0) {
                push(id);
                last_unk = false;
                continue;
            }
            if (opt_.byte_fallback && allBytesKnown(ch)) {
                for (char c : ch) push(byte_ids_[static_cast<uint8_t>(c)]);
                last_unk = false;
                continue;
            }
            if (unk_id_ >= 0) {
                if (!(opt_.fuse_unk && last_unk)) push(unk_id_);
                last_unk = true;
            }
            // No unk token: the character is dropped, as tokenizers does.
        }

        std::priority_queue<Candidate> queue;
        auto consider = [&](int32_t pos) {
            const Symbol& s = sym[static_cast<size_t>(pos)];
            if (s.next < 0) return;
            auto it = merges_.find(pairKey(s.id, sym[static_cast<size_t>(s.next)].id));
            if (it != merges_.end()) queue.push({it->second.rank, pos, it->second.new_id});
        };
        for (int32_t p = 0; p + 1 < static_cast<int32_t>(sym.size()); ++p) consider(p);

        while (!queue.empty()) {
            const Candidate top = queue.top();
            queue.pop();
            Symbol& left = sym[static_cast<size_t>(top.pos)];
            if (!left.alive || left.next < 0) continue;
            Symbol& right = sym[static_cast<size_t>(left.next)];
            auto it = merges_.find(pairKey(left.id, right.id));
            if (it == merges_.end() || it->second.new_id != top.new_id) continue;  // stale
            left.id = top.new_id;
            right.alive = false;
            left.next = right.next;
            if (right.next >= 0) sym[static_cast<size_t>(right.next)].prev = top.pos;
            if (left.prev >= 0) consider(left.prev);
            consider(top.pos);
        }
        for (const Symbol& s : sym)
            if (s.alive) out.push_back(s.id);
    }

    bool allBytesKnown(std::string_view ch) const {
        for (char c : ch)
            if (byte_ids_[static_cast<uint8_t>(c)] < 0) return false;
        return true;
    }

    Vocab vocab_;
    BpeOptions opt_;
    std::unordered_map<uint64_t, Merge> merges_;
    int32_t unk_id_ = -1;
    int32_t byte_ids_[256];
};

} // namespace

std::unique_ptr<Model> makeBpe(Vocab vocab, const std::vector<std::pair<std::string, std::string>>& merges,
                               BpeOptions options) {
    return std::make_unique<Bpe>(std::move(vocab), merges, std::move(options));
}

} // namespace pb::tok
