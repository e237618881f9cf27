#!/usr/bin/env python3
"""Builds tests/fixtures/tokenizer/regex_parity.json: what Hugging Face `tokenizers`
(Oniguruma, through the `onig` crate) makes of pre-tokenizer regexes, for the PCRE2
pre-tokenizer of core/tokenizer/regex.h to be compared with (tests/base/test_tokenizer_regex.cpp).

  pip install tokenizers        (no torch, no network beyond that)
  python3 tools/tokenizer/make_regex_parity.py

The fixture holds
  split     for every pattern (each distinct regex of core/tokenizer/gguf_pre.cpp's table,
            read from the source, plus tokenizer.json-style patterns with \\w \\s \\b (?i)
            lookarounds, possessive quantifiers, \\uHHHH, {,n}, POSIX brackets ...) and every
            text: Split(Regex(p), "isolated")'s pieces, each as its end in UTF-8 bytes, "+"
            after the ones that are matches (those Split(Regex(p), "removed") drops);
  classes   for single-character classes: the code points (all of Unicode but the
            surrogates) they match, as inclusive hex ranges "lo-hi";
  unicode   where the Unicode data of the two libraries may differ (tokenizers' Oniguruma
            has Unicode 16.0, Debian's PCRE2 10.42 Unicode 15.0): the code points unassigned
            in this Python's unicodedata, and the older ones whose properties Unicode 16.0
            changed (measured: the only differences on assigned code points);
  custom    a tokenizer.json (qwen2_style's vocabulary and merges) whose pre_tokenizer is
            no built-in one, with HF's ids for a set of texts.
"""
import json
import os
import re

import tokenizers
from tokenizers import Regex, Tokenizer, pre_tokenizers

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "tokenizer", "regex_parity.json")


def cpp_unescape(s):
    """The C++ escapes a plain string literal of gguf_pre.cpp uses."""
    s = re.sub(r"\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1), 16)), s)
    s = re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), s)
    return s.replace("\\\\", "\\").replace('\\"', '"')


def table_regexes():
    """Every distinct regex of gguf_pre.cpp (raw strings and the escaped literals), in order."""
    src = open(os.path.join(ROOT, "core", "tokenizer", "gguf_pre.cpp"), encoding="utf-8").read()
    pre_h = open(os.path.join(ROOT, "core", "tokenizer", "pre_tokenizers.h"), encoding="utf-8").read()
    gpt2 = re.search(r'kGpt2Regex =\s*R"\((.*?)\)";', pre_h, re.S).group(1)
    src = src[src.index("namespace {"):src.index("// llama.cpp names whose")]
    src = re.sub(r"//[^\n]*", "", src)
    out = [gpt2]
    for m in re.finditer(r'R"re\((.*?)\)re"|"((?:\\.|[^"\\])*)"', src, re.S):
        if m.group(1) is not None:
            r = m.group(1)
        elif "\\u" in m.group(2) or "\\U" in m.group(2):
            r = cpp_unescape(m.group(2))
        else:
            continue  # a name
        if r not in out:
            out.append(r)
    return out


# tokenizer.json-style patterns beyond the table (each checked to compile in Oniguruma).
EXTRA = [
    r"\w+|[^\w\s]+",
    r"\w+(?:'\w+)?|\S",
    r"\b\w+\b",
    r"\B\w",
    r"\s+",
    r"\S+",
    r"\s+(?!\S)|\s+",
    r"\d+|\D+",
    r"\h+",
    r"[\w\-]+",
    r"[^\w\s]",
    r"[^\s\w]+|\s+",
    r"(?i:the|and)\b",
    r"(?i)ab|cd",
    r"ab(?i)c|def",
    r"(?<=\s)\p{L}+",
    r"(?<![\p{L}\p{N}])\p{N}+",
    r"\p{L}+(?=\p{N})",
    r"[^\r\n\p{L}\p{N}]?+\p{L}++",
    r" ?\p{P}*+\p{L}*+",
    r"\u0020?[\u0041-\u005A\u00C0-\u00DE]+",
    r"\p{N}{,2}",
    r"\p{L}{2,3}?",
    r"\p{L}{2,}?",
    r"\x{1F600}|[\x{1F300}-\x{1FAFF}]+",
    r"[[:alpha:]]+|[[:digit:]]+|[[:space:]]+",
    r"[[:upper:]][[:lower:]]*",
    r"[[:^alpha:][:digit:]]+",
    r"\p{Han}+|\p{Hiragana}+|\p{Katakana}+|\p{Hangul}+",
    r"\p{Lu}\p{Ll}+|\p{Lu}+(?!\p{Ll})",
    r"[\p{M}\p{Mn}]+",
    r"(?m)\s.+?$",
    r"^\s+|\s+$",
    r"\s+\Z",
    r".",
    r"\R",
    r"(a|ab)(c|bcd)(d*)",
    r"(?>\s+)(?!\S)|\s+",
    r"(\p{L})\1+",
    r"(?<w>\p{L}+)\s\k<w>",
    r"\pL+",
    r"(?x) \p{L}+ | \p{N}+ ",
    r"'(?i:[sdmt]|ll|ve|re)",
    r"(?i)[a-z]+",
    r"(?i)\u212A|[\u00DF]",
]

TEXTS = [
    "", " ", "a", "\n", "Hello world", "Hello   world  ", "  leading and trailing  ",
    "tabs\tand\t\ttabs \t mixed", "CRLF\r\nlines\r\n\r\nand \r lone CR\n", "\n\n\nstarts and ends\n\n",
    "contractions: it's I'LL we'Re they'VE don't He'D she'M you'd O'Neil 'ſ K'S",
    "digits 1234567890 3.14159 1,000,000 007 x2y33z444w5555",
    "numbers٣٤٥ ١٢٣ ½ ¾ Ⅳ ⅷ ² ⁰ ① 𝟘𝟙",
    "accents: café naïve résumé Ångström Øresund e\u0301 A\u030a",
    "CJK: 中文测试 日本語のテキスト カタカナ 한국어 텍스트 ㄅㄆ",
    "Arabic: مرحبا بالعالم، Hebrew: שָׁלוֹם Devanagari: हिन्दी ไทย",
    "Greek Ελληνικά ΣΊΣΥΦΟΣ and Русский ТЕКСТ, Ǆǅǆ titlecase, ß ẞ ﬆ ﬁ",
    "emoji: 😀🎉👍🏽 family 👨‍👩‍👧 flag 🇫🇷 keycap 1️⃣",
    "NEL\u0085here, nbsp\u00a0thin\u2009ideo\u3000line\u2028para\u2029end\u200b zwsp\u200d",
    "    four spaces        eight spaces" + " " * 40 + "forty\n" + " " * 300 + "x",
    "punct!!! ??? ... --- *** ;;; ''' \"\"\" «quotes» “curly” — – … 。、，",
    "http://example.com/path?q=1&r=2#frag user@mail.org $5 €10 £3 ¥100 ∑∫√∞≤",
    "C++ code:\n    int main() { return 0; }\n\tindented_line = snake_case_1;",
    "under_score\u203fjoined \u2040tie ab\u00b7cd",
    "control\x07bell\x00nul\x7fdel\x1c\x1d\x1e\x1f sep",
    "aaa abab aab the THE And theory 1234 12 1 KKk \u212a\u212a",
    "word word again again xx",
    "mixed123abc456DEF789_ghi",
]


def utf8_offsets(text):
    """char offset -> byte offset."""
    out, b = [0], 0
    for ch in text:
        b += len(ch.encode("utf-8"))
        out.append(b)
    return out


def pieces(pattern, text):
    """Split(Regex(p), "isolated")'s pieces as "end" or "end+" (a match) in UTF-8 bytes,
    comma-separated: the gaps are the pieces "removed" keeps."""
    iso = pre_tokenizers.Split(Regex(pattern), "isolated").pre_tokenize_str(text)
    rem = {o for _, o in pre_tokenizers.Split(Regex(pattern), "removed").pre_tokenize_str(text)}
    off = utf8_offsets(text)
    return ",".join(f"{off[e]}{'' if (b, e) in rem else '+'}" for _, (b, e) in iso)


CLASSES = [r"\w", r"\s", r"\d", r"\h", r"[\w]", r"[[:alpha:]]", r"[[:upper:]]", r"[[:lower:]]",
           r"[[:space:]]", r"[[:blank:]]", r"\p{L}", r"\p{N}", r"\p{M}", r"\p{P}", r"\p{S}", r"\p{Han}",
           r"(?i)[k]", r"(?i)s", r"(?i:[^a-z])", r"."]

# Code points whose properties Unicode 16.0 changed (Other_Alphabetic: combining letters;
# Other_Lowercase: modifier letters): [[:alpha:]] and [[:lower:]] differ there.
UNICODE16_CHANGED = ["363-36f", "c04-c04", "f82-f83", "1dd3-1de6", "11080-11081", "10fc-10fc", "a7f2-a7f4",
                     "ab69-ab69"]


def unassigned_ranges():
    import unicodedata
    out = []
    for cp in range(0x110000):
        if unicodedata.category(chr(cp)) != "Cn":
            continue
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return unicodedata.unidata_version, [f"{a:x}-{b:x}" for a, b in out]


def class_ranges(pattern, all_text, cps):
    """Inclusive ranges of the code points of cps that pattern matches alone."""
    gaps = pre_tokenizers.Split(Regex(pattern), "removed").pre_tokenize_str(all_text)
    hit = [True] * len(cps)
    for _, (b, e) in gaps:  # char offsets == indexes into cps
        for i in range(b, e):
            hit[i] = False
    out = []
    for i, cp in enumerate(cps):
        if not hit[i]:
            continue
        if out and out[-1][1] == cp - 1 and hit[i - 1]:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [f"{a:x}-{b:x}" for a, b in out]


CUSTOM_PRE = {
    "type": "Sequence",
    "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": r"\p{N}{1,3}"}, "behavior": "Isolated", "invert": False},
        {"type": "Split", "pattern": {"Regex": r"[一-龥぀-ゟ゠-ヿ]+"}, "behavior": "Isolated", "invert": False},
        {"type": "Split", "pattern": {"Regex":
            r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            r"|\b\w{1,2}\b| ?[^\s\w]++[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"},
         "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
    ],
}


def custom_cases():
    path = os.path.join(ROOT, "tests", "fixtures", "tokenizer", "qwen2_style", "tokenizer.json")
    j = json.load(open(path, encoding="utf-8"))
    j["pre_tokenizer"] = CUSTOM_PRE
    tok = Tokenizer.from_str(json.dumps(j))
    texts = TEXTS + ["The Union is strong. In 1863, 3,000,000 people said 'we'LL go' — 12345678.",
                     "<|im_start|>user\nWhat's 2+2?<|im_end|>"]
    out = []
    for t in texts:
        ids = tok.encode(t, add_special_tokens=False).ids
        case = {"text": t, "ids": ids}
        decoded = tok.decode(ids, skip_special_tokens=False)
        if decoded != t:  # the NFC normalizer
            case["decoded"] = decoded
        out.append(case)
    return out


def main():
    patterns = table_regexes()
    n_table = len(patterns)
    patterns += [p for p in EXTRA if p not in patterns]
    split = []
    for p in patterns:
        split.append([pieces(p, t) for t in TEXTS])
    cps = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    all_text = "".join(map(chr, cps))
    classes = {c: class_ranges(c, all_text, cps) for c in CLASSES}
    version, unassigned = unassigned_ranges()
    fixture = {
        "description": "HF tokenizers (Oniguruma) matches of pre-tokenizer regexes; "
                       "tools/tokenizer/make_regex_parity.py",
        "tokenizers_version": tokenizers.__version__,
        "table_patterns": n_table,
        "patterns": patterns, "texts": TEXTS, "split": split, "classes": classes,
        "unicode": {"unassigned_in": version, "unassigned": unassigned, "changed_in_16": UNICODE16_CHANGED},
        "custom": {"base": "qwen2_style", "pre_tokenizer": CUSTOM_PRE, "cases": custom_cases()},
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
    cases = len(patterns) * len(TEXTS)
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT)} bytes): {len(patterns)} patterns "
          f"({n_table} from gguf_pre.cpp) x {len(TEXTS)} texts = {cases} cases, {len(classes)} classes")


if __name__ == "__main__":
    main()
