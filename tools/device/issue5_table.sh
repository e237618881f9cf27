#!/usr/bin/env bash
# Recovery and evaluation table (issue 5): the demo model pruned by 20% of its parameters
# (width: taylor_element1, depth: block_ppl), calibration on State of the Union text;
# perplexity on all of Moby Dick and the built-in zero-shot tasks (made from Moby Dick,
# held out from calibration and recovery) before pruning, after pruning, and after a
# bounded LoRA run on State of the Union text; then LoRA throughput per dtype.
# Usage: tools/device/issue5_table.sh BUILD_DIR OUT_DIR [DEVICE] [LORA_STEPS] [MODELS_DIR]
set -euo pipefail
cli=$1/app/prunebench-cli
out=$2
dev=${3:-cuda}
steps=${4:-300}
work=${5:-$out/models}   # the pruned and recovered models (HF folders, ~430 MB each)
mkdir -p "$work"

ppl() { "$cli" ppl --model "$1" --device "$dev" --text demo:moby-dick --max-windows 0 --json; }
zs() { "$cli" eval --model "$1" --device "$dev" --tasks demo --items 200 --batch 16 --json; }

calib=(--device "$dev" --calib demo:sotu --samples 10 --seq-len 128 --target-params 0.2 --json)
"$cli" prune --model demo --criterion taylor_element1 "${calib[@]}" --save-plan "$out/width_plan.json" \
    --out "$work/width" > "$out/prune_width.json" 2> "$out/prune_width.log"
"$cli" prune --model demo --criterion block_ppl "${calib[@]}" --save-plan "$out/depth_plan.json" \
    --out "$work/depth" > "$out/prune_depth.json" 2> "$out/prune_depth.log"

for v in width depth; do
    "$cli" recover --model "$work/$v" --device "$dev" --data demo:sotu --steps "$steps" --lr 2e-4 --cutoff 256 \
        --micro-batch 4 --merge --save-merged "$work/${v}_lora" --json > "$out/recover_$v.json" 2> "$out/recover_$v.log"
done

for m in dense:demo width:"$work/width" depth:"$work/depth" width_lora:"$work/width_lora" depth_lora:"$work/depth_lora"; do
    name=${m%%:*}
    path=${m#*:}
    ppl "$path" > "$out/ppl_$name.json" 2> "$out/ppl_$name.log"
    zs "$path" > "$out/zs_$name.json" 2> "$out/zs_$name.log"
done

# LoRA throughput on the width-pruned model: 30 steps of 4 x 256 tokens.
for cfg in "f32:" "bf16:" "bf16:--grad-checkpoint"; do
    dt=${cfg%%:*}
    extra=${cfg#*:}
    tag=$dt${extra:+_ckpt}
    # shellcheck disable=SC2086
    "$cli" recover --model "$work/width" --device "$dev" --dtype "$dt" --data demo:sotu --steps 30 --micro-batch 4 \
        --cutoff 256 $extra --json > "$out/lora_speed_$tag.json" 2> "$out/lora_speed_$tag.log"
done

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
load = lambda n: json.load(open(f"{out}/{n}.json"))
rows = [("dense", "dense (SmolLM2-135M)"), ("width", "width taylor_element1, pruned"), ("width_lora", "width + LoRA"),
        ("depth", "depth block_ppl, pruned"), ("depth_lora", "depth + LoRA")]
pw, pd = load("prune_width"), load("prune_depth")
params = {"dense": pw["params_before"], "width": pw["params_after"], "width_lora": pw["params_after"],
          "depth": pd["params_after"], "depth_lora": pd["params_after"]}
print("| model | params | ppl (Moby Dick, all windows) | next_sentence acc / acc_norm | cloze acc / acc_norm |")
print("|---|---|---|---|---|")
for key, label in rows:
    p = load(f"ppl_{key}")
    z = {t["task"]: t for t in load(f"zs_{key}")["tasks"]}
    f = lambda t: f"{z[t]['acc']:.3f} / {z[t]['acc_norm']:.3f} (±{z[t]['acc_stderr']:.3f})"
    print(f"| {label} | {params[key]:,} | {p['ppl']:.2f} | {f('next_sentence')} | {f('cloze')} |")
for v in ("width", "depth"):
    r = load(f"recover_{v}")
    print(f"\nrecover {v}: {r['steps']} steps, {r['tokens']} tokens, val loss {r['val_loss_before']:.4f} -> "
          f"{r['val_loss_after']:.4f}, {r['tokens_per_s']:.0f} tokens/s, {r['seconds']:.1f} s")
for tag in ("f32", "bf16", "bf16_ckpt"):
    r = load(f"lora_speed_{tag}")
    print(f"LoRA speed {tag}: {r['tokens_per_s']:.0f} tokens/s ({r['steps']} steps, {r['tokens']} tokens)")
PY
