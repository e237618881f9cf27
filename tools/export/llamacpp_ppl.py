#!/usr/bin/env python3
"""Perplexity of a GGUF file in llama.cpp (through llama-cpp-python) on PruneBench's windows.

  python3 tools/export/llamacpp_ppl.py MODEL.gguf --ids IDS.json [--seq-len 128] [--max-windows 50]
                                       [--threads 2] [--prunebench PPL.json]

IDS.json is `prunebench-cli tokenize --model MODEL.gguf --text demo:moby-dick --json` output
(an object with "ids", or a plain list): the ids come from PruneBench's tokenizer, so both
tools score exactly the same tokens. The windows follow core/eval/perplexity.cpp (LLM-Pruner's
protocol): the ids cut into non-overlapping windows of --seq-len (remainder dropped), the
first --max-windows of them, each window evaluated alone from an empty KV cache (no extra
BOS), loss over predictions 1..seq_len-1, ppl = exp(mean NLL). Log-softmax is taken in
float64 over llama.cpp's float32 logits; the KV cache is f32 unless --kv f16 (llama.cpp's
default, which rounds keys and values to half precision).

Prints one JSON object: ppl, mean_nll, windows, tokens, seconds (the whole loop), eval_seconds and
tokens_per_s (llama.cpp's forward passes alone, for throughput comparisons), the GGUF's architecture and
llama.cpp's n_vocab; with --prunebench (`prunebench-cli ppl --json` output) also PruneBench's
ppl and the relative difference.

Needs llama-cpp-python and numpy (e.g. in ~/.cache/prunebench/venv-llama; see
docs/measurements/issue6_gguf.md), and nothing from PruneBench.
"""
import argparse
import json
import math
import sys
import time


def load_ids(path):
    with open(path) as f:
        data = json.load(f)
    ids = data["ids"] if isinstance(data, dict) else data
    if not ids or not all(isinstance(i, int) for i in ids):
        sys.exit(f"error: {path} holds no list of integer ids")
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--ids", required=True)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--max-windows", type=int, default=50)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--prunebench", help="prunebench-cli ppl --json output to compare with")
    ap.add_argument("--kv", choices=["f32", "f16"], default="f32",
                    help="llama.cpp KV cache type (default f32, as PruneBench computes; llama.cpp's own default is f16)")
    args = ap.parse_args()

    import numpy as np
    from llama_cpp import Llama

    ids = load_ids(args.ids)
    L = args.seq_len
    windows = len(ids) // L
    if windows == 0:
        sys.exit(f"error: {len(ids)} ids are fewer than one window of {L}")
    if args.max_windows > 0:
        windows = min(windows, args.max_windows)

    t0 = time.time()
    kv_type = 0 if args.kv == "f32" else 1  # GGML_TYPE_F32 / GGML_TYPE_F16
    llm = Llama(model_path=args.model, n_ctx=L, n_batch=L, n_ubatch=L, logits_all=True,
                n_threads=args.threads, n_threads_batch=args.threads, type_k=kv_type, type_v=kv_type,
                verbose=False)
    load_s = time.time() - t0
    n_vocab = llm.n_vocab()
    arch = llm.metadata.get("general.architecture", "?")

    nll = 0.0
    eval_s = 0.0  # llama.cpp's forward passes alone (the log-softmax below is numpy's)
    t0 = time.time()
    for w in range(windows):
        window = ids[w * L:(w + 1) * L]
        llm.reset()  # each window from an empty cache, positions 0..L-1
        te = time.perf_counter()
        llm.eval(window)
        eval_s += time.perf_counter() - te
        logits = np.asarray(llm.scores[:L], dtype=np.float64)  # [L, V]
        logits = logits[:L - 1]
        m = logits.max(axis=1, keepdims=True)
        logz = (m[:, 0] + np.log(np.exp(logits - m).sum(axis=1)))
        target = np.asarray(window[1:])
        nll -= float((logits[np.arange(L - 1), target] - logz).sum())
        print(f"[llama.cpp] window {w + 1}/{windows}", file=sys.stderr, end="\r")
    seconds = time.time() - t0
    print(file=sys.stderr)
    predicted = windows * (L - 1)
    mean = nll / predicted
    out = {"tool": "llama.cpp (llama-cpp-python)", "model": args.model, "architecture": arch,
           "n_vocab": n_vocab, "ppl": math.exp(mean), "mean_nll": mean, "windows": windows,
           "seq_len": L, "tokens": windows * L, "kv_cache": args.kv, "seconds": round(seconds, 2), "load_seconds": round(load_s, 2),
           "eval_seconds": round(eval_s, 3), "threads": args.threads,
           "tokens_per_s": round(windows * L / eval_s, 1) if eval_s > 0 else None}
    try:
        import llama_cpp
        out["llama_cpp_python"] = llama_cpp.__version__
    except Exception:  # noqa: BLE001 - the version is informative only
        pass
    if args.prunebench:
        with open(args.prunebench) as f:
            pb = json.load(f)
        out["prunebench_ppl"] = pb["ppl"]
        out["relative_difference"] = out["ppl"] / pb["ppl"] - 1.0
    print(json.dumps(out))


if __name__ == "__main__":
    main()
