#!/usr/bin/env bash
# Issue 12 item 4 on the GPU machine: a pruned export of the demo model reloaded by transformers
# on the GPU with PruneBench's perplexity. The GGUF travels in three parts under 64 MiB (one per
# call, tools/device/lib.sh device_stash); the last call prunes and checks.
#   tools/device/issue12_transformers_gpu.sh OUT       (STEPS="build" on the first call)
# prune:  l2, width ratio 0.2 of query heads and MLP channels in every layer (as
#         tools/fidelity/issue12_fidelity.sh), saved as a Hugging Face folder (f32)
# ppl:    PruneBench (cuda, f32) and transformers (cuda, float32) on the same ids of Moby Dick,
#         20 windows x 128; tools/export/check_transformers.py also checks the tokenizer's ids
set -uo pipefail
OUT=${1:?OUT folder}
BUILD=${BUILD:-build-cuda}
STEPS=${STEPS:-prune ppl}
STEPS="$STEPS pb_ppl transformers"  # the runs inside ppl
CLI="$BUILD/app/prunebench-cli"
source "$(dirname "$0")/lib.sh"
device_record "$OUT"
device_stash
if want build; then device_build prunebench-cli || exit 1; fi
demo_ok && texts_ok || { echo "demo assets not here yet" >&2; exit 0; }
TEXT="$XDG_CACHE_HOME/prunebench/text/moby-dick.txt"
P="$BUILD/assets/pruned_hf"
if want prune; then
    layers=$("$CLI" info --model demo --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"])')
    rm -rf "$P"
    run prune "$CLI" prune --model demo --criterion l2 --width-ratio 0.2 --attention-unit head --layers "0-$((layers - 1))" \
        --calib demo:sotu --samples 4 --out "$P" --json
fi
if want ppl; then
    "$CLI" tokenize --model "$P" --text "$TEXT" --json > "$BUILD/assets/ids_hf.json"
    run pb_ppl "$CLI" ppl --model "$P" --text "$TEXT" --seq-len 128 --max-windows 20 --device cuda --dtype f32 --json
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["ppl"]=json.load(open(sys.argv[2]))["ppl"]; json.dump(d, open(sys.argv[1], "w"))' \
        "$BUILD/assets/ids_hf.json" "$OUT/pb_ppl.json"
    run transformers python3 tools/export/check_transformers.py "$P" "$TEXT" --ids "$BUILD/assets/ids_hf.json" \
        --windows 20 --seq-len 128 --device cuda --dtype float32
    python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
pb = json.load(open(f"{out}/pb_ppl.json"))["ppl"]
t = json.load(open(f"{out}/transformers.json"))
m = t.get("model", {})
tp = m.get("ppl_prunebench_ids", {}).get("ppl")
print(f"pruned demo (HF folder, f32) on cuda: PruneBench {pb:.3f}, transformers {tp:.3f} ({(tp / pb - 1) * 100:+.4f}%), "
      f"tokenizer ids identical: {t.get('tokenizer', {}).get('ids_equal')}, transformers {t.get('transformers')}, torch {t.get('torch')}")
PY
fi
