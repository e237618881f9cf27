#!/usr/bin/env bash
# Issue 14 items 1-2 and 4 (first half) on the GPU machine: gradient criteria streamed block by
# block (prunebench-cli stream, core/stream/streamed_backward): a forward pass keeps each block's
# input, the loss, then a backward pass loads the blocks again last to first, recomputes each
# under autograd and folds its weight gradients into the scores at once.
#
#   tools/device/issue14_stream_backward.sh OUT [DIR]   (DIR: where the 70B model file goes, ~40 GB;
#   the same file as tools/device/issue14_quant_lora.sh, so one write serves both)
#   STEPS="build tests demo_compare write score_e1 prune_e1 score_e1_host" (default: all; each
#   command within ~8 min on one H200 with the file in the page cache)
#
# build:        core, CLI and core tests against the pip CUDA libtorch (tools/device/lib.sh;
#               .devcarry/json, .devcarry/googletest and the demo parts carried from the dev machine)
# tests:        pb_core_tests StreamedBackward* (CPU equality tests, here with the CUDA build)
# demo_compare: the demo model on the GPU in f32, taylor_element1: `score` in memory vs `stream`
#               (largest difference of a layer's scores relative to its largest score)
# write:        shape:llama-70b (Llama-3-70B: hidden 8192, 80 layers, GQA 64/8, FFN 28672) with
#               random Q4_0 weights, 39.7 GB (skipped when the file exists). In memory, Taylor
#               scoring holds weights and gradients: 282 GB in bf16 = 2x the H200's 141 GB.
# score_e1:     streamed Taylor element1 scoring in bf16, 8 x 128 calibration tokens: time, GPU
#               peak, RSS peak, passes and bytes read (block inputs kept on the GPU: auto)
# prune_e1:     the same scoring, then a 20% width prune (KV groups and MLP channels of the
#               default layers) and perplexity before/after on 16 windows x 128 of Moby Dick
# score_e1_host: score_e1 with the block inputs in pinned host memory (--activations host)
# Writes OUT/<step>.json (+ .err with /usr/bin/time -v) and OUT/machine.txt; prints a table.
set -uo pipefail
OUT=${1:?OUT folder}
DIR=${2:-/root/big}
BUILD=${BUILD:-build-cuda}
SHAPE=${SHAPE:-llama-70b}
CLI="$BUILD/app/prunebench-cli"
FILE="$DIR/$SHAPE-q4_0.gguf"
STEPS=${STEPS:-build tests demo_compare write score_e1 prune_e1 score_e1_host}
mkdir -p "$DIR"
source "$(dirname "$0")/lib.sh"
device_record "$DIR"
device_stash

if want build; then device_build prunebench-cli pb_core_tests || exit 1; fi
if want tests; then
    "$BUILD/tests/pb_core_tests" --gtest_filter='StreamedBackward*' > "$OUT/tests.log" 2>&1
    echo "pb_core_tests StreamedBackward*: rc=$?" >&2
    grep -E "^\[ +(OK|FAILED|SKIPPED) +\]|largest difference" "$OUT/tests.log" >&2
fi

if want demo_compare; then
    if demo_ok && texts_ok; then
        C=(--model demo --criterion taylor_element1 --calib demo:sotu --samples 4 --seq-len 64 --batch 2
           --device cuda --dtype f32 --json)
        STEPS="$STEPS demo_memory demo_stream"
        run demo_memory "$CLI" score "${C[@]}"
        run demo_stream "$CLI" stream --work score "${C[@]}"
        python3 - "$OUT/demo_memory.json" "$OUT/demo_stream.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
b = b["scores"]
worst = 0.0
for la, lb in zip(a["layers"], b["layers"]):
    for key in ("attention_groups", "attention_heads", "mlp"):
        scale = max((abs(v) for v in la[key]), default=0.0)
        if scale > 0:
            worst = max(worst, max(abs(x - y) for x, y in zip(la[key], lb[key])) / scale)
print(f"demo taylor_element1 on cuda f32, stream vs memory: largest difference {worst:.3g} of a layer's largest score")
PY
    else
        echo "demo assets missing under ${XDG_CACHE_HOME:-$HOME/.cache}/prunebench: demo_compare skipped" >&2
    fi
fi

if demo_ok; then TOK=demo; else TOK=tests/fixtures/models/tiny_llama; fi
if texts_ok; then CALIB=demo:sotu; TEXT=demo:moby-dick; else CALIB=README.md; TEXT=README.md; fi
[ -s "$FILE" ] || run write "$CLI" bench --model "shape:$SHAPE" --write-gguf "$FILE" --quant q4_0 --tokenizer "$TOK" --json
S=(--model "$FILE" --device cuda --dtype bf16 --json)
CAL=(--calib "$CALIB" --samples 8 --seq-len 128 --batch 8 --criterion taylor_element1)
run score_e1 "$CLI" stream --work score "${S[@]}" "${CAL[@]}"
run prune_e1 "$CLI" stream --work prune "${S[@]}" "${CAL[@]}" --width-ratio 0.2 --save-plan "$OUT/e1_plan.json" \
    --text "$TEXT" --max-windows 16 --batch 8
run score_e1_host "$CLI" stream --work score "${S[@]}" "${CAL[@]}" --activations host

python3 - "$OUT" <<'PY'
import json, os, re, sys
out = sys.argv[1]
print("| run | wall | GPU peak | max RSS | passes | GB copied | block inputs | ppl before -> after |")
print("|---|---|---|---|---|---|---|---|")
for name in ("demo_memory", "demo_stream", "score_e1", "prune_e1", "score_e1_host"):
    p = f"{out}/{name}.json"
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        continue
    try:
        j = json.load(open(p))
    except Exception:
        print(f"| {name} | (no JSON) |"); continue
    err = open(f"{out}/{name}.err").read() if os.path.exists(f"{out}/{name}.err") else ""
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    rss = f"{int(m.group(1)) / 2**20:.2f} GiB" if m else ""
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err)
    wall = m.group(1) if m else ""
    st = j.get("stream", {})
    act = st.get("activations", {})
    acts = f"{act.get('kept_on', '')} {act.get('bytes', 0) / 2**30:.2f} GiB" if act else ""
    pk = j.get("peak_device_bytes", -1)
    ppl = ""
    if "ppl_before" in j:
        ppl = f"{j['ppl_before']['ppl']:.4g} -> {j['ppl_after']['ppl']:.4g}"
    print(f"| {name} | {wall} | {pk / 2**30:.2f} GiB | {rss} | {st.get('passes', '')} "
          f"| {st.get('bytes_copied', 0) / 1e9:.1f} | {acts} | {ppl} |")
PY
