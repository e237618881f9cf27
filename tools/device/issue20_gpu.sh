#!/usr/bin/env bash
# Issue 20 on a machine with 2, 4 or 8 GPUs (nvidia-h200-x2/-x4/-x8): the data-parallel scaling
# table, NCCL between the GPUs, one process per GPU started by torchrun (--no-python: the CLI is
# a program). Every rank holds the whole model, so the model is the LLaMA-7B shape (random
# weights, f16 GGUF, run in bf16); the 70B / 150B shapes need the model split across GPUs
# (issue 20 item 2), not built yet.
#
#   tools/device/issue20_gpu.sh OUT
#   STEPS="build tests onegpu model score ppl lora table" (default: all); GPUS="1 2 4 8" (default: 1 and
#   every power of two up to the machine's count)
#
# build:  prunebench-cli and pb_dist_tests against the pip CUDA libtorch; OUT/configure.log says
#         whether Gloo and NCCL were found ("data parallel:" line)
# tests:  pb_dist_tests (Gloo, CPU processes) on this machine
# onegpu: 2 ranks on one GPU through Gloo against one process (the tiny fixture), any GPU count
# model:  $BUILD/llama-7b.f16.gguf (bench --write-gguf; the demo tokenizer, from .devcarry)
# score:  taylor_element1, 64 samples x 128 tokens, micro-batch 4, per GPU count
# ppl:    256 windows x 128 tokens, batch 16
# lora:   20 steps, global batch 32 x 256 tokens (micro-batch 4 x grad-accum 8), no dropout
# table:  OUT/table.md: seconds / tokens/s per GPU count and efficiency against linear
#         (T1 / (N x TN) for times, (rate N / N) / rate 1 for rates); and the largest differences
#         from one GPU (scores, ppl, loss curve)
set -uo pipefail
OUT=${1:?OUT folder}
BUILD=${BUILD:-build-cuda}
CLI="$PWD/$BUILD/app/prunebench-cli"
STEPS=${STEPS:-build tests onegpu model score ppl lora table}
source "$(dirname "$0")/lib.sh"
device_record /tmp
device_stash
NGPU=$(nvidia-smi -L 2>/dev/null | wc -l)
if [ -z "${GPUS:-}" ]; then GPUS=1; for n in 2 4 8; do [ "$n" -le "$NGPU" ] && GPUS="$GPUS $n"; done; fi
echo "GPUs: $NGPU, runs with: $GPUS" >&2
export NCCL_DEBUG=${NCCL_DEBUG:-WARN}
MODEL="$BUILD/llama-7b.f16.gguf"

if want build; then
    # pip's libtorch ships no gloo headers: Debian's (libgloo-dev, an older gloo than the one
    # compiled into pip's libtorch) carried as .devcarry/gloo/gloo, when there, for the Gloo backend.
    [ -f .devcarry/gloo/gloo/config.h ] && export PB_CMAKE_EXTRA="-DPRUNEBENCH_GLOO_INCLUDE_DIR=$PWD/.devcarry/gloo"
    device_build prunebench-cli pb_dist_tests || exit 1
    grep -i "data parallel" "$OUT/configure.log" >&2
fi
if want tests; then
    CI=true "$BUILD/tests/pb_dist_tests" > "$OUT/dist_tests.log" 2>&1
    echo "pb_dist_tests: rc=$?" >&2
    grep -E "^\[ dist \]|FAILED|PASSED" "$OUT/dist_tests.log" >&2
fi
# One GPU (what nvidia-h200 allows): 2 ranks on cuda:0 through Gloo (host copies; NCCL refuses two
# ranks on one GPU) against one process on it, the tiny fixture: ppl, taylor_element1, LoRA.
if want onegpu; then
    fx=tests/fixtures/models/tiny_llama
    one=(--device cuda:0 --json --threads 2)
    for w in "ppl --text README.md --seq-len 64 --max-windows 40 --batch 4" \
             "score --calib README.md --samples 8 --seq-len 64 --criterion taylor_element1" \
             "recover --data README.md --steps 6 --micro-batch 2 --grad-accum 2 --cutoff 64 --dropout 0 --val-size 8"; do
        name=${w%% *}
        # shellcheck disable=SC2086
        "$CLI" $w --model "$fx" "${one[@]}" > "$OUT/onegpu_${name}_1.json" 2> "$OUT/onegpu_${name}_1.err"
        # shellcheck disable=SC2086
        PRUNEBENCH_DIST_BACKEND=gloo timeout 300 python3 -m torch.distributed.run --standalone --nproc-per-node 2 \
            --no-python "$CLI" $w --model "$fx" "${one[@]}" > "$OUT/onegpu_${name}_2.json" 2> "$OUT/onegpu_${name}_2.err" ||
            tail -5 "$OUT/onegpu_${name}_2.err" >&2
        python3 - "$OUT/onegpu_${name}_1.json" "$OUT/onegpu_${name}_2.json" "$name" <<'PY' >&2
import json, sys
def nums(j):
    if "ppl" in j: return [j["ppl"]]
    if "history" in j: return [p["train_loss"] for p in j["history"] if p["train_loss"] is not None]
    return [x for l in j["layers"] for k in ("attention_groups", "attention_heads", "mlp") for x in l[k]]
try:
    a, b = (nums(json.loads(open(f).read().strip().splitlines()[-1])) for f in sys.argv[1:3])
    s = max(abs(x) for x in a) or 1.0
    print(f"onegpu {sys.argv[3]}: 1 process vs 2 ranks (gloo, cuda:0): max rel diff {max(abs(x - y) for x, y in zip(a, b)) / s:.2e} over {len(a)} values")
except Exception as e:
    print(f"onegpu {sys.argv[3]}: no comparison ({e})")
PY
    done
fi
if want model && [ ! -s "$MODEL" ]; then
    "$CLI" bench --model shape:llama-7b --write-gguf "$MODEL" --quant f16 --json > "$OUT/model.json" 2> "$OUT/model.err" ||
        { tail -3 "$OUT/model.err" >&2; exit 1; }
fi

# name N args...: torchrun with N processes on this node; OUT/name_N.json (rank 0) and .err (all ranks).
ranks() {
    local name=$1 n=$2; shift 2
    want "$name" || return 0
    local t0=$(date +%s%N)
    timeout 1800 torchrun --standalone --nproc-per-node "$n" --no-python "$CLI" "$@" --device cuda --dtype bf16 --json \
        > "$OUT/${name}_$n.json" 2> "$OUT/${name}_$n.err" || { echo "$name x$n failed: $(tail -3 "$OUT/${name}_$n.err")" >&2; return 0; }
    echo "$(( ($(date +%s%N) - t0) / 1000000 ))" > "$OUT/${name}_$n.wall"  # ms
    echo "$name x$n: $(cat "$OUT/${name}_$n.wall") ms" >&2
}
for n in $GPUS; do
    ranks score "$n" score --model "$MODEL" --calib demo:moby-dick --samples 64 --seq-len 128 --batch 4 \
        --criterion taylor_element1
    ranks ppl "$n" ppl --model "$MODEL" --text demo:moby-dick --seq-len 128 --max-windows 256 --batch 16
    ranks lora "$n" recover --model "$MODEL" --data demo:moby-dick --steps 20 --micro-batch 4 --grad-accum 8 \
        --cutoff 256 --dropout 0 --val-size 32 --eval-every 10
done

if want table; then
    python3 - "$OUT" $GPUS > "$OUT/table.md" <<'PY'
import json, sys, os
out, sizes = sys.argv[1], [int(x) for x in sys.argv[2:]]
def load(name, n):
    p = f"{out}/{name}_{n}.json"
    if not os.path.exists(p) or os.path.getsize(p) == 0: return None
    j = json.loads(open(p).read().strip().splitlines()[-1])
    j["_wall"] = float(open(f"{out}/{name}_{n}.wall").read()) / 1000.0
    return j
def nums(j, keys):
    v = []
    for l in j.get("layers", []):
        for k in keys: v += l[k]
    return v
def rel(a, b):
    s = max(abs(x) for x in a) or 1.0
    return max(abs(x - y) for x, y in zip(a, b)) / s
print("| GPUs | score s (wall) | eff. | ppl tok/s | eff. | LoRA tok/s | eff. | score diff | ppl diff | loss diff |")
print("|---|---|---|---|---|---|---|---|---|---|")
base = {k: load(k, 1) for k in ("score", "ppl", "lora")}
for n in sizes:
    s, p, l = load("score", n), load("ppl", n), load("lora", n)
    row = [str(n)]
    row += [f"{s['seconds']:.2f} ({s['_wall']:.0f})" if s else "-",
            f"{base['score']['seconds'] / (n * s['seconds']):.0%}" if s and base['score'] else "-"]
    row += [f"{p['tokens_per_s']:.0f}" if p else "-",
            f"{p['tokens_per_s'] / (n * base['ppl']['tokens_per_s']):.0%}" if p and base['ppl'] else "-"]
    row += [f"{l['tokens_per_s']:.0f}" if l else "-",
            f"{l['tokens_per_s'] / (n * base['lora']['tokens_per_s']):.0%}" if l and base['lora'] else "-"]
    keys = ("attention_groups", "attention_heads", "mlp")
    row.append(f"{rel(nums(base['score'], keys), nums(s, keys)):.1e}" if s and base['score'] else "-")
    row.append(f"{abs(p['ppl'] - base['ppl']['ppl']) / base['ppl']['ppl']:.1e}" if p and base['ppl'] else "-")
    if l and base['lora']:
        a = [h["train_loss"] for h in base["lora"]["history"] if h["train_loss"] is not None]
        b = [h["train_loss"] for h in l["history"] if h["train_loss"] is not None]
        row.append(f"{rel(a, b):.1e}")
    else: row.append("-")
    print("| " + " | ".join(row) + " |")
PY
    cat "$OUT/table.md" >&2
fi
