#include "core/tokenizer/pipeline.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/io/limits.h"
#include "core/tokenizer/unicode.h"
#include "core/util/error.h"

namespace pb::tok {
namespace {

class PipelineTokenizer final : public Tokenizer {
public:
    explicit PipelineTokenizer(Pipeline p) : p_(std::move(p)) {
        if (!p_.model) throw Error("tokenizer has no model");
        vocab_size_ = p_.model->vocab().size();
        for (const AddedToken& t : p_.added) {
            if (t.id < 0) continue;
            // The loaders check ids (core/io/token_id.h); this keeps id + 1 from overflowing.
            if (t.id >= limits::kMaxVocab)
                throw FormatError("added token id " + std::to_string(t.id) + " is not below the vocabulary limit " +
                                  std::to_string(limits::kMaxVocab));
            vocab_size_ = std::max(vocab_size_, t.id + 1);
            added_text_.emplace(t.id, t.content);
            if (t.special) special_.insert(t.id);
            // Normalized tokens are searched for in normalized text, so in normalized form.
            if (t.normalized && p_.normalizer) norm_split_.add(p_.normalizer->normalize(t.content), t);
            else if (t.normalized) norm_split_.add(t.content, t);
            else raw_split_.add(t.content, t);
        }
        // Ids encode() emits on its own must be rows of the embedding the vocabulary size is checked against.
        auto inVocab = [&](int32_t id, const char* what) {
            if (id >= vocab_size_)
                throw FormatError(std::string(what) + " id " + std::to_string(id) + " is not in the vocabulary (" +
                                  std::to_string(vocab_size_) + " tokens)");
        };
        for (int32_t id : p_.prefix) inVocab(id, "special token (post_processor)");
        for (int32_t id : p_.suffix) inVocab(id, "special token (post_processor)");
        inVocab(p_.bos, "BOS");
        inVocab(p_.eos, "EOS");
    }

    std::vector<int32_t> encode(std::string_view input, bool add_special) const override {
        // Reference tokenizers take Unicode strings; invalid UTF-8 becomes U+FFFD first.
        const std::string text = unicode::isValidUtf8(input) ? std::string(input) : unicode::toValidUtf8(input);
        std::vector<int32_t> ids;
        ids.reserve(text.size() / 3 + 8);
        if (add_special) ids = p_.prefix;
        WordCache cache;
        std::vector<Piece> pieces;
        for (const Segment& seg : splitOrWhole(raw_split_, text)) {
            if (seg.id >= 0) {
                ids.push_back(seg.id);
                continue;
            }
            const std::string norm = p_.normalizer ? p_.normalizer->normalize(std::string(seg.text))
                                                   : std::string(seg.text);
            for (const Segment& sub : splitOrWhole(norm_split_, norm)) {
                if (sub.id >= 0) {
                    ids.push_back(sub.id);
                    continue;
                }
                if (sub.text.empty()) continue;
                pieces.assign(1, Piece{std::string(sub.text), seg.offset == 0 && sub.offset == 0});
                if (p_.pre_tokenizer) p_.pre_tokenizer->apply(pieces);
                for (const Piece& piece : pieces) p_.model->tokenize(piece.text, ids, &cache);
            }
        }
        if (add_special) ids.insert(ids.end(), p_.suffix.begin(), p_.suffix.end());
        return ids;
    }

    std::string decode(const std::vector<int32_t>& ids, bool skip_special) const override {
        std::vector<std::string> tokens;
        tokens.reserve(ids.size());
        for (int32_t id : ids) {
            if (skip_special && special_.count(id)) continue;
            if (auto it = added_text_.find(id); it != added_text_.end()) {
                tokens.push_back(it->second);
                continue;
            }
            const auto& v = p_.model->vocab().tokens;
            if (id >= 0 && static_cast<size_t>(id) < v.size()) tokens.push_back(v[static_cast<size_t>(id)]);
            // Ids the vocabulary does not know are dropped, as tokenizers does.
        }
        if (p_.decoder) return p_.decoder->decode(std::move(tokens));
        std::string out;
        for (size_t i = 0; i < tokens.size(); ++i) out += (i ? " " : "") + tokens[i];
        return out;
    }

    std::string tokenText(int32_t id) const override {
        if (auto it = added_text_.find(id); it != added_text_.end()) return it->second;
        const auto& v = p_.model->vocab().tokens;
        return (id >= 0 && static_cast<size_t>(id) < v.size()) ? v[static_cast<size_t>(id)] : std::string();
    }
    int32_t vocabSize() const override { return vocab_size_; }
    int32_t bosId() const override { return p_.bos; }
    int32_t eosId() const override { return p_.eos; }
    bool addsBos() const override { return p_.bos >= 0 && !p_.prefix.empty() && p_.prefix.front() == p_.bos; }
    std::string kind() const override { return p_.kind; }

private:
    static std::vector<Segment> splitOrWhole(const AddedTokenSplitter& s, std::string_view text) {
        if (s.empty()) return {Segment{text, -1, 0}};
        return s.split(text);
    }

    Pipeline p_;
    AddedTokenSplitter raw_split_, norm_split_;
    std::unordered_map<int32_t, std::string> added_text_;
    std::unordered_set<int32_t> special_;
    int32_t vocab_size_ = 0;
};

} // namespace

std::unique_ptr<Tokenizer> makeTokenizer(Pipeline pipeline) {
    return std::make_unique<PipelineTokenizer>(std::move(pipeline));
}

} // namespace pb::tok
