#!/usr/bin/env python3
"""Perplexity of a GGUF file in Hugging Face transformers (the file dequantized to float32 by
transformers' own GGUF reader, then its eager PyTorch forward) on PruneBench's windows: a
full-precision reference beside llama.cpp's quantized arithmetic.

  python3 tools/export/transformers_gguf_ppl.py MODEL.gguf --ids IDS.json [--seq-len 128] [--max-windows 20]

IDS.json: `prunebench-cli tokenize --model MODEL.gguf --text demo:moby-dick --json`. Windows as
core/eval/perplexity.cpp: non-overlapping, each alone, no extra BOS, loss over predictions
1..seq_len-1, log-softmax in float64. Needs torch, transformers, accelerate, gguf.
"""
import argparse
import json
import math
import os
import time

import torch
from transformers import AutoModelForCausalLM


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--ids", required=True)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--max-windows", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    ids = json.load(open(a.ids))
    ids = ids["ids"] if isinstance(ids, dict) else ids
    T = a.seq_len
    W = min(a.max_windows, len(ids) // T) if a.max_windows > 0 else len(ids) // T
    folder, name = os.path.split(os.path.abspath(a.model))
    m = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    m.eval()
    nll, n, t0 = 0.0, 0, time.time()
    with torch.no_grad():
        for w in range(W):
            x = torch.tensor([ids[w * T:(w + 1) * T]])
            lp = torch.log_softmax(m(x).logits.double(), -1)
            nll += -lp[0, :-1].gather(-1, x[0, 1:, None]).sum().item()
            n += T - 1
    print(json.dumps({"tool": "transformers (GGUF dequantized to f32)", "model": a.model, "ppl": math.exp(nll / n),
                      "windows": W, "seq_len": T, "seconds": round(time.time() - t0, 2)}))


if __name__ == "__main__":
    main()
