#!/usr/bin/env bash
# Issue 7 part 3 on the GPU machine: a model larger than the GPU's memory and than RAM,
# written to disk with random Q4_0 weights by the bench command, then scored, pruned and
# evaluated block by block from the memory-mapped file (prunebench-cli stream).
#
#   tools/device/issue7_stream.sh BUILD OUT [DIR] [SHAPE]   (DIR: where the model file goes)
#   STEPS="ppl_dense prune_wanda ..." runs only those steps (default: all).
#
# Writes OUT/*.json (one per command) and OUT/machine.txt. Needs ~90 GB free in DIR for
# shape:llama-150b (154.7B parameters: 309 GB in bf16, 87 GB in Q4_0).
set -euo pipefail
BUILD=$1
OUT=$2
DIR=${3:-/root/big}
SHAPE=${4:-llama-150b}
CLI="$BUILD/app/prunebench-cli"
FILE="$DIR/$SHAPE-q4_0.gguf"
mkdir -p "$OUT" "$DIR"
{
    nvidia-smi --query-gpu=name,memory.total --format=csv
    free -b
    df -B1 "$DIR"
    nproc
} > "$OUT/machine.txt" 2>&1
STEPS=${STEPS:-write ppl_dense prune_wanda score_flap score_bi prune_blockppl}
run() {  # name, command...
    local name=$1; shift
    [[ " $STEPS " == *" $name "* ]] || return 0
    echo "== $name: $*" >&2
    /usr/bin/time -v "$@" > "$OUT/$name.json" 2> "$OUT/$name.err" || { tail -5 "$OUT/$name.err" >&2; return 1; }
    tail -c 600 "$OUT/$name.json" >&2; echo >&2
}
[ -s "$FILE" ] || run write "$CLI" bench --model "shape:$SHAPE" --write-gguf "$FILE" --quant q4_0 --tokenizer demo --json
S=(--model "$FILE" --device cuda --dtype bf16 --json)
CAL=(--calib demo:sotu --samples 8 --seq-len 128 --batch 8)
run ppl_dense "$CLI" stream --work ppl "${S[@]}" --text demo:moby-dick --max-windows 32 --batch 16
run prune_wanda "$CLI" stream --work prune "${S[@]}" "${CAL[@]}" --criterion wanda_sp --target-params 0.2 \
    --save-plan "$OUT/wanda_plan.json" --text demo:moby-dick --max-windows 32
run score_flap "$CLI" stream --work score "${S[@]}" "${CAL[@]}" --criterion flap
run score_bi "$CLI" stream --work score "${S[@]}" "${CAL[@]}" --criterion block_bi
run prune_blockppl "$CLI" stream --work prune "${S[@]}" --calib demo:sotu --samples 4 --seq-len 128 --batch 4 \
    --criterion block_ppl --target-params 0.2 --save-plan "$OUT/blockppl_plan.json" --text demo:moby-dick --max-windows 32
