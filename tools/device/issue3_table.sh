#!/usr/bin/env bash
# The pruning-science table: every criterion at 20% of parameters removed on the demo
# model, calibration on State of the Union text, perplexity on all of Moby Dick.
# Usage: tools/device/issue3_table.sh BUILD_DIR OUT_DIR [DEVICE]
set -euo pipefail
cli=$1/app/prunebench-cli
out=$2
dev=${3:-cuda}
common=(--model demo --device "$dev" --ratios 0.2 --calib demo:sotu --samples 10 --seq-len 128
        --text demo:moby-dick --max-windows 0 --json)
"$cli" sweep "${common[@]}" \
  --criteria random,l2,taylor_vector,taylor_element1,taylor_element2,taylor_mix,fusion,wanda_sp,flap,block_magnitude,block_ppl,block_bi,block_sleb \
  > "$out/sweep_main.json" 2> "$out/sweep_main.log"
"$cli" sweep "${common[@]}" --criteria block_taylor --plus > "$out/sweep_taylor_plus.json" 2> "$out/sweep_taylor_plus.log"
python3 - "$out" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1] + "/sweep_main.json"))["points"] + json.load(open(sys.argv[1] + "/sweep_taylor_plus.json"))["points"][1:]
print("| criterion | kind | params | removed | ppl | scoring s |")
print("|---|---|---|---|---|---|")
for p in rows:
    name = p["criterion"] + (" (+)" if p["criterion"] == "block_taylor" else "")
    print(f"| {name} | {p['kind']} | {p['params']:,} | {100*p['removed_fraction']:.1f}% | {p['ppl']:.2f} | {p['score_seconds']:.2f} |"
          + (f" error: {p['error']}" if 'error' in p else ""))
PY
