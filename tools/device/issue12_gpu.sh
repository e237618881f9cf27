#!/usr/bin/env bash
# Issue 12 on the GPU machine: the CUDA build's core suites (gemma3 and Qwen2 forward against
# transformers' logits through scaled-dot-product attention with a scale and a sliding-window
# mask, streamed paths, device dequantization), then the prefill and decode speed of every
# model shape in SHAPES (config.json files: the dense and pruned models of the cross-size
# table, written on the dev machine by `prunebench-cli info --model M [--plan P] --save-shape F`).
# The real GGUF files (0.1-1.1 GB) cannot travel to that machine (64 MiB per call), and speed
# depends on shapes and dtype only, so the weights here are random (core/bench/random_model).
#   tools/device/issue12_gpu.sh OUT SHAPES_DIR [GTEST_FILTER]
set -uo pipefail
out=${1:?OUT}
shapes=${2:?SHAPES_DIR}
filter=${3:-*}
bash tools/device/gpu_check.sh "$out" "$filter"  # its status is its last grep's (1 = no FAILED line)
[ -x build-cuda/app/prunebench-cli ] || exit 1
cli=build-cuda/app/prunebench-cli
for f in "$shapes"/*.json; do
    name=$(basename "$f" .json)
    "$cli" bench --model "shape:$f" --device cuda --dtype bf16 --work ppl --batch 8 --seq 512 --repeat 5 --json \
        > "$out/prefill_$name.json" 2> "$out/prefill_$name.err" || tail -3 "$out/prefill_$name.err"
    "$cli" bench --model "shape:$f" --device cuda --dtype bf16 --work generate --batch 1 --seq 128 --prompt 16 --repeat 3 --json \
        > "$out/decode_$name.json" 2> "$out/decode_$name.err" || tail -3 "$out/decode_$name.err"
done
python3 - "$out" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
rows = {}
for kind in ("prefill", "decode"):
    for p in sorted(glob.glob(f"{out}/{kind}_*.json")):
        name = os.path.basename(p)[len(kind) + 1:-5]
        try:
            j = json.load(open(p))
        except Exception:
            continue
        rows.setdefault(name, {})[kind] = j.get("tokens_per_s")
        rows[name]["params"] = j.get("params", rows[name].get("params"))
print("| shape | params | prefill tok/s (8x512, bf16) | decode tok/s (batch 1, bf16) |")
print("|---|---|---|---|")
for n, r in rows.items():
    pf = r.get("prefill"); dc = r.get("decode")
    print(f"| {n} | {r.get('params')} | {pf:,.0f} | {dc:,.1f} |" if pf and dc else f"| {n} | {r} |")
PY
