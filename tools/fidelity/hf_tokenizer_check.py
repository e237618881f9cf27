#!/usr/bin/env python3
"""An exported tokenizer.json against PruneBench's ids, with Hugging Face `tokenizers`
(and transformers' AutoTokenizer on the same folder).

  python3 tools/fidelity/hf_tokenizer_check.py DIR --text TEXT.txt [--ids IDS.json]

DIR holds tokenizer.json (+ tokenizer_config.json) as PruneBench exports it; IDS.json
(default DIR/ids.json) is PruneBench's ids of TEXT with add_special (`prunebench-cli tokenize
--json`, or the file TokenizerHfExport.RealGguf writes). Prints one JSON object; exit 0 when
both libraries give identical ids.
"""
import argparse
import json
import os
import sys
import time


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--text", required=True)
    ap.add_argument("--ids")
    args = ap.parse_args()

    import tokenizers
    import transformers
    from transformers import AutoTokenizer

    with open(args.ids or os.path.join(args.dir, "ids.json")) as f:
        d = json.load(f)
    ours = d["ids"] if isinstance(d, dict) else d
    text = open(args.text, encoding="utf-8").read()
    out = {"dir": args.dir, "prunebench_ids": len(ours), "tokenizers": tokenizers.__version__,
           "transformers": transformers.__version__}

    t0 = time.time()
    tok = tokenizers.Tokenizer.from_file(os.path.join(args.dir, "tokenizer.json"))
    out["tokenizers_load_seconds"] = round(time.time() - t0, 2)
    t0 = time.time()
    ref = tok.encode(text, add_special_tokens=True).ids
    out["tokenizers_encode_seconds"] = round(time.time() - t0, 2)
    out["tokenizers_ids"] = len(ref)
    out["tokenizers_identical"] = ref == ours
    out["tokenizers_first_difference"] = first_difference(ref, ours)

    auto = AutoTokenizer.from_pretrained(args.dir)
    ref2 = auto(text, add_special_tokens=True)["input_ids"]
    out["auto_tokenizer_class"] = type(auto).__name__
    out["auto_tokenizer_identical"] = ref2 == ours
    out["auto_tokenizer_first_difference"] = first_difference(ref2, ours)
    for key, r in (("tokenizers", ref), ("auto_tokenizer", ref2)):
        i = out[key + "_first_difference"]
        if i is not None:
            out[key + "_around"] = {"theirs": r[max(0, i - 3):i + 5], "prunebench": ours[max(0, i - 3):i + 5]}
    print(json.dumps(out))
    return 0 if out["tokenizers_identical"] and out["auto_tokenizer_identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
