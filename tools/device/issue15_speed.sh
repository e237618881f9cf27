#!/usr/bin/env bash
# Issue 15 on one H200: PruneBench's bench beside the reference peer (shared/benchmarks/
# reference_peer.py, carried unchanged as .devcarry/reference_peer.py) and the project's peer
# (benchmarks/peer_bench.py), LLaMA-7B shape, bf16; the demo shape (SmolLM2-135M) on the GPU;
# torch-profiler summaries of the slow works.
#
#   tools/device/issue15_speed.sh OUT
#   STEPS="build demo big prof refpeer" (default: all)
#
# tests:   pb_core_tests (TESTS: a gtest filter), on the GPU
# quick:   demo LoRA, 7B LoRA and 7B scoring only
# build:   prunebench-cli against the pip CUDA libtorch (.devcarry/json, .devcarry/googletest)
# demo:    shape:smollm2-135m ppl 4x128 / 32x128 and LoRA 4x256, f32 and bf16
# big:     shape:llama-7b, bf16: score 10x128, ppl 4x128 / 32x128, LoRA 4x256 (+ checkpointing)
# prof:    the same works once more under --profile (OUT/prof_<name>/summary.txt, trace.json)
# refpeer: OUT=OUT/refpeer python3 .devcarry/reference_peer.py (all its works)
# Prints one line per run (tokens/s or s, GPU peak, utilisation) at the end.
set -uo pipefail
OUT=${1:?OUT folder}
BUILD=${BUILD:-build-cuda}
CLI="$BUILD/app/prunebench-cli"
STEPS=${STEPS:-build tests demo big prof refpeer}
REPEAT=${REPEAT:-5}
source "$(dirname "$0")/lib.sh"
device_record /tmp

if want build; then device_build prunebench-cli || exit 1; fi
if want tests; then
    device_build pb_core_tests || exit 1
    "$BUILD/tests/pb_core_tests" --gtest_filter="${TESTS:-Lora.*:ForwardReference.*:StreamedBackward*:Importance*:Scor*:QuantizedBase*}" \
        > "$OUT/tests.log" 2>&1
    echo "pb_core_tests: rc=$?" >&2
    grep -E "^\[ +(FAILED|SKIPPED) +\]|PASSED|tests ran" "$OUT/tests.log" | head -30 >&2
fi
# name, args...: OUT/name.json from prunebench-cli bench.
bench() {
    local name=$1; shift
    timeout 300 "$CLI" bench --device cuda --repeat "$REPEAT" --json "$@" > "$OUT/$name.json" 2> "$OUT/$name.err" ||
        { echo "$name failed: $(tail -2 "$OUT/$name.err")" >&2; return 0; }
}
demo=(--model shape:smollm2-135m)
big=(--model shape:llama-7b --dtype bf16)
if want quick; then
    bench demo_ppl32_bf16 --model shape:smollm2-135m --dtype bf16 --work ppl --batch 32 --seq 128
    bench demo_lora_bf16 --model shape:smollm2-135m --dtype bf16 --work lora --batch 4 --seq 256
    bench big_score --model shape:llama-7b --dtype bf16 --work score --batch 10 --seq 128
    bench big_ppl32 --model shape:llama-7b --dtype bf16 --work ppl --batch 32 --seq 128
    bench big_lora --model shape:llama-7b --dtype bf16 --work lora --batch 4 --seq 256
    for p in score:10 ppl:32; do
        REPEAT=2 bench "prof_big_${p%%:*}" --model shape:llama-7b --dtype bf16 --work "${p%%:*}" --batch "${p##*:}" --seq 128 \
            --profile "$OUT/prof_big_${p%%:*}"
        head -16 "$OUT/prof_big_${p%%:*}/summary.txt" | cut -c1-130 >&2; rm -f "$OUT/prof_big_${p%%:*}/trace.json"
    done
fi
if want demo; then
    for dt in f32 bf16; do
        bench "demo_ppl4_$dt" "${demo[@]}" --dtype $dt --work ppl --batch 4 --seq 128
        bench "demo_ppl32_$dt" "${demo[@]}" --dtype $dt --work ppl --batch 32 --seq 128
        bench "demo_lora_$dt" "${demo[@]}" --dtype $dt --work lora --batch 4 --seq 256
    done
fi
if want big; then
    bench big_score "${big[@]}" --work score --batch 10 --seq 128
    bench big_ppl4 "${big[@]}" --work ppl --batch 4 --seq 128
    bench big_ppl32 "${big[@]}" --work ppl --batch 32 --seq 128
    bench big_lora "${big[@]}" --work lora --batch 4 --seq 256
    bench big_lora_ckpt "${big[@]}" --work lora --batch 4 --seq 256 --checkpointing
fi
if want prof; then
    REPEAT=2
    bench prof_demo_ppl32 "${demo[@]}" --dtype bf16 --work ppl --batch 32 --seq 128 --profile "$OUT/prof_demo_ppl32"
    bench prof_demo_lora "${demo[@]}" --dtype bf16 --work lora --batch 4 --seq 256 --profile "$OUT/prof_demo_lora"
    bench prof_big_lora "${big[@]}" --work lora --batch 4 --seq 256 --profile "$OUT/prof_big_lora"
    bench prof_big_score "${big[@]}" --work score --batch 10 --seq 128 --profile "$OUT/prof_big_score"
    rm -f "$OUT"/prof_*/trace.json.gz; for t in "$OUT"/prof_*/trace.json; do [ -f "$t" ] && gzip -f "$t"; done
fi
if want refpeer && [ -f .devcarry/reference_peer.py ]; then
    mkdir -p "$OUT/refpeer"
    OUT="$OUT/refpeer" timeout 900 python3 .devcarry/reference_peer.py > "$OUT/refpeer/stdout.txt" 2> "$OUT/refpeer/stderr.txt" ||
        echo "reference peer failed: $(tail -3 "$OUT/refpeer/stderr.txt")" >&2
fi

python3 - "$OUT" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
for f in sorted(glob.glob(os.path.join(out, "*.json"))):
    try: j = json.loads(open(f).read().strip().splitlines()[-1])
    except Exception: continue
    if "tokens_per_s" not in j: continue
    u = j.get("util_nominal")
    print(f"{os.path.basename(f)[:-5]:18} {j['tokens_per_s']:>10,.0f} tok/s {j['time_s']*1e3:8.2f} ms  peak {(j.get('peak_mem_gib') or 0):6.2f} GiB  util {'' if u is None else f'{100*u:.1f}%'}")
p = os.path.join(out, "refpeer", "hf_peer.json")
if os.path.exists(p): print("reference peer:", json.dumps(json.load(open(p))))
PY
