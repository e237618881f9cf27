#!/usr/bin/env python3
"""Side-by-side table of benchmarks/run_all.sh results: reads OUT_DIR/NAME.{ours,peer}.json and
the reference peer's OUT_DIR/refpeer/hf_peer.json, writes OUT_DIR/results.json (all rows) and
OUT_DIR/results.md, and prints the Markdown.
usage: make_table.py OUT_DIR"""
import glob
import json
import os
import sys

# Issue 15 targets against the reference peer: (speed-up, our peak GiB limit, practical utilisation)
REF_TARGETS = {
    "score_bf16": (1.4, 20.0, None),
    "ppl_4x128": (1.6, None, None),
    "ppl_32x128": (None, None, 0.75),
    "lora": (2.5, None, None),
    "lora_ckpt": (2.5, 14.0, None),
}
# The reference peer's keys per target and the tokens of one of its iterations.
REF_KEYS = {"score_bf16": ("taylor_bf16", 1280), "score_f32": ("taylor_fp32", 1280), "ppl_4x128": ("ppl_bs4", 512),
            "ppl_32x128": ("ppl_bs32", 4096), "lora": ("lora_mb4x256_gc0", 1024), "lora_ckpt": ("lora_mb4x256_gc1", 1024)}

# Issue 7 targets against the project's peer: (speed-up, our peak GiB limit, practical utilisation)
TARGETS = {
    "score_bf16": (1.2, 20.0, None),
    "score_f32": (None, 80.0, None),
    "ppl_4x128": (1.2, None, None),
    "ppl_32x128": (None, None, 0.60),
    "lora": (2.0, None, None),
    "lora_ckpt": (2.0, None, None),
}
ORDER = ["score_bf16", "score_f32", "ppl_4x128", "ppl_32x128", "lora", "lora_ckpt", "generate"]


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return {"error": f"unreadable: {e}"} if os.path.exists(path) else None


def fmt(v, spec):
    return "—" if v is None else format(v, spec)


def side(r):
    if r is None:
        return ["—", "—", "—"]
    if "error" in r:
        peak = f" (peak {r['peak_mem_gib']:.1f} GiB)" if r.get("peak_mem_gib") else ""
        return [f"**{r['error']}**{peak}", "—", "—"]
    return [fmt(r.get("time_s"), ".4f"), fmt(r.get("tokens_per_s"), ",.0f"), fmt(r.get("peak_mem_gib"), ".2f")]


def ref_result(refpeer, name):
    """The reference peer's figures for a target, in the fields of our JSON."""
    if refpeer is None or name not in REF_KEYS:
        return None
    key, tokens = REF_KEYS[name]
    r = refpeer.get(key)
    if not isinstance(r, dict):
        return {"error": "not run"}
    if "s_per_scoring" in r:
        return {"time_s": r["s_per_scoring"], "tokens_per_s": tokens / r["s_per_scoring"], "peak_mem_gib": r.get("peak_GiB")}
    return {"time_s": tokens / r["tokens_per_s"], "tokens_per_s": r["tokens_per_s"], "peak_mem_gib": r.get("peak_GiB")}


def verdict_of(targets, name, ours, speedup, other_failed):
    want_speed, want_peak, want_util = targets.get(name, (None, None, None))
    ok_ours = ours is not None and "error" not in ours
    goals, met = [], []
    if want_speed:
        goals.append(f"≥{want_speed}×")
        met.append(speedup is not None and speedup >= want_speed or (ok_ours and other_failed))
    if want_peak:
        goals.append(f"peak ≤{want_peak:g} GiB")
        met.append(ok_ours and ours.get("peak_mem_gib") is not None and ours["peak_mem_gib"] <= want_peak)
    if want_util:
        goals.append(f"≥{100 * want_util:.0f}% util")
        met.append(ok_ours and (ours.get("util_practical") or 0) >= want_util)
    return ", ".join(goals) or "—", ("—" if not goals else ("yes" if all(met) else "no"))


def main():
    out = sys.argv[1]
    names = {os.path.basename(p).split(".")[0] for p in glob.glob(os.path.join(out, "*.ours.json"))}
    names |= {os.path.basename(p).split(".")[0] for p in glob.glob(os.path.join(out, "*.peer.json"))}
    refpeer = load(os.path.join(out, "refpeer", "hf_peer.json"))
    if refpeer is not None:
        names |= {n for n in REF_KEYS if n in ORDER}
    rows, lines = [], []
    lines.append("| target | ours time s | ours tokens/s | ours peak GiB | ours util (practical / nominal) "
                 "| reference peer time s | tokens/s | peak GiB | ratio | target | met "
                 "| project's peer time s | tokens/s | peak GiB | ratio | target | met |")
    lines.append("|" + " --- |" * 17)
    for name in sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else 99):
        ours = load(os.path.join(out, f"{name}.ours.json"))
        peer = load(os.path.join(out, f"{name}.peer.json"))
        ref = ref_result(refpeer, name)
        ok_ours = ours is not None and "error" not in ours
        util = "—"
        if ok_ours and ours.get("util_practical") is not None:
            util = f"{100 * ours['util_practical']:.1f}% / {100 * ours['util_nominal']:.1f}%"
        cells = [name] + side(ours) + [util]
        row = {"target": name, "ours": ours}
        for label, other, targets in (("reference_peer", ref, REF_TARGETS), ("peer", peer, TARGETS)):
            ok = other is not None and "error" not in other
            speedup = ours["tokens_per_s"] / other["tokens_per_s"] if ok_ours and ok else None
            goals, verdict = verdict_of(targets, name, ours, speedup, other is not None and not ok)
            cells += side(other) + [fmt(speedup, ".2f") + ("×" if speedup else ""), goals, verdict]
            row.update({label: other, label + "_speedup": speedup, label + "_goals": goals, label + "_met": verdict})
        lines.append("| " + " | ".join(cells) + " |")
        rows.append(row)
    env = ""
    env_path = os.path.join(out, "environment.txt")
    if os.path.exists(env_path):
        env = open(env_path).read().strip()
    md = "\n".join(lines) + "\n"
    if env:
        md += "\n```text\n" + env + "\n```\n"
    label = next((r["ours"].get("peak_label") for r in rows if r["ours"] and r["ours"].get("peak_label")), "the GPU")
    md += (f"\nutil: model FLOPs per second against the bf16 dense peak of {label} (practical / nominal). "
           "Peak memory: CUDA caching allocator peak over the timed iterations, weights included. Reference peer: "
           "shared/benchmarks/reference_peer.py, run unchanged (targets of issue 15); project's peer: "
           "benchmarks/peer_bench.py (targets of issue 7).\n")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(md)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"environment": env, "rows": rows}, f, indent=1)
    print(md)


if __name__ == "__main__":
    main()
