#!/usr/bin/env python3
"""Checks a PruneBench Hugging Face export with transformers itself.

  python3 tools/export/check_transformers.py OUT_DIR [TEXT] [--ids IDS.json] [--logits REF.json]
                                             [--dtype float32|bfloat16|float16|auto] [--windows 50] [--seq-len 128]

Loads OUT_DIR with AutoTokenizer and AutoModelForCausalLM and prints one JSON object:
  - tokenizer: class, and for TEXT the number of ids; with --ids (a JSON list of ids, or
    an object with "ids", e.g. `prunebench-cli tokenize --json` output or the file the export
    test writes) whether transformers' ids of TEXT (default special tokens) are identical,
    and where they first differ; whether decoding the ids gives TEXT back;
  - model: perplexity on TEXT with the LLM-Pruner protocol (tokenize once with the default
    special tokens, non-overlapping windows of --seq-len tokens, the first --windows of them,
    each window one forward pass without extra BOS, loss over predictions 1..seq_len-1,
    ppl = exp(mean)); with --ids also on those ids (so that the model is judged apart from the
    tokenizer), and "prunebench_ppl" from the ids file when it has one;
  - with --logits (JSON {"ids": [[...]], "logits": [[[...]]]}, PruneBench's logits for the
    same ids): the largest absolute difference of transformers' logits.
A folder whose config.json carries "prunebench_layers" (per-layer widths) cannot be loaded
by transformers: that is reported, not raised, and the tokenizer is still checked. A folder
without model.safetensors is checked as a tokenizer only.
Needs torch and transformers (and nothing from PruneBench).
"""
import argparse
import json
import math
import os
import sys
import time


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


def read_ids(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    if isinstance(d, dict):
        return [int(x) for x in d["ids"]], d
    return [int(x) for x in d], {}


def dtype_kwargs(transformers, dtype):
    """from_pretrained's dtype argument: `dtype` since transformers 4.56, `torch_dtype` before."""
    major, minor = (int(x) for x in transformers.__version__.split(".")[:2])
    return {"dtype": dtype} if (major, minor) >= (4, 56) else {"torch_dtype": dtype}


def llm_pruner_ppl(model, ids, seq_len, windows, device, batch=8):
    import torch
    n = min(windows, len(ids) // seq_len)
    if n == 0:
        return {"error": f"fewer than {seq_len} tokens"}
    x = torch.tensor(ids[: n * seq_len], dtype=torch.long).view(n, seq_len).to(device)
    nll, count = 0.0, 0
    t0 = time.time()
    with torch.no_grad():
        for i in range(0, n, batch):
            b = x[i:i + batch]
            logits = model(b).logits.float()[:, :-1]
            logp = torch.log_softmax(logits, -1)
            nll -= logp.gather(-1, b[:, 1:, None]).sum().item()
            count += b[:, 1:].numel()
    return {"ppl": math.exp(nll / count), "windows": n, "seq_len": seq_len, "predicted_tokens": count,
            "seconds": round(time.time() - t0, 3)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("text", nargs="?")
    ap.add_argument("--ids", help="JSON ids of TEXT from PruneBench (list or {'ids': [...]})")
    ap.add_argument("--logits", help="JSON {'ids': [[...]], 'logits': [[[...]]]} from PruneBench")
    ap.add_argument("--dtype", default="float32", help="float32 (default), bfloat16, float16 or auto (config's)")
    ap.add_argument("--windows", type=int, default=50)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--device", default=None, help="cuda or cpu (default: cuda when available)")
    args = ap.parse_args()

    import torch
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    out = {"dir": os.path.abspath(args.out_dir), "transformers": transformers.__version__, "torch": torch.__version__}
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    out["device"] = device
    cfg_path = os.path.join(args.out_dir, "config.json")
    cfg = json.load(open(cfg_path, encoding="utf-8")) if os.path.exists(cfg_path) else {}
    marker = os.path.join(args.out_dir, "prunebench_export.json")
    if os.path.exists(marker):
        m = json.load(open(marker, encoding="utf-8"))
        out["export"] = {k: m.get(k) for k in ("dtype", "parameters", "transformers_loadable", "source")}

    text = open(args.text, encoding="utf-8").read() if args.text else None
    ours, ours_meta = (read_ids(args.ids) if args.ids else (None, {}))

    # --- tokenizer ---------------------------------------------------------------
    tok_res = {}
    try:
        tok = AutoTokenizer.from_pretrained(args.out_dir)
        tok_res["class"] = type(tok).__name__
        tok_res["bos_token_id"], tok_res["eos_token_id"] = tok.bos_token_id, tok.eos_token_id
        tok_res["hello_ids"] = tok("Hello world")["input_ids"]
        if text is not None:
            ref = tok(text, add_special_tokens=True)["input_ids"]
            tok_res["text_ids"] = len(ref)
            if ours is not None:
                tok_res["prunebench_ids"] = len(ours)
                tok_res["ids_equal"] = ref == ours
                tok_res["first_difference"] = first_difference(ref, ours)
                if tok_res["first_difference"] is not None:
                    i = tok_res["first_difference"]
                    tok_res["at_difference"] = {"transformers": ref[i:i + 8], "prunebench": ours[i:i + 8]}
            tok_res["decode_equal"] = tok.decode(tok(text, add_special_tokens=False)["input_ids"]) == text
        else:
            ref = None
    except Exception as e:  # report, keep going
        tok_res["error"] = f"{type(e).__name__}: {e}"
        ref = None
    out["tokenizer"] = tok_res

    # --- model -------------------------------------------------------------------
    model_res = {}
    if not os.path.exists(os.path.join(args.out_dir, "model.safetensors")):
        model_res["skipped"] = "no model.safetensors (tokenizer only)"
    elif "prunebench_layers" in cfg:
        model_res["loadable"] = False
        model_res["reason"] = ("config.json has prunebench_layers: layers have different widths, which "
                               "transformers' config cannot express (PruneBench loads it exactly)")
        try:  # confirm that it really fails, without letting it crash the report
            AutoModelForCausalLM.from_pretrained(args.out_dir, **dtype_kwargs(transformers, torch.float32))
            model_res["unexpectedly_loaded"] = True
        except Exception as e:
            model_res["error"] = f"{type(e).__name__}: {str(e)[:300]}"
    else:
        try:
            dtype = "auto" if args.dtype == "auto" else getattr(torch, args.dtype)
            t0 = time.time()
            model = AutoModelForCausalLM.from_pretrained(args.out_dir, **dtype_kwargs(transformers, dtype))
            model = model.to(device).eval()
            model_res["loadable"] = True
            model_res["class"] = type(model).__name__
            model_res["dtype"] = str(next(model.parameters()).dtype)
            model_res["parameters"] = sum(p.numel() for p in model.parameters())
            model_res["load_seconds"] = round(time.time() - t0, 3)
            if ref is not None:
                model_res["ppl_transformers_ids"] = llm_pruner_ppl(model, ref, args.seq_len, args.windows, device)
            if ours is not None:
                model_res["ppl_prunebench_ids"] = llm_pruner_ppl(model, ours, args.seq_len, args.windows, device)
            if "ppl" in ours_meta:
                model_res["prunebench_ppl"] = ours_meta["ppl"]
            if args.logits:
                r = json.load(open(args.logits, encoding="utf-8"))
                x = torch.tensor(r["ids"], dtype=torch.long).to(device)
                want = torch.tensor(r["logits"], dtype=torch.float32)
                with torch.no_grad():
                    got = model(x).logits.float().cpu()
                model_res["max_abs_logit_diff"] = (got - want).abs().max().item()
                model_res["max_abs_logit"] = want.abs().max().item()
        except Exception as e:
            model_res["loadable"] = False
            model_res["error"] = f"{type(e).__name__}: {str(e)[:500]}"
    out["model"] = model_res
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
