#!/usr/bin/env bash
# Issue 6 on the GPU machine: Hugging Face exports of the demo model (dense, depth-pruned,
# uniformly and per-layer width-pruned, the same plans as tools/export/issue6_gguf.sh) and
# the perplexity transformers computes on each next to PruneBench's (f32, the same token
# ids, the first WINDOWS windows of 128 tokens of Moby Dick).
#
#   tools/device/issue6_transformers.sh BUILD OUT [WINDOWS]
set -euo pipefail
BUILD=$1
OUT=$2
WINDOWS=${3:-20}
CLI="$BUILD/app/prunebench-cli"
CALIB=(--calib demo:sotu --samples 10 --seq-len 128)
mkdir -p "$OUT"
: > "$OUT/results.jsonl"
python3 -c 'import transformers, torch; print("transformers", transformers.__version__, "torch", torch.__version__)' > "$OUT/versions.txt"
"$CLI" export --model demo --format hf --out "$OUT/dense" --json > "$OUT/dense.export.json"
"$CLI" prune --model demo --criterion block_ppl --drop-blocks 6 "${CALIB[@]}" --save-plan "$OUT/depth.plan.json" --out "$OUT/depth" --json > "$OUT/depth.export.json"
"$CLI" prune --model demo --criterion taylor_element1 --width-ratio 0.2 --layers 0-29 "${CALIB[@]}" --save-plan "$OUT/uniform.plan.json" --out "$OUT/uniform" --json > "$OUT/uniform.export.json"
"$CLI" prune --model demo --criterion taylor_element1 --target-params 0.2 "${CALIB[@]}" --save-plan "$OUT/per_layer.plan.json" --out "$OUT/per_layer" --json > "$OUT/per_layer.export.json"
for m in dense depth uniform per_layer; do
    "$CLI" tokenize --model "$OUT/$m" --text demo:moby-dick --json > "$OUT/$m.ids.json"
    "$CLI" ppl --model "$OUT/$m" --text demo:moby-dick --max-windows "$WINDOWS" --json > "$OUT/$m.ppl.json"
    python3 tools/export/check_transformers.py "$OUT/$m" "$XDG_CACHE_HOME/prunebench/text/moby-dick.txt" \
        --ids "$OUT/$m.ids.json" --windows "$WINDOWS" --dtype float32 > "$OUT/$m.transformers.json" 2> "$OUT/$m.transformers.err" || true
    python3 - "$m" "$OUT" <<'PY' | tee -a "$OUT/results.jsonl"
import json, sys
m, out = sys.argv[1], sys.argv[2]
ours = json.load(open(f"{out}/{m}.ppl.json"))
try:
    tf = json.load(open(f"{out}/{m}.transformers.json"))
except Exception as e:
    tf = {"error": open(f"{out}/{m}.transformers.err").read()[-800:]}
print(json.dumps({"model": m, "prunebench_ppl": ours["ppl"], "windows": ours["windows"], "transformers": tf}))
PY
done
rm -rf "$OUT"/{dense,depth,uniform,per_layer}/model.safetensors
