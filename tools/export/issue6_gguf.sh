#!/usr/bin/env bash
# GGUF export of the demo model (dense, depth-pruned, uniformly and per-layer width-pruned):
# PruneBench's perplexity on each exported file next to llama.cpp's on the same token ids.
#
#   tools/export/issue6_gguf.sh [BUILD_DIR] [OUT_DIR]      (defaults: build-exp, /tmp/pb_issue6)
#
# Needs llama-cpp-python in $PB_LLAMA_VENV (default ~/.cache/prunebench/venv-llama); see
# docs/measurements/issue6_gguf.md. Prints one JSON line per model and writes them to
# OUT_DIR/results.jsonl. CPU cost: ~15 min on 2 idle cores. PB_WINDOWS (default 50) windows of
# 128 tokens per perplexity, PB_SAMPLES (default 10) calibration samples.
set -euo pipefail
BUILD=${1:-build-exp}
OUT=${2:-/tmp/pb_issue6}
VENV=${PB_LLAMA_VENV:-$HOME/.cache/prunebench/venv-llama}
CLI="$BUILD/app/prunebench-cli"
WINDOWS=${PB_WINDOWS:-50}
CALIB="--calib demo:sotu --samples ${PB_SAMPLES:-10} --seq-len 128"
mkdir -p "$OUT"
: > "$OUT/results.jsonl"

export_model() {  # name, prune args... ("" = dense); an existing export is kept
    local name=$1; shift
    [ -s "$OUT/$name.gguf" ] && [ -s "$OUT/$name.export.json" ] && return 0
    if [ "$name" = dense ]; then
        "$CLI" export --model demo --format gguf --dtype f32 --out "$OUT/$name.gguf" --json > "$OUT/$name.export.json"
    else
        "$CLI" prune --model demo "$@" $CALIB --save-plan "$OUT/$name.plan.json" --out "$OUT/$name.gguf" --json \
            > "$OUT/$name.export.json"
    fi
}

measure() {  # name
    local name=$1
    "$CLI" tokenize --model "$OUT/$name.gguf" --text demo:moby-dick --json > "$OUT/$name.ids.json"
    "$CLI" ppl --model "$OUT/$name.gguf" --text demo:moby-dick --max-windows "$WINDOWS" --json > "$OUT/$name.ppl.json"
    "$VENV/bin/python" tools/export/llamacpp_ppl.py "$OUT/$name.gguf" --ids "$OUT/$name.ids.json" \
        --max-windows "$WINDOWS" --prunebench "$OUT/$name.ppl.json" > "$OUT/$name.llamacpp.json" \
        2> "$OUT/$name.llamacpp.err" || echo "{\"error\": $(tail -c 2000 "$OUT/$name.llamacpp.err" | python3 -c 'import json,sys;print(json.dumps(sys.stdin.read()))')}" > "$OUT/$name.llamacpp.json"
    python3 - "$name" "$OUT" <<'EOF' | tee -a "$OUT/results.jsonl"
import json, sys
name, out = sys.argv[1], sys.argv[2]
exp = json.load(open(f"{out}/{name}.export.json"))
o = exp["out"]
row = {"model": name, "architecture": o["architecture"], "per_layer_arrays": o["per_layer_arrays"],
       "parameters": o["parameters"], "bytes": o["bytes"],
       "prunebench_ppl": json.load(open(f"{out}/{name}.ppl.json"))["ppl"]}
lc = json.load(open(f"{out}/{name}.llamacpp.json"))
row.update({"llamacpp_ppl": lc.get("ppl"), "relative_difference": lc.get("relative_difference"),
            "llamacpp_error": lc.get("error")})
print(json.dumps(row))
EOF
}

export_model dense
export_model depth --criterion block_ppl --drop-blocks 6
export_model uniform --criterion l2 --width-ratio 0.2 --layers 0-29
export_model uniform_taylor --criterion taylor_element1 --width-ratio 0.2 --layers 0-29
export_model per_layer --criterion taylor_element1 --target-params 0.2
for m in dense depth uniform uniform_taylor per_layer; do measure "$m"; done

# The per-layer model forced into arch llama: llama.cpp's llama graph takes every layer's
# widths from layer 0, so loading fails; record its message.
"$CLI" export --model demo --plan "$OUT/per_layer.plan.json" --format gguf --arch llama \
    --out "$OUT/per_layer_llama.gguf" --json > "$OUT/per_layer_llama.export.json"
measure per_layer_llama
