#!/usr/bin/env python3
"""Side-by-side table of benchmarks/run_all.sh results: reads OUT_DIR/NAME.{ours,peer}.json,
writes OUT_DIR/results.json (all rows) and OUT_DIR/results.md, and prints the Markdown.
usage: make_table.py OUT_DIR"""
import glob
import json
import os
import sys

# Issue 7 targets: (speed-up over the peer, our peak GiB limit, our practical-peak utilisation)
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


def main():
    out = sys.argv[1]
    names = {os.path.basename(p).split(".")[0] for p in glob.glob(os.path.join(out, "*.ours.json"))}
    names |= {os.path.basename(p).split(".")[0] for p in glob.glob(os.path.join(out, "*.peer.json"))}
    rows, lines = [], []
    lines.append("| target | ours time s | ours tokens/s | ours peak GiB | ours util (practical / nominal) "
                 "| peer time s | peer tokens/s | peer peak GiB | speed-up | target | met |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else 99):
        ours = load(os.path.join(out, f"{name}.ours.json"))
        peer = load(os.path.join(out, f"{name}.peer.json"))
        ok_ours = ours is not None and "error" not in ours
        ok_peer = peer is not None and "error" not in peer
        speedup = ours["tokens_per_s"] / peer["tokens_per_s"] if ok_ours and ok_peer else None
        util = "—"
        if ok_ours and ours.get("util_practical") is not None:
            util = f"{100 * ours['util_practical']:.1f}% / {100 * ours['util_nominal']:.1f}%"
        want_speed, want_peak, want_util = TARGETS.get(name, (None, None, None))
        goals, met = [], []
        if want_speed:
            goals.append(f"≥{want_speed}× peer")
            met.append(speedup is not None and speedup >= want_speed or (ok_ours and peer is not None and not ok_peer))
        if want_peak:
            goals.append(f"peak ≤{want_peak:g} GiB")
            met.append(ok_ours and ours.get("peak_mem_gib") is not None and ours["peak_mem_gib"] <= want_peak)
        if want_util:
            goals.append(f"≥{100 * want_util:.0f}% util")
            met.append(ok_ours and (ours.get("util_practical") or 0) >= want_util)
        verdict = "—" if not goals else ("yes" if all(met) else "no")
        lines.append("| " + " | ".join([name] + side(ours) + [util] + side(peer) +
                                       [fmt(speedup, ".2f") + ("×" if speedup else ""), ", ".join(goals) or "—",
                                        verdict]) + " |")
        rows.append({"target": name, "ours": ours, "peer": peer, "speedup": speedup, "goals": goals,
                     "met": verdict})
    env = ""
    env_path = os.path.join(out, "environment.txt")
    if os.path.exists(env_path):
        env = open(env_path).read().strip()
    md = "\n".join(lines) + "\n"
    if env:
        md += "\n```text\n" + env + "\n```\n"
    md += ("\nutil: model FLOPs per second against the bf16 dense peak of the H100 SXM "
           "(practical ~790 TFLOP/s / nominal 989 TFLOP/s). Peak memory: CUDA caching allocator peak over "
           "the timed iterations, weights included.\n")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(md)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"environment": env, "rows": rows}, f, indent=1)
    print(md)


if __name__ == "__main__":
    main()
