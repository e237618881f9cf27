#!/usr/bin/env python3
"""Builds the tokenizer test fixtures in tests/fixtures/tokenizer/.

The reference ids come from implementations independent of ours: Hugging Face
`tokenizers` (Rust) for tokenizer.json pipelines, and, for the SentencePiece GGUF
path, a direct Python transcription of llama.cpp's llm_tokenizer_spm.

  pip install tokenizers transformers gguf      (no torch needed)
  python3 tools/tokenizer/make_fixtures.py

Outputs (kept small, the folder stays under ~400 KB):
  demo_reference.json     SmolLM2-135M-Instruct GGUF tokenizer (byte-level BPE, pre "smollm")
  spm_style/              SentencePiece-style BPE: Prepend+Replace normalizer, byte fallback
  spm_metaspace/          same vocabulary, non-legacy form: Metaspace(prepend first, no split)
  llama3_style/           Llama-3 regex + ByteLevel, ignore_merges, <|begin_of_text|> template
  qwen2_style/            Qwen2 regex, NFC normalizer, ChatML specials, no BOS
  spm_style.gguf, llama3_style.gguf   the same vocabularies as GGUF tokenizer metadata
  nfc_cases.json          NFC input/output pairs from Python's unicodedata

Every reference has cases [{text, ids, ids_special?, decoded?, gguf_ids?}] (the optional
fields only where they differ from ids / text / ids) and
moby {length, sha256} where sha256 is over ",".join(ids) of the whole of Moby Dick.
"""
import hashlib
import heapq
import json
import os
import random
import sys
import unicodedata

import gguf
import numpy as np
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers
from tokenizers import pre_tokenizers, processors, trainers

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "tokenizer")
CACHE = os.path.expanduser("~/.cache/prunebench")
DEMO_GGUF = os.path.join(CACHE, "SmolLM2-135M-Instruct.Q4_1.gguf")
MOBY = os.path.join(CACHE, "text", "moby-dick.txt")
SOTU = os.path.join(CACHE, "text", "sotu")

GPT2_RE = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
LLAMA3_RE = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
             r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_RE = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
            r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
SPACE = "\u2581"

HARD = [
    "", " ", "\n", "a", "Hello world", "Hello   world", "  leading spaces", "trailing spaces   ",
    "multiple   spaces\n\n\nnewlines\r\n\r\nCRLF and \r lone CR",
    "tabs\tand\t\ttabs \t mixed", "digits 1234567890 and 3.14159 and 1,000,000 and 007",
    "x2y33z444w5555", "accents: café naïve résumé Ångström Øresund",
    "CJK: 中文测试 日本語のテキスト 한국어 텍스트", "emoji: 😀🎉👍🏽 family 👨‍👩‍👧 flag 🇫🇷",
    "Arabic: مرحبا بالعالم ١٢٣", "Greek Ελληνικά and Русский текст and हिन्दी and ไทย",
    "contractions: it's I'LL we'Re they'VE don't He'D she'M you'd O'Neil",
    "'s at the start, 'S too", "long s: 'ſ and 'ſt", "x'S'T'RE",
    "numbers٣٤٥ ½ ¾ Ⅳ ⅷ", "separators\x1c\x1d\x1e\x1f between", "nbsp\u00a0thin\u2009ideographic\u3000end",
    "zero\u200bwidth\u200djoiner", "e\u0301 combining acute, A\u030a ring, \u1100\u1161 jamo",
    "Pneumonoultramicroscopicsilicovolcanoconiosis", "punct!!! ??? ... --- *** ;;; ''' \"\"\"",
    "newline at end\n", "\n\n\nstarts with newlines", "under_score_words and snake_case_1",
    "http://example.com/path?q=1&r=2#frag", "C++ code:\n    int main() { return 0; }\n\tindented",
    "ǅ titlecase Ǆ ǆ", "math ∑∫√∞ ≤ ≥ ≠", "currency $5 €10 £3 ¥100",
    "control\x07bell\x00nul\x7fdel", "quotes “curly” ‘single’ — em dash – en dash",
]


def moby_text():
    with open(MOBY, encoding="utf-8") as f:
        return f.read()


def passages(text, count, size):
    """count passages of about size chars, spread over text, cut at line starts."""
    def cut(pos):  # next line start, else next word start
        nl = text.find("\n", pos, pos + 200)
        if nl >= 0:
            return nl + 1
        sp = text.find(" ", pos)
        return sp + 1 if sp >= 0 else len(text)
    out = []
    for i in range(count):
        start = cut((len(text) - size) * i // max(count - 1, 1)) if i else 0
        out.append(text[start:cut(start + size)].rstrip(" "))
    return out


def sotu_texts(n=6):
    names = sorted(os.listdir(SOTU))
    pick = [names[int(i * (len(names) - 1) / (n - 1))] for i in range(n)]
    return [open(os.path.join(SOTU, x), encoding="utf-8").read() for x in pick]


def digest(ids):
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


def cases_for(tok, texts, extra=None):
    out = []
    for t in texts:
        plain = tok.encode(t, add_special_tokens=False).ids
        special = tok.encode(t, add_special_tokens=True).ids
        case = {"text": t, "ids": plain}
        decoded = tok.decode(plain, skip_special_tokens=False)
        if decoded != t:  # stored only where decoding does not give the text back
            case["decoded"] = decoded
        if special != plain:
            case["ids_special"] = special
        if extra:
            case.update(extra(t))
        out.append(case)
    return out


def moby_entry(encode):
    ids = encode(moby_text())
    return {"length": len(ids), "sha256": digest(ids)}


def save_tokenizer(tok, path):
    """tokenizer.json, compact and with raw UTF-8 (tokenizers escapes non-ASCII)."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(json.loads(tok.to_str()), f, ensure_ascii=False, separators=(",", ":"))


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


# ---------------------------------------------------------------------------
# 1. Demo: SmolLM2 GGUF tokenizer
# ---------------------------------------------------------------------------

def gguf_field(reader, key):
    f = reader.fields.get(key)
    if f is None:
        return None
    if f.types[0] == gguf.GGUFValueType.ARRAY:
        if f.types[-1] == gguf.GGUFValueType.STRING:
            return [bytes(f.parts[i]).decode("utf-8") for i in f.data]
        return [f.parts[i][0].item() for i in f.data]
    if f.types[0] == gguf.GGUFValueType.STRING:
        return bytes(f.parts[-1]).decode("utf-8")
    return f.parts[-1][0].item()


def demo_tokenizer(r):
    """The SmolLM tokenizer as HF would run it: Digits(individual) + ByteLevel(GPT-2 regex)."""
    tokens = gguf_field(r, "tokenizer.ggml.tokens")
    types = gguf_field(r, "tokenizer.ggml.token_type")
    merges = [tuple(m.split(" ", 1)) for m in gguf_field(r, "tokenizer.ggml.merges")]
    vocab = {t: i for i, t in enumerate(tokens)}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                            for t, ty in zip(tokens, types) if ty == 3])
    return tok, tokens, types


def transformers_demo_tokenizer(r):
    """transformers' own GGUF conversion (no torch needed for the tokenizer part)."""
    try:
        from transformers.integrations.gguf import gguf_tokenizer_mapping as m
    except Exception as e:  # pragma: no cover
        print("transformers GGUF converter unavailable:", e)
        return None
    d = {"tokenizer_type": gguf_field(r, "tokenizer.ggml.model"),
         "pre_tokenizer_type": gguf_field(r, "tokenizer.ggml.pre"),
         "tokens": gguf_field(r, "tokenizer.ggml.tokens"),
         "token_type": gguf_field(r, "tokenizer.ggml.token_type"),
         "merges": gguf_field(r, "tokenizer.ggml.merges")}
    backend, _ = m.convert_gguf_tokenizer("llama", d)
    return backend


def make_demo():
    if not os.path.exists(DEMO_GGUF):
        print("demo GGUF absent, skipping demo_reference.json")
        return
    r = gguf.GGUFReader(DEMO_GGUF)
    tok, tokens, types = demo_tokenizer(r)
    texts = passages(moby_text(), 30, 1500) + HARD + [
        "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", "<|endoftext|>",
        "mixed<|im_end|>trailing <|im_start|> spaced", "<|im_start|><|im_end|>", "<|im_start", "<repo_name>x<file_sep>"]
    cases = cases_for(tok, texts)

    # Cross-check with transformers' converter. It builds the GPT-2 regex but not
    # smollm's digit split (llama.cpp does both), so texts with digits may differ.
    tf = transformers_demo_tokenizer(r)
    if tf is not None:
        same = sum(tf.encode(c["text"], add_special_tokens=False).ids == c["ids"] for c in cases)
        nodigit = [c for c in cases if not any(ch.isdigit() for ch in c["text"])]
        same_nd = sum(tf.encode(c["text"], add_special_tokens=False).ids == c["ids"] for c in nodigit)
        print(f"transformers GGUF converter agrees on {same}/{len(cases)} cases, "
              f"{same_nd}/{len(nodigit)} of those without digits")
        if same_nd != len(nodigit):
            sys.exit("demo reference and transformers disagree on texts without digits")

    write_json(os.path.join(OUT, "demo_reference.json"), {
        "description": "SmolLM2-135M-Instruct.Q4_1.gguf tokenizer; reference: HF tokenizers BPE with the "
                       "GGUF vocab/merges, Digits(individual)+ByteLevel(use_regex) (llama.cpp pre 'smollm')",
        "gguf": os.path.basename(DEMO_GGUF),
        "vocab_size": len(tokens), "bos_id": gguf_field(r, "tokenizer.ggml.bos_token_id"),
        "eos_id": gguf_field(r, "tokenizer.ggml.eos_token_id"),
        "add_bos": bool(gguf_field(r, "tokenizer.ggml.add_bos_token")),
        "cases": cases,
        "moby": moby_entry(lambda t: tok.encode(t, add_special_tokens=False).ids),
    })


# ---------------------------------------------------------------------------
# 2. SentencePiece-style BPE (byte fallback) + its GGUF "llama" form
# ---------------------------------------------------------------------------

BYTE_TOKENS = [f"<0x{b:02X}>" for b in range(256)]
SPM_TEXTS = [
    "The Congress of the United States shall assemble.",
    "Fellow citizens, the state of the Union is strong.",
    " leading space and  double  spaces", "naïve café — “quoted” 中文 😀 ½",
    "<s>inside</s> text <unk> here", "tabs\tand\nnewlines\n\n", "Zürich Ωmega ß",
]


def spm_legacy_parts():
    norm = normalizers.Sequence([normalizers.Prepend(SPACE), normalizers.Replace(" ", SPACE)])
    dec = decoders.Sequence([decoders.Replace(SPACE, " "), decoders.ByteFallback(), decoders.Fuse(),
                             decoders.Strip(" ", 1, 0)])
    post = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", 1)])
    return norm, dec, post


def train_spm():
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    # Train with Metaspace splitting so that merges stay inside words (as SentencePiece does).
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=SPACE, prepend_scheme="always", split=True)
    trainer = trainers.BpeTrainer(vocab_size=1000, special_tokens=["<unk>", "<s>", "</s>"] + BYTE_TOKENS,
                                  limit_alphabet=120, show_progress=False)
    tok.train_from_iterator(sotu_texts(), trainer)
    norm, dec, post = spm_legacy_parts()
    tok.normalizer, tok.pre_tokenizer, tok.decoder, tok.post_processor = norm, None, dec, post
    # As in Llama-2, the byte tokens are ordinary vocabulary (ids 3..258), not added tokens.
    j = json.loads(tok.to_str())
    j["added_tokens"] = [a for a in j["added_tokens"] if a["content"] not in BYTE_TOKENS]
    return Tokenizer.from_str(json.dumps(j))


def spm_reference_encode(text, tokens, scores, specials, add_space_prefix=True):
    """llama.cpp llm_tokenizer_spm, transcribed: highest-score pair first, ties leftmost."""
    index = {t: i for i, t in enumerate(tokens)}
    out = []
    for frag, special_id in split_specials(text, specials):
        if special_id is not None:
            out.append(special_id)
            continue
        s = (" " + frag if add_space_prefix else frag).replace(" ", SPACE)
        sym = [[c, i - 1, i + 1] for i, c in enumerate(s)]  # text, prev, next
        if sym:
            sym[-1][2] = -1
        heap = []

        def add(l, r):
            if l < 0 or r < 0:
                return
            t = sym[l][0] + sym[r][0]
            if t in index:
                heapq.heappush(heap, (-scores[index[t]], l, r, len(t)))

        for i in range(1, len(sym)):
            add(i - 1, i)
        while heap:
            _, l, r, n = heapq.heappop(heap)
            if not sym[l][0] or not sym[r][0] or len(sym[l][0]) + len(sym[r][0]) != n:
                continue
            sym[l][0] += sym[r][0]
            sym[r][0] = ""
            sym[l][2] = sym[r][2]
            if sym[r][2] >= 0:
                sym[sym[r][2]][1] = l
            add(sym[l][1], l)
            add(l, sym[l][2])
        i = 0 if sym else -1
        while i >= 0:
            t = sym[i][0]
            if t in index:
                out.append(index[t])
            else:
                out.extend(index.get(f"<0x{b:02X}>", index["<unk>"]) for b in t.encode("utf-8"))
            i = sym[i][2]
    return out


def split_specials(text, specials):
    """Leftmost-longest split on special token strings: [(fragment, None) | (token, id)]."""
    out, i, start = [], 0, 0
    while i < len(text):
        best = max((s for s in specials if text.startswith(s, i)), key=len, default=None)
        if best is None:
            i += 1
            continue
        if i > start:
            out.append((text[start:i], None))
        out.append((best, specials[best]))
        i += len(best)
        start = i
    if start < len(text):
        out.append((text[start:], None))
    return out


def make_spm():
    tok = train_spm()
    d = os.path.join(OUT, "spm_style")
    os.makedirs(d, exist_ok=True)
    save_tokenizer(tok, os.path.join(d, "tokenizer.json"))
    texts = SPM_TEXTS + HARD + passages(sotu_texts(8)[7], 4, 600) + passages(moby_text(), 4, 600)
    cases = cases_for(tok, texts)

    # GGUF "llama" form: tokens, scores (-id: later merges rank lower), types.
    vocab = tok.get_vocab()
    tokens = [None] * len(vocab)
    for t, i in vocab.items():
        tokens[i] = t
    scores = [float(np.float32(-i)) for i in range(len(tokens))]
    types = [2 if t == "<unk>" else 3 if t in ("<s>", "</s>") else 6 if t in BYTE_TOKENS else 1 for t in tokens]
    specials = {t: i for i, t in enumerate(tokens) if types[i] in (2, 3)}
    agree = 0
    for c in cases:  # stored only where llama.cpp's algorithm differs from HF BPE
        g = spm_reference_encode(c["text"], tokens, scores, specials)
        agree += g == c["ids"]
        if g != c["ids"]:
            c["gguf_ids"] = g
    print(f"SentencePiece (llama.cpp) vs HF BPE on the same vocabulary: {agree}/{len(cases)} cases equal")

    gw = gguf.GGUFWriter(os.path.join(OUT, "spm_style.gguf"), arch="llama")
    gw.add_tokenizer_model("llama")
    gw.add_token_list(tokens)
    gw.add_token_scores(scores)
    gw.add_token_types(types)
    gw.add_bos_token_id(1)
    gw.add_eos_token_id(2)
    gw.add_unk_token_id(0)
    # add_bos_token / add_space_prefix are left out: the defaults (true) apply.
    finish_gguf(gw, os.path.join(OUT, "spm_style.gguf"))

    moby = moby_text()
    write_json(os.path.join(d, "reference.json"), {
        "description": "SentencePiece-style BPE trained on SOTU texts (legacy Llama-2 form)",
        "bos_id": 1, "eos_id": 2, "add_bos": True, "cases": cases,
        "moby": moby_entry(lambda t: tok.encode(t, add_special_tokens=False).ids),
        "gguf_moby": moby_entry(lambda t: spm_reference_encode(t, tokens, scores, specials)),
    })

    # Non-legacy form: no normalizer, Metaspace(prepend first, split false).
    tok.normalizer = None
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=SPACE, prepend_scheme="first", split=False)
    tok.decoder = decoders.Sequence([decoders.Replace(SPACE, " "), decoders.ByteFallback(), decoders.Fuse(),
                                     decoders.Strip(" ", 1, 0)])
    d2 = os.path.join(OUT, "spm_metaspace")
    os.makedirs(d2, exist_ok=True)
    save_tokenizer(tok, os.path.join(d2, "tokenizer.json"))
    with open(os.path.join(d2, "tokenizer_config.json"), "w") as f:
        json.dump({"add_bos_token": False, "add_eos_token": True, "bos_token": "<s>", "eos_token": "</s>"}, f)
    write_json(os.path.join(d2, "reference.json"), {
        "description": "spm_style vocabulary, Metaspace(first) pre-tokenizer; tokenizer_config turns BOS off, EOS on",
        "bos_id": 1, "eos_id": 2, "add_bos": False,
        "cases": cases_for(tok, SPM_TEXTS + HARD),
    })


def finish_gguf(w, path):
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


# ---------------------------------------------------------------------------
# 3./4. Byte-level BPE with the Llama-3 and Qwen2 regexes
# ---------------------------------------------------------------------------

def train_byte_level(regex, specials, normalizer=None):
    tok = Tokenizer(models.BPE(ignore_merges=True))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(regex), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=1000, special_tokens=specials, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(sotu_texts(), trainer)
    return tok


ADDED_TEXTS = [
    "<|begin_of_text|>Hello<|end_of_text|>", "a <|eot_id|> b", "text [MASK] more  [MASK]x",
    "say hello_world now", "sayhello_worldnow", "hello_world", "left  <|rs|>  right", "<|rs|>",
    "<|begin_of_text|><|begin_of_text|>",
]


def make_llama3():
    specials = ["<|begin_of_text|>", "<|end_of_text|>"]
    tok = train_byte_level(LLAMA3_RE, specials)
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(single="<|begin_of_text|> $A", pair="<|begin_of_text|> $A <|begin_of_text|> $B",
                                      special_tokens=[("<|begin_of_text|>", tok.token_to_id("<|begin_of_text|>"))])])
    # GGUF twin before more added tokens (GGUF cannot express lstrip/single_word...).
    gguf_tok = Tokenizer.from_str(tok.to_str())
    gguf_tok.add_special_tokens([AddedToken("<|eot_id|>", special=True, normalized=False)])
    tok.add_special_tokens([AddedToken("<|eot_id|>", special=True, normalized=False),
                            AddedToken("[MASK]", special=True, lstrip=True, normalized=False),
                            AddedToken("<|rs|>", special=True, lstrip=True, rstrip=True, normalized=False)])
    tok.add_tokens([AddedToken("hello_world", single_word=True, normalized=True, special=False)])
    d = os.path.join(OUT, "llama3_style")
    os.makedirs(d, exist_ok=True)
    save_tokenizer(tok, os.path.join(d, "tokenizer.json"))
    texts = HARD + ADDED_TEXTS + passages(moby_text(), 6, 800)
    cases = cases_for(tok, texts)
    for c in cases:  # stored only where the GGUF twin differs (texts with the extra added tokens)
        g = gguf_tok.encode(c["text"], add_special_tokens=False).ids
        if g != c["ids"]:
            c["gguf_ids"] = g

    vocab = gguf_tok.get_vocab()
    tokens = [None] * len(vocab)
    for t, i in vocab.items():
        tokens[i] = t
    merges = json.loads(gguf_tok.to_str())["model"]["merges"]
    merges = [" ".join(m) if isinstance(m, list) else m for m in merges]
    types = [3 if t in specials + ["<|eot_id|>"] else 1 for t in tokens]
    w = gguf.GGUFWriter(os.path.join(OUT, "llama3_style.gguf"), arch="llama")
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("llama-bpe")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(tok.token_to_id("<|begin_of_text|>"))
    w.add_eos_token_id(tok.token_to_id("<|end_of_text|>"))
    w.add_add_bos_token(True)
    finish_gguf(w, os.path.join(OUT, "llama3_style.gguf"))

    write_json(os.path.join(d, "reference.json"), {
        "description": "byte-level BPE trained on SOTU texts, Llama-3 Split regex, ignore_merges, "
                       "<|begin_of_text|> template; added tokens with lstrip/rstrip/single_word",
        "bos_id": tok.token_to_id("<|begin_of_text|>"), "eos_id": tok.token_to_id("<|end_of_text|>"),
        "add_bos": True, "cases": cases,
        "moby": moby_entry(lambda t: tok.encode(t, add_special_tokens=False).ids),
    })


def make_qwen2():
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok = train_byte_level(QWEN2_RE, specials, normalizers.NFC())
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    d = os.path.join(OUT, "qwen2_style")
    os.makedirs(d, exist_ok=True)
    save_tokenizer(tok, os.path.join(d, "tokenizer.json"))
    with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
        json.dump({"add_bos_token": False, "bos_token": None, "eos_token": "<|im_end|>"}, f)
    texts = HARD + ["<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n12345<|im_end|>",
                    "Amélie\u0301 A\u030a\u0327 \u212b \u1112\u1161\u11ab Cafe\u0301 q\u0307\u0323"]
    write_json(os.path.join(d, "reference.json"), {
        "description": "byte-level BPE, Qwen2 Split regex (single digits), NFC normalizer, ChatML specials, no BOS",
        "bos_id": -1, "eos_id": tok.token_to_id("<|im_end|>"), "add_bos": False,
        "cases": cases_for(tok, texts),
        "moby": moby_entry(lambda t: tok.encode(t, add_special_tokens=False).ids),
    })


def make_nfc_cases():
    rng = random.Random(7)
    marks = [0x300, 0x301, 0x308, 0x30A, 0x323, 0x327, 0x328, 0x331, 0x345, 0x334, 0x5B0, 0x93C, 0x3099, 0x1DCE]
    bases = "aeiouAEIOUcnsyzCNSYZωΑΩιυ" + "\u1100\u1161\u11a8\uac00\u3046\u30cf\u0915\u0b47\u0b3e"
    cases = []
    for _ in range(300):
        s = "".join(rng.choice(bases) + "".join(chr(rng.choice(marks)) for _ in range(rng.randint(0, 3)))
                    for _ in range(rng.randint(1, 4)))
        cases.append([s, unicodedata.normalize("NFC", s)])
    singles = [chr(c) for c in (0x212B, 0x2126, 0x0340, 0x0344, 0x0958, 0xFB2A, 0x1E9B, 0x1F80, 0xF900, 0x2ADC)]
    cases += [[s, unicodedata.normalize("NFC", s)] for s in singles]
    write_json(os.path.join(OUT, "nfc_cases.json"), {"unicode": unicodedata.unidata_version, "cases": cases})


def main():
    os.makedirs(OUT, exist_ok=True)
    make_nfc_cases()
    make_demo()
    make_spm()
    make_llama3()
    make_qwen2()
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(OUT) for f in fs)
    print(f"fixtures total: {total} bytes")


if __name__ == "__main__":
    main()
