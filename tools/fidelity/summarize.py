#!/usr/bin/env python3
"""Markdown tables from the JSON files issue12_fidelity.sh wrote under OUT/<model>/.

  python3 tools/fidelity/summarize.py OUT [--models demo,qwen2.5-0.5b,...]

Missing files show as "pending" (the step was not run for that model, or failed: see the
.err files beside them).
"""
import argparse
import json
import os
import sys

NAMES = {"demo": "SmolLM2-135M (demo, Q4_1)", "gemma3-270m": "Gemma 3 270M (Q4_K_M)",
         "qwen2.5-0.5b": "Qwen2.5-Coder-0.5B (Q4_K_M)", "qwen2.5-1.5b": "Qwen2.5-Coder-1.5B (Q4_K_M)"}
ORDER = ["demo", "gemma3-270m", "qwen2.5-0.5b", "qwen2.5-1.5b"]
PENDING = "pending"


def load(d, name):
    p = os.path.join(d, name)
    try:
        with open(p) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def yes(v):
    return PENDING if v is None else ("**yes**" if v else "**NO**")


def num(v, fmt="{:.3f}"):
    return PENDING if v is None else fmt.format(v)


def rel(a, b):
    return None if a is None or b is None else a / b - 1.0


def pct(v):
    return PENDING if v is None else f"{v * 100:+.3f}%"


def get(j, *keys):
    for k in keys:
        if j is None:
            return None
        j = j.get(k) if isinstance(j, dict) else None
    return j


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--models", default=",".join(ORDER))
    args = ap.parse_args()
    models = [m for m in args.models.split(",") if m]
    R = {m: {f[:-5]: load(os.path.join(args.out, m), f) for f in
             (os.listdir(os.path.join(args.out, m)) if os.path.isdir(os.path.join(args.out, m)) else [])
             if f.endswith(".json")} for m in models}

    print("### Tokenizer: all of Moby Dick (1,204,997 bytes)\n")
    print("| model | PruneBench ids | llama.cpp ids | identical to llama.cpp | HF export (tokenizer.json) | "
          "`tokenizers` identical | AutoTokenizer identical |")
    print("|---|---|---|---|---|---|---|")
    for m in models:
        r = R[m]
        t, e, c = r.get("tok_llamacpp"), r.get("hftok_export"), r.get("hftok_check")
        line = get(e, "line")
        export = PENDING
        if line and ": export " in line:
            export = line.split(": export ", 1)[1].split(",")[0] + " MB)" if "MB" in line else line
            export = export.replace(" MB) MB)", " MB)")
        print(f"| {NAMES.get(m, m)} | {num(get(t, 'prunebench_ids'), '{}')} | {num(get(t, 'llama_cpp_ids'), '{}')} | "
              f"{yes(get(t, 'identical'))} | {export} | {yes(get(c, 'tokenizers_identical'))} | "
              f"{yes(get(c, 'auto_tokenizer_identical'))} |")

    print("\n### Perplexity on the same ids (Moby Dick, CPU)\n")
    print("| model | windows x tokens | PruneBench f32 | PruneBench bf16 | llama.cpp (f32 KV) | "
          "llama.cpp / PB f32 - 1 | within 0.5% | transformers, GGUF dequantized (f32) | transformers / PB f32 - 1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for m in models:
        r = R[m]
        f32, bf16, lc = r.get("pb_ppl_f32"), r.get("pb_ppl_bf16"), r.get("llamacpp_ppl")
        d = get(lc, "relative_difference")
        win = f"{f32['windows']} x {f32['seq_len']}" if f32 else PENDING
        tg = r.get("transformers_gguf")
        dt = rel(get(tg, "ppl"), get(f32, "ppl"))
        print(f"| {NAMES.get(m, m)} | {win} | {num(get(f32, 'ppl'))} | {num(get(bf16, 'ppl'))} | {num(get(lc, 'ppl'))} | "
              f"{pct(d)} | {yes(None if d is None else abs(d) <= 0.005)} | {num(get(tg, 'ppl'))} | "
              f"{PENDING if dt is None else f'{dt * 100:+.4f}%'} |")
    if any("pb_dense_gguf" in R[m] for m in models):
        print("\nThe dense model written as an f32 GGUF (`export --dtype f32`): no weight quantization on "
              "either side, so llama.cpp's quantized dot products (activations rounded to 8 bits for Q4/Q6 "
              "weights) are out of the comparison:\n")
        print("| model | PruneBench f32 | llama.cpp (f32 KV) | difference |")
        print("|---|---|---|---|")
        for m in models:
            r = R[m]
            pb, lc = r.get("pb_dense_gguf"), r.get("llamacpp_dense_gguf")
            print(f"| {NAMES.get(m, m)} | {num(get(pb, 'ppl'))} | {num(get(lc, 'ppl'))} | "
                  f"{pct(get(lc, 'relative_difference'))} |")

    print("\n### CPU perplexity throughput (tokens/s, same runs, 2 threads)\n")
    print("| model | PruneBench f32 | PruneBench bf16 | llama.cpp (Q4 GGUF, f32 KV) | load average before (1/5/15 min) |")
    print("|---|---|---|---|---|")
    for m in models:
        r = R[m]
        lo = " / ".join(filter(None, [get(r.get("load_ppl_f32"), "load_before"), get(r.get("load_ppl_bf16"), "load_before")]))
        print(f"| {NAMES.get(m, m)} | {num(get(r.get('pb_ppl_f32'), 'tokens_per_s'), '{:.1f}')} | "
              f"{num(get(r.get('pb_ppl_bf16'), 'tokens_per_s'), '{:.1f}')} | "
              f"{num(get(r.get('llamacpp_ppl'), 'tokens_per_s'), '{:.1f}')} | {lo or PENDING} |")

    print("\n### Pruned exports reloaded (l2, width ratio 0.2 of query heads and MLP channels in every layer)\n")
    print("| model | parameters | GGUF (f32): PruneBench | llama.cpp | difference | "
          "HF folder (f32): PruneBench | transformers (CPU, float32) | difference | HF tokenizer ids |")
    print("|---|---|---|---|---|---|---|---|---|")
    for m in models:
        r = R[m]
        pr = r.get("prune")
        params = f"{pr['params_before']:,} -> {pr['params_after']:,}" if pr else PENDING
        pg, lg = r.get("pb_pruned_gguf"), r.get("llamacpp_pruned_gguf")
        ph, th = r.get("pb_pruned_hf"), r.get("transformers_pruned_hf")
        tp = get(th, "model", "ppl_prunebench_ids", "ppl")
        loadable = get(th, "model", "loadable")
        tcell = num(tp) if tp is not None else (PENDING if th is None else f"not loaded: {get(th, 'model', 'error')}")
        lcell = num(get(lg, "ppl"))
        err = os.path.join(args.out, m, "llamacpp_pruned_gguf.err")
        if lg is None and os.path.exists(err):
            lines = [x.strip() for x in open(err, errors="replace") if x.strip()]
            lcell = "not loaded: " + (lines[-1][:120] if lines else "?")
        print(f"| {NAMES.get(m, m)} | {params} | {num(get(pg, 'ppl'))} | {lcell} | "
              f"{pct(get(lg, 'relative_difference'))} | {num(get(ph, 'ppl'))} | {tcell} | "
              f"{pct(rel(tp, get(ph, 'ppl')))} | {yes(get(th, 'tokenizer', 'ids_equal'))} |")
        del loadable

    mlp = [m for m in models if R[m].get("prune_mlp") or R[m].get("prune_mlp_hf")]
    if mlp:
        print("\n### Pruned GGUF with the attention kept (l2, ratio 0.2 of MLP channels in every layer)\n")
        print("| model | parameters | GGUF (f32): PruneBench | llama.cpp (f32 KV) | difference | "
              "HF folder (f32): PruneBench | transformers (CPU, float32) | difference |")
        print("|---|---|---|---|---|---|---|---|")
        for m in mlp:
            r = R[m]
            pr = r.get("prune_mlp") or r.get("prune_mlp_hf")
            params = f"{pr['params_before']:,} -> {pr['params_after']:,}" if pr else PENDING
            pg, lg = r.get("pb_pruned_mlp_gguf"), r.get("llamacpp_pruned_mlp_gguf")
            ph, th = r.get("pb_pruned_mlp_hf"), r.get("transformers_pruned_mlp_hf")
            tp = get(th, "model", "ppl_prunebench_ids", "ppl")
            print(f"| {NAMES.get(m, m)} | {params} | {num(get(pg, 'ppl'))} | {num(get(lg, 'ppl'))} | "
                  f"{pct(get(lg, 'relative_difference'))} | {num(get(ph, 'ppl'))} | {num(tp)} | {pct(rel(tp, get(ph, 'ppl')))} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
