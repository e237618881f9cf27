#!/usr/bin/env python3
"""PruneBench's token ids against llama.cpp's (llama-cpp-python, vocab_only) on one text.

  python3 tools/fidelity/tokenizer_vs_llamacpp.py MODEL.gguf --ids IDS.json --text TEXT.txt

IDS.json is `prunebench-cli tokenize --model MODEL.gguf --text TEXT --json` (encode with
add_special=true: BOS when the GGUF says add_bos_token, control tokens in the text matched).
llama.cpp tokenizes the same bytes with add_bos=<the GGUF's add_bos_token, as llama.cpp reads
it> and special=True (control tokens in the text parsed), i.e. the same rules.
Prints one JSON object: counts, identical (bool), and at the first difference the position,
both ids around it and the text they stand for. Exit 0 when identical, 1 otherwise.
"""
import argparse
import json
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--ids", required=True)
    ap.add_argument("--text", required=True)
    args = ap.parse_args()

    import llama_cpp
    from llama_cpp import Llama

    with open(args.ids) as f:
        data = json.load(f)
    ours = data["ids"] if isinstance(data, dict) else data
    text = open(args.text, "rb").read()

    llm = Llama(model_path=args.model, vocab_only=True, verbose=False)
    add_bos = bool(llama_cpp.llama_vocab_get_add_bos(llama_cpp.llama_model_get_vocab(llm.model)))
    t0 = time.time()
    ref = llm.tokenize(text, add_bos=add_bos, special=True)
    secs = time.time() - t0
    first = next((i for i, (a, b) in enumerate(zip(ref, ours)) if a != b), None)
    if first is None and len(ref) != len(ours):
        first = min(len(ref), len(ours))
    out = {"model": args.model, "text": args.text, "bytes": len(text), "llama_cpp_ids": len(ref),
           "prunebench_ids": len(ours), "add_bos": add_bos, "identical": first is None,
           "llama_cpp_seconds": round(secs, 2), "llama_cpp_python": llama_cpp.__version__}
    if first is not None:
        lo, hi = max(0, first - 5), first + 6

        def piece(ids):
            return [(i, llm.detokenize([i]).decode("utf-8", "replace")) for i in ids]
        out["first_difference"] = first
        out["llama_cpp_around"] = piece(ref[lo:hi])
        out["prunebench_around"] = piece(ours[lo:hi])
    print(json.dumps(out, ensure_ascii=False))
    return 0 if first is None else 1


if __name__ == "__main__":
    sys.exit(main())
