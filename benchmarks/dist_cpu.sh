#!/usr/bin/env bash
# Data parallel on the CPU (issue 20): the demo model's perplexity, Taylor scoring and LoRA steps
# as one process (2 threads, and 1 thread) and as 2 Gloo ranks of 1 thread each on this machine
# (RANK/WORLD_SIZE/MASTER_* set by hand, as torchrun would), the same numbers from each. Prints
# one line per run: wall time, the work's own seconds (JSON "seconds") and the result.
#
# usage: benchmarks/dist_cpu.sh BUILD_DIR     Needs the demo assets (bash scripts/setup.sh).
set -uo pipefail
build=${1:?usage: dist_cpu.sh BUILD_DIR}
cli="$build/app/prunebench-cli"
[ -x "$cli" ] || { echo "error: $cli not found (build first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# name ranks threads args...: rank 0's JSON in $tmp/name.json, wall seconds printed.
run() {
    local name=$1 n=$2 t=$3; shift 3
    local t0 t1 r
    t0=$(date +%s%N)
    if [ "$n" = 1 ]; then
        "$cli" "$@" --json --threads "$t" > "$tmp/$name.json" 2> "$tmp/$name.err"
    else
        for ((r = 0; r < n; r++)); do
            RANK=$r LOCAL_RANK=$r WORLD_SIZE=$n MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
                "$cli" "$@" --json --threads "$t" > "$tmp/$name.$r.json" 2> "$tmp/$name.$r.err" &
        done
        wait
        mv "$tmp/$name.0.json" "$tmp/$name.json"
        port=$((port + 1))
    fi
    t1=$(date +%s%N)
    python3 - "$tmp/$name.json" "$name" "$(( (t1 - t0) / 1000000 ))" <<'PY'
import json, sys
j = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
wall = int(sys.argv[3]) / 1000
if "ppl" in j: what = f"ppl {j['ppl']:.6f}"
elif "history" in j: what = "train loss " + " ".join(f"{p['train_loss']:.6f}" for p in j["history"] if p["train_loss"] is not None)
else:
    v = [x for l in j["layers"] for k in ("attention_groups", "mlp") for x in l[k]]
    what = f"score sum {sum(v):.9g}, max {max(v):.9g}"
print(f"{sys.argv[2]:<22} wall {wall:6.2f} s   work {j.get('seconds', 0):6.2f} s   {what}")
PY
}
ppl=(ppl --model demo --text demo:moby-dick --seq-len 128 --max-windows 32 --batch 4)
score=(score --model demo --calib demo:sotu --samples 8 --seq-len 128 --batch 2 --criterion taylor_element1)
lora=(recover --model demo --data demo:sotu --steps 4 --micro-batch 2 --grad-accum 2 --cutoff 128 --dropout 0
      --val-size 8 --eval-every 2)
for w in ppl score lora; do
    declare -n args=$w
    run "$w 1 rank 2 thr" 1 2 "${args[@]}"
    run "$w 1 rank 1 thr" 1 1 "${args[@]}"
    run "$w 2 ranks 1 thr" 2 1 "${args[@]}"
done
