#!/usr/bin/env bash
# The CPU under load (issue 15 item 3): the same works idle and with one competing CPU-bound
# process (`yes > /dev/null`, started and stopped here), in one run, so the two figures share a
# machine state. Prints a table: CPU bench (SmolLM2-135M shape, f32 perplexity 4 x 128), the demo
# model's perplexity on moby-dick, and the GUI's stall probe (heatmap view: Taylor scoring).
#
# usage: benchmarks/cpu_under_load.sh BUILD_DIR [RUNS]   (RUNS per work and state, default 3)
# Needs the demo assets (bash scripts/setup.sh); the GUI row is skipped without build/app/prunebench.
set -uo pipefail
build=${1:?usage: cpu_under_load.sh BUILD_DIR [RUNS]}
runs=${2:-3}
cli="$build/app/prunebench-cli"
gui="$build/app/prunebench"
[ -x "$cli" ] || { echo "error: $cli not found (build first)" >&2; exit 2; }
tmp=$(mktemp -d)
load_pid=""
cleanup() { [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

json_field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])$1)"; }
bench_tps() {
    "$cli" bench --model shape:smollm2-135m --work ppl --device cpu --repeat 3 --json 2>/dev/null | json_field '["tokens_per_s"]'
}
demo_tps() {
    "$cli" ppl --model demo --text demo:moby-dick --max-windows 16 --json 2>/dev/null | json_field '["tokens_per_s"]'
}
gui_stall() {  # the job's longest UI-thread stall in ms
    QT_QPA_PLATFORM=offscreen "$gui" --model demo --view heatmap --screenshot "$tmp/heatmap.png" 2>&1 |
        sed -n 's/.*ms while loading and showing the model, \([0-9]*\) ms during the view.s job.*/\1/p' | tail -1
}
# state: idle or loaded; prints "work state v1 v2 ...".
measure() {
    local state=$1 w i v
    for w in bench demo gui; do
        [ "$w" = gui ] && [ ! -x "$gui" ] && continue
        printf '%s %s' "$w" "$state"
        for ((i = 0; i < runs; i++)); do
            case $w in
                bench) v=$(bench_tps) ;;
                demo) v=$(demo_tps) ;;
                gui) v=$(gui_stall) ;;
            esac
            printf ' %s' "${v:-nan}"
        done
        printf '\n'
    done
}
{
    echo "# $(date -u +%FT%TZ), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    measure idle
    yes > /dev/null &
    load_pid=$!
    sleep 2
    measure loaded
    echo "# load while loaded: $(cut -d' ' -f1-3 /proc/loadavg) (one 'yes > /dev/null', pid $load_pid)"
    kill "$load_pid"; load_pid=""
} > "$tmp/raw.txt"
cat "$tmp/raw.txt"
python3 - "$tmp/raw.txt" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("#"): continue
    w, state, *vals = line.split()
    rows[(w, state)] = [float(v) for v in vals if v != "nan"]
names = {"bench": ("CPU bench, shape:smollm2-135m ppl f32 4x128", "tok/s"),
         "demo": ("ppl --model demo (moby-dick, 16 windows of 128)", "tok/s"),
         "gui": ("GUI stall probe, heatmap job (longest UI-thread stall)", "ms")}
print("\n| work | idle (median) | one competing process (median) | loaded / idle |")
print("|---|---|---|---|")
for w, (label, unit) in names.items():
    a, b = rows.get((w, "idle"), []), rows.get((w, "loaded"), [])
    if not a or not b: continue
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"| {label} | {ma:,.1f} {unit} | {mb:,.1f} {unit} | {100 * mb / ma:.0f}% |")
PY
