#!/usr/bin/env python3
"""Perplexity of a GGUF file in transformers (weights dequantized to float32 by gguf-py,
`from_pretrained(..., gguf_file=...)`), on PruneBench's ids: a third reference beside
llama.cpp, whose CPU dot products round activations to 8 bits for quantized weights.

  python3 tools/fidelity/transformers_gguf_ppl.py MODEL.gguf --ids IDS.json [--seq-len 128]
          [--max-windows 20] [--prunebench PPL.json] [--llamacpp LLAMACPP.json]

Same windows as tools/export/llamacpp_ppl.py (non-overlapping, each alone, loss over
predictions 1..seq_len-1). Prints one JSON object (ppl, and the relative differences).
"""
import argparse
import json
import math
import os
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--ids", required=True)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--max-windows", type=int, default=20)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--prunebench")
    ap.add_argument("--llamacpp")
    args = ap.parse_args()

    import torch
    import transformers
    from transformers import AutoModelForCausalLM

    torch.set_num_threads(args.threads)
    with open(args.ids) as f:
        d = json.load(f)
    ids = d["ids"] if isinstance(d, dict) else d
    L = args.seq_len
    n = min(len(ids) // L, args.max_windows)
    t0 = time.time()
    model = AutoModelForCausalLM.from_pretrained(os.path.dirname(os.path.abspath(args.model)),
                                                 gguf_file=os.path.basename(args.model), dtype=torch.float32)
    model.eval()
    load_s = time.time() - t0
    x = torch.tensor(ids[:n * L], dtype=torch.long).view(n, L)
    nll = 0.0
    t0 = time.time()
    with torch.no_grad():
        for i in range(0, n, args.batch):
            b = x[i:i + args.batch]
            logp = torch.log_softmax(model(b).logits.double()[:, :-1], -1)
            nll -= logp.gather(-1, b[:, 1:, None]).sum().item()
    mean = nll / (n * (L - 1))
    out = {"tool": "transformers (GGUF dequantized to float32)", "transformers": transformers.__version__,
           "model": args.model, "class": type(model).__name__, "ppl": math.exp(mean), "windows": n, "seq_len": L,
           "load_seconds": round(load_s, 1), "seconds": round(time.time() - t0, 1)}
    for key, path in (("prunebench", args.prunebench), ("llamacpp", args.llamacpp)):
        if path:
            with open(path) as f:
                other = json.load(f)["ppl"]
            out[key + "_ppl"] = other
            out["relative_difference_vs_" + key] = out["ppl"] / other - 1.0
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
