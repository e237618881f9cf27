#!/usr/bin/env bash
# The width-vs-depth table across model sizes (issue 12): one `prunebench-cli sweep --models`
# run, the models loaded one at a time. Writes OUT/issue12.json (the --json object, a section
# per model: read it into the GUI with Charts > "Add curves from a sweep file..."),
# OUT/issue12.md (the Markdown table and the overlay chart beside it), OUT/issue12.log
# (progress) and prints the wall time.
#
# usage: tools/sizes/issue12_table.sh [--profile cpu|gpu] [--models A,B,...] [--out DIR]
#                                     [--cli PATH] [-- more sweep options]
#   --profile cpu (default): small bounded settings for 2 CPU cores (minutes per model)
#   --profile gpu: larger settings for one GPU (--device cuda)
#   --models: default demo,demo:gemma3-270m,demo:qwen2.5-0.5b,demo:qwen2.5-1.5b
#             (fetch them first: bash scripts/fetch_models.sh all)
#   Options after -- are passed to the sweep and win over the profile's (the last value
#   of an option counts), e.g. -- --criteria l2,block_bi --recover-steps 0
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
profile=cpu
models="demo,demo:gemma3-270m,demo:qwen2.5-0.5b,demo:qwen2.5-1.5b"
out="$here/build/issue12"
cli="${PB_CLI:-$here/build/app/prunebench-cli}"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="${2:?--profile needs cpu or gpu}"; shift 2 ;;
    --models) models="${2:?--models needs a list}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --cli) cli="${2:?--cli needs a path}"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "error: unknown argument '$1' (see $0 --help)" >&2; exit 2 ;;
  esac
done

case "$profile" in
  cpu)
    # Measured on 2 CPU cores shared with other jobs: demo + qwen2.5-0.5b in 925 s (exit 0).
    # Larger ones (e.g. -- --samples 4 --seq-len 128 --max-windows 20 --recover-steps 10
    # --items 40) take several times longer: the zero-shot items dominate on a CPU.
    settings=(--device cpu --dtype f32
              --criteria wanda_sp,block_bi --ratios 0.2,0.35
              --calib demo:sotu --samples 2 --seq-len 64
              --text demo:moby-dick --max-windows 4
              --data demo:sotu --recover-steps 2 --recover-cutoff 32
              --tasks demo --items 2
              --speed-prompt 64 --speed-tokens 8 --speed-repeat 1) ;;
  gpu)
    settings=(--device cuda --dtype f32
              --criteria l2,wanda_sp,taylor_element1,flap,block_bi,block_ppl,block_taylor --ratios 0.2,0.35
              --calib demo:sotu --samples 32 --seq-len 256
              --text demo:moby-dick --max-windows 400
              --data demo:sotu --recover-steps 200 --recover-cutoff 256
              --tasks demo --items 200
              --speed-prompt 512 --speed-tokens 128 --speed-repeat 5) ;;
  *) echo "error: --profile is '$profile', use cpu or gpu" >&2; exit 2 ;;
esac

[ -x "$cli" ] || { echo "error: prunebench-cli not found at '$cli' (build it, or give --cli PATH)" >&2; exit 2; }
mkdir -p "$out"
cmd=("$cli" sweep --models "$models" "${settings[@]}" "${extra[@]}" --json --report "$out/issue12.md")
printf '%q ' "${cmd[@]}" > "$out/issue12.command"
echo >> "$out/issue12.command"
echo "running: $(cat "$out/issue12.command")" >&2
start=$(date +%s)
status=0
"${cmd[@]}" > "$out/issue12.json.part" 2> >(tee "$out/issue12.log" >&2) || status=$?
wall=$(( $(date +%s) - start ))
if [ -s "$out/issue12.json.part" ]; then mv -f "$out/issue12.json.part" "$out/issue12.json"; else rm -f "$out/issue12.json.part"; fi
echo "wall time: ${wall} s (profile $profile, models $models), exit $status" | tee "$out/issue12.wall" >&2
echo "table: $out/issue12.md  json: $out/issue12.json" >&2
exit $status
