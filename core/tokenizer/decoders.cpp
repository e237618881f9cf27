#include "core/tokenizer/decoders.h"

#include "core/tokenizer/byte_level.h"
#include "core/tokenizer/normalizers.h"
#include "core/tokenizer/unicode.h"

namespace pb::tok {

std::string Decoder::decode(std::vector<std::string> tokens) const {
    decodeChain(tokens);
    std::string out;
    for (const auto& t : tokens) out += t;
    return out;
}

namespace {

class ByteLevelDec final : public Decoder {
public:
    void decodeChain(std::vector<std::string>& tokens) const override {
        std::string bytes;
        for (const auto& t : tokens) {
            // A token with a character outside the alphabet passes through as is.
            if (auto b = byte_level::decode(t)) bytes += *b;
            else bytes += t;
        }
        tokens.assign(1, unicode::toValidUtf8(bytes));
    }
};

class MetaspaceDec final : public Decoder {
public:
    MetaspaceDec(std::string rep, PrependScheme s) : rep_(std::move(rep)), scheme_(s) {}
    void decodeChain(std::vector<std::string>& tokens) const override {
        for (size_t i = 0; i < tokens.size(); ++i) {
            const bool drop = (i == 0 && scheme_ != PrependScheme::Never);
            tokens[i] = replaceAll(tokens[i], rep_, drop ? "" : " ");
        }
    }

private:
    std::string rep_;
    PrependScheme scheme_;
};

class ReplaceDec final : public Decoder {
public:
    ReplaceDec(Matcher from, std::string to) : from_(std::move(from)), to_(std::move(to)) {}
    void decodeChain(std::vector<std::string>& tokens) const override {
        for (auto& t : tokens) t = replaceMatches(t, from_, to_);
    }

private:
    Matcher from_;
    std::string to_;
};

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

class ByteFallbackDec final : public Decoder {
public:
    void decodeChain(std::vector<std::string>& tokens) const override {
        std::vector<std::string> out;
        std::string pending;  // bytes of consecutive <0xNN> tokens
        size_t pending_count = 0;
        auto flush = [&] {
            if (pending_count == 0) return;
            if (unicode::isValidUtf8(pending)) out.push_back(pending);
            else
                for (size_t k = 0; k < pending_count; ++k) out.push_back(unicode::toUtf8(unicode::kReplacement));
            pending.clear();
            pending_count = 0;
        };
        for (auto& t : tokens) {
            const bool is_byte = t.size() == 6 && t.compare(0, 3, "<0x") == 0 && t[5] == '>' &&
                                 hexDigit(t[3]) >= 0 && hexDigit(t[4]) >= 0;
            if (is_byte) {
                pending += static_cast<char>(hexDigit(t[3]) * 16 + hexDigit(t[4]));
                ++pending_count;
            } else {
                flush();
                out.push_back(std::move(t));
            }
        }
        flush();
        tokens = std::move(out);
    }
};

class FuseDec final : public Decoder {
public:
    void decodeChain(std::vector<std::string>& tokens) const override {
        std::string all;
        for (const auto& t : tokens) all += t;
        tokens.assign(1, std::move(all));
    }
};

class StripDec final : public Decoder {
public:
    StripDec(std::string c, size_t start, size_t stop) : c_(std::move(c)), start_(start), stop_(stop) {}
    void decodeChain(std::vector<std::string>& tokens) const override {
        if (c_.empty()) return;
        for (auto& t : tokens) {
            size_t b = 0, e = t.size();
            for (size_t k = 0; k < start_ && t.compare(b, c_.size(), c_) == 0 && b < e; ++k) b += c_.size();
            for (size_t k = 0; k < stop_ && e >= b + c_.size() && t.compare(e - c_.size(), c_.size(), c_) == 0; ++k)
                e -= c_.size();
            t = t.substr(b, e - b);
        }
    }

private:
    std::string c_;
    size_t start_, stop_;
};

class SequenceDec final : public Decoder {
public:
    explicit SequenceDec(std::vector<std::unique_ptr<Decoder>> s) : steps_(std::move(s)) {}
    void decodeChain(std::vector<std::string>& tokens) const override {
        for (const auto& s : steps_) s->decodeChain(tokens);
    }

private:
    std::vector<std::unique_ptr<Decoder>> steps_;
};

} // namespace

std::unique_ptr<Decoder> makeByteLevelDecoder() { return std::make_unique<ByteLevelDec>(); }
std::unique_ptr<Decoder> makeMetaspaceDecoder(std::string replacement, PrependScheme scheme) {
    return std::make_unique<MetaspaceDec>(std::move(replacement), scheme);
}
std::unique_ptr<Decoder> makeReplaceDecoder(Matcher pattern, std::string content) {
    return std::make_unique<ReplaceDec>(std::move(pattern), std::move(content));
}
std::unique_ptr<Decoder> makeByteFallbackDecoder() { return std::make_unique<ByteFallbackDec>(); }
std::unique_ptr<Decoder> makeFuseDecoder() { return std::make_unique<FuseDec>(); }
std::unique_ptr<Decoder> makeStripDecoder(std::string content, size_t start, size_t stop) {
    return std::make_unique<StripDec>(std::move(content), start, stop);
}
std::unique_ptr<Decoder> makeDecoderSequence(std::vector<std::unique_ptr<Decoder>> steps) {
    return std::make_unique<SequenceDec>(std::move(steps));
}

} // namespace pb::tok
