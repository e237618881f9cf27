#!/usr/bin/env bash
# Issue 14 items 3-4 on the GPU machine: LoRA recovery on a quantized base. The projections of
# every block stay as their GGUF bytes on the GPU and are dequantized per projection in forward
# and again in backward (prunebench-cli recover --quantized-base, core/recover/quantized_base).
#
#   tools/device/issue14_quant_lora.sh OUT [DIR]     (DIR: where the 70B model file goes, ~40 GB)
#   STEPS="build tests write lora70b demo_float demo_quant" (default: all; each within ~8 min)
#
# build:      core, CLI and core tests against the pip CUDA libtorch (as tools/device/gpu_check.sh;
#             .devcarry/json and .devcarry/googletest carried from the dev machine)
# tests:      pb_core_tests QuantizedBase* (the CUDA test compares the GPU's quantized base with
#             the CPU's float model)
# write:      shape:llama-70b (hidden 8192, 80 layers, GQA 64/8, FFN 28672, vocab 128256) with
#             random Q4_0 weights, 39.7 GB
# lora70b:    50 LoRA steps on it, kept quantized on the GPU (bf16 activations): tokens/s, GPU peak
# demo_*:     the demo model (Q4_1) on the GPU, float base vs quantized base, same seed and data:
#             val loss, perplexity before/after (--merge), tokens/s, GPU peak. Needs the demo
#             assets in ~/.cache/prunebench (skipped with a message when they are missing).
# Writes OUT/<step>.json (+ .err, with /usr/bin/time -v) and OUT/machine.txt.
set -uo pipefail
OUT=${1:?OUT folder}
DIR=${2:-/root/big}
BUILD=${BUILD:-build-cuda}
CLI="$BUILD/app/prunebench-cli"
FILE="$DIR/llama-70b-q4_0.gguf"
STEPS=${STEPS:-build tests write lora70b demo_float demo_quant}
LORA_STEPS=${LORA_STEPS:-50}
MICRO=${MICRO:-4}
CUTOFF=${CUTOFF:-256}
mkdir -p "$DIR"
source "$(dirname "$0")/lib.sh"
device_record "$DIR"
device_stash

if want build; then device_build prunebench-cli pb_core_tests || exit 1; fi
if want tests; then
    "$BUILD/tests/pb_core_tests" --gtest_filter='QuantizedBase*' > "$OUT/tests.log" 2>&1
    echo "pb_core_tests QuantizedBase*: rc=$?" >&2
    grep -E "^\[ +(OK|FAILED|SKIPPED) +\]" "$OUT/tests.log" >&2
fi

# The random model's tokenizer and the training text: the demo's when its assets are here, else
# the tiny fixture's tokenizer and this repository's README (speed depends on shapes only).
if demo_ok; then TOK=demo; else TOK=tests/fixtures/models/tiny_llama; fi
if texts_ok; then DATA=demo:sotu; else DATA=README.md; fi
[ -s "$FILE" ] || run write "$CLI" bench --model shape:llama-70b --write-gguf "$FILE" --quant q4_0 --tokenizer "$TOK" --json
R=(--steps "$LORA_STEPS" --micro-batch "$MICRO" --cutoff "$CUTOFF" --rank 8 --lr 1e-4 --val-size 4 --eval-every "$LORA_STEPS"
   --seed 0 --device cuda --dtype bf16 --json)
run lora70b "$CLI" recover --model "$FILE" --quantized-base --data "$DATA" "${R[@]}"

if want demo_float || want demo_quant; then
    if demo_ok && texts_ok; then
        D=(--model demo --data demo:sotu --steps "$LORA_STEPS" --micro-batch "$MICRO" --cutoff "$CUTOFF" --lr 5e-4
           --seed 0 --device cuda --dtype bf16 --merge --ppl-text demo:moby-dick --json)
        run demo_float "$CLI" recover "${D[@]}"
        run demo_quant "$CLI" recover "${D[@]}" --quantized-base
    else
        echo "demo assets missing under ${XDG_CACHE_HOME:-$HOME/.cache}/prunebench: demo_float/demo_quant skipped" >&2
    fi
fi

python3 - "$OUT" <<'PY'
import json, os, re, sys
out = sys.argv[1]
print("| run | base | steps | val loss before -> after | ppl before -> after | tokens/s | GPU peak | base bytes (projections + float) | max RSS |")
print("|---|---|---|---|---|---|---|---|---|")
for name in ("lora70b", "demo_float", "demo_quant"):
    p = f"{out}/{name}.json"
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        continue
    try:
        j = json.load(open(p))
    except Exception:
        print(f"| {name} | (no JSON) |"); continue
    rss = ""
    err = f"{out}/{name}.err"
    if os.path.exists(err):
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(err).read())
        if m: rss = f"{int(m.group(1)) / 2**20:.2f} GiB"
    q = j.get("quantized_base")
    base = f"{q['projection_bytes'] / 2**30:.2f} + {q['float_bytes'] / 2**30:.2f} GiB" if q else "float"
    mg = j.get("merged", {})
    ppl = f"{mg['ppl_before']:.3f} -> {mg['ppl_after']:.3f}" if mg else ""
    pk = j.get("peak_memory", {}).get("bytes", -1)
    print(f"| {name} | {'quantized' if q else 'float'} | {j['steps']} | {j['val_loss_before']:.4f} -> {j['val_loss_after']:.4f} "
          f"| {ppl} | {j['tokens_per_s']:.0f} | {pk / 2**30:.2f} GiB | {base} | {rss} |")
PY
