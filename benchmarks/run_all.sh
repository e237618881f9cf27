#!/usr/bin/env bash
# Runs prunebench-cli bench beside two peers, one process per run (fresh GPU memory): the
# project's peer (benchmarks/peer_bench.py, one run per target) and the reference peer
# (shared/benchmarks/reference_peer.py, run unchanged: one process for all its works), then
# writes OUT_DIR/results.json and OUT_DIR/results.md (make_table.py) with both ratios.
#
# usage: benchmarks/run_all.sh BUILD_DIR OUT_DIR [TARGET...]
#   targets: score_bf16 score_f32 ppl_4x128 ppl_32x128 lora lora_ckpt generate (default: all)
# env: PYTHON (python3), SHAPE (llama-7b), DEVICE (cuda), REPEAT (5), WARMUP (1),
#      TIMEOUT (900 s per run), SKIP_PEER=1 (ours only), REF_PEER (the reference peer's path;
#      default ../shared/benchmarks/reference_peer.py beside the repository), SKIP_REF_PEER=1
set -uo pipefail
build=${1:?usage: run_all.sh BUILD_DIR OUT_DIR [TARGET...]}
out=${2:?usage: run_all.sh BUILD_DIR OUT_DIR [TARGET...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
cli="$build/app/prunebench-cli"
[ -x "$cli" ] || { echo "error: $cli not found (build the CLI first)" >&2; exit 2; }
py=${PYTHON:-python3}
shape=${SHAPE:-llama-7b}
device=${DEVICE:-cuda}
repeat=${REPEAT:-5}
warmup=${WARMUP:-1}
limit=${TIMEOUT:-900}
mkdir -p "$out"

# name | common args (ours and peer) | ours-only args
targets_all=(
  "score_bf16|--work score --dtype bf16 --batch 10 --seq 128|"
  "score_f32|--work score --dtype f32 --batch 10 --seq 128|"
  "ppl_4x128|--work ppl --dtype bf16 --batch 4 --seq 128|"
  "ppl_32x128|--work ppl --dtype bf16 --batch 32 --seq 128|"
  "lora|--work lora --dtype bf16 --batch 4 --seq 256|"
  "lora_ckpt|--work lora --dtype bf16 --batch 4 --seq 256 --checkpointing|"
  "generate|--work generate --dtype bf16 --batch 1 --seq 128|--prompt 16"
)
wanted=("$@")

# run NAME SIDE CMD...: writes OUT/NAME.SIDE.json (the command's JSON or an error object).
run() {
  local name=$1 side=$2
  shift 2
  local json="$out/$name.$side.json" log="$out/$name.$side.log"
  echo "== $name ($side): $*" >&2
  timeout "$limit" "$@" > "$json.tmp" 2> "$log"
  local rc=$?
  if [ $rc -eq 0 ] && [ -s "$json.tmp" ]; then
    tail -n 1 "$json.tmp" > "$json"
  else
    local why
    why=$(grep -v '^\[' "$log" | tail -n 1 | tr -d '"\\' | cut -c1-300)
    [ $rc -eq 124 ] && why="timed out after ${limit}s"
    printf '{"impl":"%s","error":"%s","rc":%d}\n' "$side" "${why:-exit $rc}" $rc > "$json"
  fi
  rm -f "$json.tmp"
  cat "$json" >&2
}

{
  echo "date: $(date -u +%FT%TZ)"
  command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  "$py" -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)' 2>&1
  "$py" -c 'import peft; print("peft", peft.__version__)' 2>&1
  git -C "$here/.." rev-parse --short HEAD 2>/dev/null
} > "$out/environment.txt"

for t in "${targets_all[@]}"; do
  IFS='|' read -r name common ours_only <<< "$t"
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
  # shellcheck disable=SC2086
  run "$name" ours "$cli" bench --model "shape:$shape" --device "$device" --repeat "$repeat" --warmup "$warmup" \
      $common $ours_only --json
  if [ "${SKIP_PEER:-0}" != 1 ] && [ "$name" != generate ]; then
    # shellcheck disable=SC2086
    run "$name" peer "$py" "$here/peer_bench.py" --shape "$shape" --device "$device" --repeat "$repeat" \
        --warmup "$warmup" $common
  fi
done

ref=${REF_PEER:-$here/../../shared/benchmarks/reference_peer.py}
if [ "${SKIP_REF_PEER:-0}" != 1 ] && [ "$device" = cuda ] && [ "$shape" = llama-7b ]; then
  if [ -f "$ref" ]; then
    mkdir -p "$out/refpeer"
    echo "== reference peer: OUT=$out/refpeer $py $ref" >&2
    OUT="$out/refpeer" timeout $((limit * 3)) "$py" "$ref" > "$out/refpeer/stdout.txt" 2> "$out/refpeer/stderr.txt" ||
      echo "reference peer failed: $(tail -n 2 "$out/refpeer/stderr.txt")" >&2
  else
    echo "reference peer not found at $ref (set REF_PEER)" >&2
  fi
fi

"$py" "$here/make_table.py" "$out"
