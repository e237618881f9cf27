#include "core/tokenizer/normalizers.h"

#include "core/io/limits.h"
#include "core/tokenizer/unicode.h"
#include "core/util/error.h"

namespace pb::tok {

namespace {
// How large a normalizer may make a text of n bytes (limits.h: chained Replace steps
// cannot turn a short text into gigabytes).
uint64_t grownLimit(uint64_t n) { return n * limits::kMaxNormalizeGrowth + limits::kNormalizeSlackBytes; }
[[noreturn]] void tooLarge(uint64_t n) {
    throw Error("the tokenizer's normalizer makes a text of " + std::to_string(n) + " bytes more than " +
                std::to_string(limits::kMaxNormalizeGrowth) + " times larger (a Replace or Prepend step in "
                "tokenizer.json grows it without bound)");
}
} // namespace

std::string replaceAll(std::string_view text, std::string_view from, std::string_view to) {
    if (from.empty()) return std::string(text);
    if (to.size() > from.size()) {  // check the result's size before building it
        uint64_t hits = 0;
        for (size_t hit = text.find(from); hit != std::string_view::npos; hit = text.find(from, hit + from.size())) ++hits;
        if (text.size() + hits * (to.size() - from.size()) > grownLimit(text.size())) tooLarge(text.size());
    }
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    for (size_t hit = text.find(from); hit != std::string_view::npos; hit = text.find(from, pos)) {
        out.append(text.substr(pos, hit - pos));
        out.append(to);
        pos = hit + from.size();
    }
    out.append(text.substr(pos));
    return out;
}

std::string replaceMatches(std::string_view text, const Matcher& pattern, std::string_view to) {
    if (const std::string* literal = pattern.literal()) return replaceAll(text, *literal, to);
    const std::vector<ByteRange> hits = pattern.find(text);
    uint64_t size = text.size();
    for (auto [b, e] : hits) size = size - (e - b) + to.size();
    if (size > grownLimit(text.size())) tooLarge(text.size());
    std::string out;
    out.reserve(size);
    size_t pos = 0;
    for (auto [b, e] : hits) {
        out.append(text.substr(pos, b - pos));
        out.append(to);
        pos = e;
    }
    out.append(text.substr(pos));
    return out;
}

namespace {

class Nfc final : public Normalizer {
public:
    std::string normalize(std::string text) const override { return unicode::nfc(text); }
};

class Prepend final : public Normalizer {
public:
    explicit Prepend(std::string p) : p_(std::move(p)) {}
    std::string normalize(std::string text) const override {
        if (text.empty()) return text;
        if (text.size() + p_.size() > grownLimit(text.size())) tooLarge(text.size());
        return p_ + text;
    }

private:
    std::string p_;
};

class Replace final : public Normalizer {
public:
    Replace(Matcher from, std::string to) : from_(std::move(from)), to_(std::move(to)) {}
    std::string normalize(std::string text) const override { return replaceMatches(text, from_, to_); }

private:
    Matcher from_;
    std::string to_;
};

class Sequence final : public Normalizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<Normalizer>> s) : steps_(std::move(s)) {}
    std::string normalize(std::string text) const override {
        const uint64_t n = text.size();
        for (const auto& s : steps_) {
            text = s->normalize(std::move(text));
            if (text.size() > grownLimit(n)) tooLarge(n);  // the whole chain, not each step
        }
        return text;
    }

private:
    std::vector<std::unique_ptr<Normalizer>> steps_;
};

} // namespace

std::unique_ptr<Normalizer> makeNfc() { return std::make_unique<Nfc>(); }
std::unique_ptr<Normalizer> makePrepend(std::string prefix) { return std::make_unique<Prepend>(std::move(prefix)); }
std::unique_ptr<Normalizer> makeReplace(Matcher pattern, std::string content) {
    return std::make_unique<Replace>(std::move(pattern), std::move(content));
}
std::unique_ptr<Normalizer> makeNormalizerSequence(std::vector<std::unique_ptr<Normalizer>> steps) {
    return std::make_unique<Sequence>(std::move(steps));
}

} // namespace pb::tok
