#pragma once
// tokenizer.json regexes are Oniguruma patterns (HF tokenizers compiles them with the
// `onig` crate, default syntax); the pre-tokenizer runs them through PCRE2. The two
// dialects agree on almost everything; this rewrites the few places where they do not.
#include <string>
#include <string_view>
#include <vector>

namespace pb::tok {

struct Pcre2Pattern {
    std::string pattern;           // PCRE2 syntax, for PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE
    std::vector<size_t> source_at; // for each byte of pattern, the offset in the Oniguruma source
};

// Rewrites an Oniguruma pattern for PCRE2 (each rule checked against HF tokenizers'
// onig, tests/fixtures/tokenizer/regex_parity.json):
//  - \s \S      -> White_Space (Oniguruma's \s has U+0085; PCRE2's UCP \s does not)
//  - \w \W \b \B -> Alphabetic | Mark | Nd | Pc, outside [...] also ² ³ ¹ ¼ ½ ¾
//  - \h \H      -> hexadecimal digit (PCRE2's \h is horizontal space)
//  - \uHHHH     -> \x{HHHH};  {,n} -> {0,n};  \pL (no brace) -> the letters "pL"
//  - \p{Han} (any script) -> \p{sc:Han} (PCRE2's \p{Han} is Script_Extensions)
//  - [:alpha:] [:upper:] [:lower:] [:space:] [:alnum:] [:word:] [:blank:] -> Oniguruma's
//    Unicode sets (Alphabetic, Uppercase, Lowercase, White_Space, ...)
//  - the inline option m (Oniguruma: dot matches newline) -> s; ^ and $ are line anchors
//    in Oniguruma, which the caller gets with PCRE2_MULTILINE; an isolated (?i) reaches
//    to the end of its group, later alternatives included (a(?i)b|c is a(?i:b|c)).
// Throws pb::Error, naming the offset, for what has no PCRE2 form here: \X, nested classes
// and && intersections inside [...], \W or \H inside [...], [:punct:] [:graph:]
// [:print:] [:cntrl:], group options other than i m x, and an interval followed by
// + or * (or {n} by ?), which Oniguruma reads as a quantifier of the quantifier.
// Not rewritten (known differences): under (?i) Oniguruma also folds one character to
// several (ß matches ss, ﬆ matches st), PCRE2 one to one; the contractions of real
// tokenizer regexes ('s 't 're 've 'm 'll 'd) have no such folds.
Pcre2Pattern onigToPcre2(std::string_view onig);

} // namespace pb::tok
