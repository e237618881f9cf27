#include "core/tokenizer/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/tokenizer/onig_syntax.h"
#include "core/tokenizer/unicode.h"
#include "core/util/error.h"

namespace pb::tok {

struct Regex::Code {
    pcre2_code* re = nullptr;
    bool jit = false;
    ~Code() { pcre2_code_free(re); }
};

namespace {

std::string pcre2Message(int code) {
    PCRE2_UCHAR buf[256];
    if (pcre2_get_error_message(code, buf, sizeof buf) < 0) return "PCRE2 error " + std::to_string(code);
    return reinterpret_cast<const char*>(buf);
}

// Per thread: one match block (only the whole match's pair is read) and a JIT stack
// larger than the default 32 KiB, so that long pieces do not run out of it.
struct MatchState {
    pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
    pcre2_match_context* context = pcre2_match_context_create(nullptr);
    pcre2_jit_stack* stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, nullptr);
    MatchState() {
        if (!data || !context) throw Error("tokenizer regex: out of memory for PCRE2 match data");
        if (stack) pcre2_jit_stack_assign(context, nullptr, stack);
    }
    ~MatchState() {
        pcre2_jit_stack_free(stack);
        pcre2_match_context_free(context);
        pcre2_match_data_free(data);
    }
};

MatchState& matchState() {
    thread_local MatchState state;
    return state;
}

size_t utf8Length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    return 4;
}

} // namespace

Regex::Regex(std::string_view pattern) : source_(pattern) {
    const Pcre2Pattern p = onigToPcre2(pattern);
    pcre2_compile_context* ctx = pcre2_compile_context_create(nullptr);
    if (!ctx) throw Error("tokenizer regex: out of memory for PCRE2");
    pcre2_set_newline(ctx, PCRE2_NEWLINE_LF);  // Oniguruma's only newline is \n
    int err = 0;
    PCRE2_SIZE err_at = 0;
    pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(p.pattern.data()), p.pattern.size(),
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | PCRE2_NEVER_BACKSLASH_C, &err,
                                   &err_at, ctx);
    pcre2_compile_context_free(ctx);
    if (!re) {
        const size_t at = err_at < p.source_at.size() ? p.source_at[err_at] : pattern.size();
        throw Error("tokenizer regex is invalid: " + pcre2Message(err) + " at offset " + std::to_string(at) +
                    " of " + source_);
    }
    auto code = std::make_shared<Code>();
    code->re = re;
    code->jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;  // falls back to the interpreter
    code_ = std::move(code);
}

std::vector<ByteRange> Regex::findAllValid(std::string_view text) const {
    MatchState& st = matchState();
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    const size_t n = text.size();
    std::vector<ByteRange> out;
    size_t last_end = 0;
    bool matched_before = false;
    size_t last_match_end = 0;
    while (last_end <= n) {
        int rc = code_->jit ? pcre2_jit_match(code_->re, subject, n, last_end, 0, st.data, st.context)
                            : PCRE2_ERROR_JIT_STACKLIMIT;
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)  // no JIT, or its stack ran out: the interpreter
            rc = pcre2_match(code_->re, subject, n, last_end, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, st.data, st.context);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) throw Error("tokenizer regex " + source_ + ": matching failed: " + pcre2Message(rc));
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(st.data);  // rc 0: only pair 0 fits, as wanted
        const size_t b = ov[0], e = ov[1];
        if (e < b) throw Error("tokenizer regex " + source_ + ": a match ends before it starts (\\K)");
        if (b == e && matched_before && last_match_end == e) {  // onig: skip, retry one code point on
            last_end += last_end < n ? utf8Length(static_cast<unsigned char>(text[last_end])) : 1;
            continue;
        }
        out.emplace_back(b, e);
        last_end = e;
        last_match_end = e;
        matched_before = true;
    }
    return out;
}

std::vector<ByteRange> Regex::findAll(std::string_view text) const {
    if (unicode::isValidUtf8(text)) return findAllValid(text);
    // Match a copy with U+FFFD for each invalid subpart, then map offsets back.
    const unicode::CodePoints cp = unicode::decodeUtf8(text);
    std::string valid;
    std::vector<size_t> to_text;  // valid-copy byte offset -> text offset, at code point starts
    valid.reserve(text.size() + 8);
    to_text.reserve(text.size() + 8);
    for (size_t k = 0; k < cp.cps.size(); ++k) {
        const size_t before = valid.size();
        unicode::appendUtf8(valid, cp.cps[k]);
        to_text.resize(valid.size(), cp.offsets[k]);
        to_text[before] = cp.offsets[k];
    }
    to_text.push_back(text.size());
    std::vector<ByteRange> out = findAllValid(valid);
    for (auto& [b, e] : out) {
        b = to_text[b];
        e = to_text[e];
    }
    return out;
}

} // namespace pb::tok
