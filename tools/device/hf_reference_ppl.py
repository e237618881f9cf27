#!/usr/bin/env python3
"""Independent check of PruneBench's GGUF path: transformers dequantizes the same GGUF
and computes perplexity on the same token ids (LLM-Pruner protocol), and its GGUF
tokenizer's ids are compared with ours.

  python3 tools/device/hf_reference_ppl.py MODEL.gguf IDS.json TEXT.txt [WINDOWS]
IDS.json is `prunebench-cli tokenize --json` output for TEXT.txt.
"""
import json
import math
import os
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

path, ids_path, text_path = sys.argv[1:4]
windows = int(sys.argv[4]) if len(sys.argv) > 4 else 200
d, f = os.path.dirname(os.path.abspath(path)), os.path.basename(path)
dev = "cuda" if torch.cuda.is_available() else "cpu"
ours = json.load(open(ids_path))["ids"]
res = {}
tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
ref = tok(open(text_path, encoding="utf-8").read(), add_special_tokens=True)["input_ids"]
same = sum(a == b for a, b in zip(ours, ref))
res["tokenizer"] = {"ours": len(ours), "transformers": len(ref), "identical_prefix_fraction": same / max(len(ref), 1)}
model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, torch_dtype=torch.float32).to(dev).eval()
for dtype in (torch.float32, torch.bfloat16):
    m = model.to(dtype)
    L = 128
    x = torch.tensor(ours[: windows * L]).view(windows, L).to(dev)
    nll, n = 0.0, 0
    torch.cuda.synchronize() if dev == "cuda" else None
    t0 = time.time()
    with torch.no_grad():
        for i in range(0, windows, 8):
            b = x[i:i + 8]
            logp = torch.log_softmax(m(b).logits.float()[:, :-1], -1)
            nll -= logp.gather(-1, b[:, 1:, None]).sum().item()
            n += b[:, 1:].numel()
    res[str(dtype)] = {"ppl": math.exp(nll / n), "windows": windows, "seconds": time.time() - t0}
print(json.dumps(res))
