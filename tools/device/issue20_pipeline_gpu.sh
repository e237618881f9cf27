#!/usr/bin/env bash
# Issue 20 item 2 on a machine with several GPUs (nvidia-h200-x2/-x4/-x8): a model split across
# the GPUs (--pipeline-stages, c10d send/recv between the stages over NCCL), one process per GPU
# started by torchrun (--no-python: the CLI is a program). The model is a large random-weight
# shape (core/bench/shapes.cpp) written as a GGUF file; each rank reads only its stage's blocks
# and dequantizes them to bf16 on its GPU, so the model needs not fit one GPU:
#   SHAPE=llama-70b QUANT=q4_0 (default): a 40 GB file, 141 GB in bf16 (more than one H200's 139 GiB)
#   SHAPE=llama-150b QUANT=q8_0: a 160 GB file, larger than one GPU even quantized (300 GB in bf16)
#
#   tools/device/issue20_pipeline_gpu.sh OUT
#   STEPS="build tests model ppl score dpxpp table" (default: all); GPUS="2 4 8" (default: every
#   power of two from 2 up to the machine's count); each GPU count is that many stages.
#   DRY=1: no GPU and no torchrun: the tiny fixture (tests/fixtures/models/tiny_gemma3, 4 blocks)
#   on the CPU, the ranks started by this script as Gloo processes on 127.0.0.1 (BUILD=build, the
#   local build; GPUS="2 4"), every step but build and model, against one plain process.
#
# build:  prunebench-cli and pb_dist_tests against the pip CUDA libtorch (OUT/configure.log: NCCL?)
# tests:  pb_dist_tests --gtest_filter='Pipeline*' (Gloo, CPU processes) on this machine
# model:  $BUILD/$SHAPE.$QUANT.gguf (bench --write-gguf, the demo tokenizer; minutes: its own call)
# ppl:    64 windows x 128 tokens, batch 4, --pipeline-stages N (the last stage sums the NLL)
# score:  taylor_element1 on 16 samples x 128 tokens, batch 2: backward through the stages
#         (weights + gradients of a stage on its GPU: 4 stages and up for llama-70b)
# dpxpp:  on 8 GPUs, 4 stages x 2 data-parallel replicas (ppl and score) against 8 stages
# table:  OUT/table.md: per run the stages, replicas, load time of the slowest stage, ppl and
#         tokens/s, score seconds, peak GPU memory per rank (nvidia-smi sampled), and the largest
#         differences between runs (ppl; scores of the layers)
set -uo pipefail
OUT=${1:?OUT folder}
DRY=${DRY:-0}
if [ "$DRY" = 1 ]; then BUILD=${BUILD:-build}; else BUILD=${BUILD:-build-cuda}; fi
CLI="$PWD/$BUILD/app/prunebench-cli"
STEPS=${STEPS:-build tests model ppl score dpxpp table}
SHAPE=${SHAPE:-llama-70b}
QUANT=${QUANT:-q4_0}
source "$(dirname "$0")/lib.sh"
if [ "$DRY" = 1 ]; then
    STEPS=${STEPS//build/}; STEPS=${STEPS//model/}
    MODEL=tests/fixtures/models/tiny_gemma3
    GPUS=${GPUS:-2 4}
    DEV=(--device cpu --dtype f32 --threads 1)
    TEXT=README.md; PPL_ARGS=(--seq-len 32 --max-windows 24 --batch 3); SCORE_ARGS=(--samples 8 --seq-len 32 --batch 2)
else
    device_record /tmp
    device_stash
    NGPU=$(nvidia-smi -L 2>/dev/null | wc -l)
    if [ -z "${GPUS:-}" ]; then GPUS=""; for n in 2 4 8; do [ "$n" -le "$NGPU" ] && GPUS="$GPUS $n"; done; fi
    echo "GPUs: $NGPU, stages: $GPUS, model: $SHAPE ($QUANT)" >&2
    export NCCL_DEBUG=${NCCL_DEBUG:-WARN}
    MODEL="$BUILD/$SHAPE.$QUANT.gguf"
    DEV=(--device cuda --dtype bf16)
    TEXT=demo:moby-dick; PPL_ARGS=(--seq-len 128 --max-windows 64 --batch 4); SCORE_ARGS=(--samples 16 --seq-len 128 --batch 2)
fi

if want build; then
    [ -f .devcarry/gloo/gloo/config.h ] && export PB_CMAKE_EXTRA="-DPRUNEBENCH_GLOO_INCLUDE_DIR=$PWD/.devcarry/gloo"
    device_build prunebench-cli pb_dist_tests || exit 1
    grep -i "data parallel" "$OUT/configure.log" >&2
fi
if want tests; then
    CI=true "$BUILD/tests/pb_dist_tests" --gtest_filter='Pipeline*' > "$OUT/pipeline_tests.log" 2>&1
    echo "pb_dist_tests Pipeline*: rc=$?" >&2
    grep -E "^\[ pipe \]|FAILED|PASSED" "$OUT/pipeline_tests.log" >&2
fi
if want model && [ ! -s "$MODEL" ]; then
    "$CLI" bench --model "shape:$SHAPE" --write-gguf "$MODEL" --quant "$QUANT" --json > "$OUT/model.json" 2> "$OUT/model.err" ||
        { tail -3 "$OUT/model.err" >&2; exit 1; }
    cat "$OUT/model.json" >&2
fi

# name N args...: N ranks (torchrun, or DRY=1: Gloo processes on 127.0.0.1); OUT/name.json (rank
# 0), .err (every rank), .wall (ms), .mem (peak MiB per GPU, sampled).
ranks() {
    local name=$1 n=$2; shift 2
    local t0; t0=$(date +%s%N)
    local sampler=""
    if [ "$DRY" != 1 ]; then
        ( while true; do nvidia-smi --query-gpu=index,memory.used --format=csv,noheader,nounits; sleep 1; done ) \
            > "$OUT/$name.memlog" 2>/dev/null &
        sampler=$!
    fi
    if [ "$DRY" = 1 ]; then
        if [ "$n" = 1 ]; then
            "$CLI" "$@" "${DEV[@]}" --json > "$OUT/$name.json" 2> "$OUT/$name.err"
        else
            local port=$(( 20000 + RANDOM % 20000 )) pids=() r
            for ((r = 0; r < n; r++)); do
                RANK=$r LOCAL_RANK=$r WORLD_SIZE=$n MASTER_ADDR=127.0.0.1 MASTER_PORT=$port timeout 300 \
                    "$CLI" "$@" "${DEV[@]}" --json > "$OUT/$name.json.$r" 2> "$OUT/$name.err.$r" & pids+=($!)
            done
            local rc=0; for p in "${pids[@]}"; do wait "$p" || rc=1; done
            mv "$OUT/$name.json.0" "$OUT/$name.json"; cat "$OUT/$name.err".* > "$OUT/$name.err"; rm -f "$OUT/$name".*.[0-9]*
            [ $rc = 0 ] || false
        fi
    else
        timeout 3000 torchrun --standalone --nproc-per-node "$n" --no-python "$CLI" "$@" "${DEV[@]}" --json \
            > "$OUT/$name.json" 2> "$OUT/$name.err"
    fi
    local rc=$?
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
    echo "$(( ($(date +%s%N) - t0) / 1000000 ))" > "$OUT/$name.wall"
    if [ $rc != 0 ]; then echo "$name failed: $(tail -3 "$OUT/$name.err")" >&2; return 0; fi
    [ -s "$OUT/$name.memlog" ] && awk -F', ' '{ if ($2 > m[$1]) m[$1] = $2 } END { for (g in m) printf "%s:%d ", g, m[g] }' \
        "$OUT/$name.memlog" > "$OUT/$name.mem"
    echo "$name: $(cat "$OUT/$name.wall") ms $(cat "$OUT/$name.mem" 2>/dev/null)" >&2
}

if want ppl; then
    [ "$DRY" = 1 ] && ranks ppl_ref 1 ppl --model "$MODEL" --text "$TEXT" "${PPL_ARGS[@]}"
    for n in $GPUS; do ranks "ppl_s$n" "$n" ppl --model "$MODEL" --text "$TEXT" "${PPL_ARGS[@]}" --pipeline-stages "$n"; done
fi
if want score; then
    [ "$DRY" = 1 ] && ranks score_ref 1 score --model "$MODEL" --calib "$TEXT" "${SCORE_ARGS[@]}" --criterion taylor_element1
    for n in $GPUS; do
        ranks "score_s$n" "$n" score --model "$MODEL" --calib "$TEXT" "${SCORE_ARGS[@]}" --criterion taylor_element1 \
            --pipeline-stages "$n"
    done
fi
if want dpxpp; then
    W=8; S=4; [ "$DRY" = 1 ] && { W=4; S=2; }
    if [[ " $GPUS " == *" $W "* ]]; then
        ranks "ppl_s${S}x$((W / S))" "$W" ppl --model "$MODEL" --text "$TEXT" "${PPL_ARGS[@]}" --pipeline-stages "$S"
        ranks "score_s${S}x$((W / S))" "$W" score --model "$MODEL" --calib "$TEXT" "${SCORE_ARGS[@]}" \
            --criterion taylor_element1 --pipeline-stages "$S"
    fi
fi

if want table; then
    python3 - "$OUT" > "$OUT/table.md" <<'PY'
import glob, json, os, re, sys
out = sys.argv[1]
def load(name):
    p = f"{out}/{name}.json"
    if not os.path.exists(p) or os.path.getsize(p) == 0: return None
    j = json.loads(open(p).read().strip().splitlines()[-1])
    j["_wall"] = float(open(f"{out}/{name}.wall").read()) / 1000.0
    err = open(f"{out}/{name}.err").read()
    loads = [float(x) for x in re.findall(r"loaded in ([0-9.]+) s \(stages", err)]
    j["_load"] = f"{max(loads):.2f}" if loads else "-"
    m = f"{out}/{name}.mem"
    j["_mem"] = open(m).read().strip() if os.path.exists(m) else ""
    return j
def layer_numbers(j):
    return [x for l in j.get("layers", []) for k in ("attention_groups", "attention_heads", "mlp") for x in l[k]]
def rel(a, b):
    s = max(abs(x) for x in a) or 1.0
    return max(abs(x - y) for x, y in zip(a, b)) / s
names = sorted({os.path.basename(p)[:-5] for p in glob.glob(f"{out}/*.json")} - {"model"})
ppl = [n for n in names if n.startswith("ppl_")]
score = [n for n in names if n.startswith("score_")]
print("| run | stages | replicas | slowest stage load s | ppl | tokens/s | wall s | peak MiB per GPU | ppl rel. diff vs first |")
print("|---|---|---|---|---|---|---|---|---|")
base = None
for n in ppl:
    j = load(n)
    if not j: continue
    base = base or j
    p = j.get("pipeline", {})
    print(f"| {n} | {p.get('stages', '-')} | {p.get('replicas', '-')} | {j['_load']} | {j['ppl']:.6f} | "
          f"{j['tokens_per_s']:.0f} | {j['_wall']:.1f} | {j['_mem'] or '-'} | {abs(j['ppl'] - base['ppl']) / base['ppl']:.1e} |")
print()
print("| run | stages | replicas | slowest stage load s | score s | wall s | peak MiB per GPU | scores rel. diff vs first |")
print("|---|---|---|---|---|---|---|---|")
base = None
for n in score:
    j = load(n)
    if not j: continue
    base = base or j
    p = j.get("pipeline", {})
    print(f"| {n} | {p.get('stages', '-')} | {p.get('replicas', '-')} | {j['_load']} | {j.get('seconds', 0):.2f} | "
          f"{j['_wall']:.1f} | {j['_mem'] or '-'} | {rel(layer_numbers(base), layer_numbers(j)):.1e} |")
PY
    cat "$OUT/table.md" >&2
fi
