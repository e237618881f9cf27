#!/usr/bin/env python3
"""Writes tests/fixtures/tokenizer/spm_merges.json: a small SentencePiece vocabulary (nested
runs, multi-byte characters, a repeated string, equal scores, a long token) and the merges
transformers' generate_merges (tokenization_utils_base.py, as LlamaConverter calls it) makes
of it, the reference for pb::tok::sentencePieceMerges (tests/base/test_tokenizer_hf_export.cpp).

  /tmp/venvs/hf/bin/python tools/tokenizer/make_spm_merges_fixture.py
"""
import json
import os

from transformers.tokenization_utils_base import generate_merges

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "tokenizer", "spm_merges.json")


def main():
    pieces = ["<unk>", "<s>", "</s>", "a", "b", "c", "aa", "ab", "ba", "aaa", "aab", "abc", "aaaa",
              "\u2581", "\u2581a", "\u2581ab", "\u2581\u2581", "\u2581\u2581\u2581",
              "\u00e9", "\u00e9t", "t", "\u00e9t\u00e9", "\u65e5", "\u672c", "\u65e5\u672c",
              "ab",  # a repeated string: one dict key, its first id
              "x" * 40, "x" * 20, "x", "xx", "x" * 10, "x" * 30, "bab", "cab", "abab"]
    scores = [0.0, 0.0, 0.0] + [-float(i % 7) for i in range(len(pieces) - 3)]  # ties on purpose
    # transformers' vocab: piece -> id with the first id of a repeated string (as PruneBench's vocab).
    vocab = {}
    for i, p in enumerate(pieces):
        vocab.setdefault(p, i)
    vocab_scores = {}
    for i, p in enumerate(pieces):
        vocab_scores.setdefault(p, scores[i])
    merges = generate_merges(vocab, vocab_scores)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"tokens": pieces, "scores": scores, "merges": [list(m) for m in merges],
                   "source": "transformers generate_merges"}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    print(f"{OUT}: {len(pieces)} tokens, {len(merges)} merges")


if __name__ == "__main__":
    main()
