#!/usr/bin/env bash
# Issue 18 on the GPU machine (transformers installed there): FLAP with bias compensation,
# exported to Hugging Face (transformers' attention_bias / mlp_bias: zero q/k/v and gate/up
# biases beside the compensated o_proj/down_proj ones) and to GGUF (llama.cpp's optional
# blk.N.attn_output.bias / blk.N.ffn_down.bias), each reloaded by PruneBench and the HF folder by
# transformers, perplexity side by side on the same ids (f32, the first WINDOWS windows of 128
# tokens of Moby Dick). With llama-cpp-python importable, the GGUF also in llama.cpp.
#
#   tools/device/issue18_flap_exports.sh BUILD OUT [WINDOWS]
#
# Models: `uniform` prunes every layer alike (--layers 0-29: transformers builds every layer from
# the scalar widths, so only a uniform plan loads there), `default` the usual layers 4-27 (per-layer
# widths: PruneBench and llama.cpp's deci arch load it, transformers cannot), `off` the uniform
# plan without compensation (no biases: the control).
set -euo pipefail
BUILD=$1
OUT=$2
WINDOWS=${3:-50}
CLI="$BUILD/app/prunebench-cli"
CALIB=(--calib demo:sotu --samples 10 --seq-len 128)
mkdir -p "$OUT"
: > "$OUT/results.jsonl"
python3 -c 'import transformers, torch; print("transformers", transformers.__version__, "torch", torch.__version__)' \
    > "$OUT/versions.txt" 2>&1 || true
prune() {  # name, extra options...
    local name=$1; shift
    "$CLI" prune --model demo --criterion flap --target-params 0.2 "${CALIB[@]}" "$@" \
        --save-plan "$OUT/$name.plan.json" --out "$OUT/$name" --json > "$OUT/$name.hf.json"
    "$CLI" prune --model demo --plan "$OUT/$name.plan.json" --out "$OUT/$name.gguf" --json > "$OUT/$name.gguf.json"
}
prune uniform --layers 0-29
prune default
prune off --layers 0-29 --bias-compensation off
for m in uniform default off; do
    "$CLI" tokenize --model "$OUT/$m" --text demo:moby-dick --json > "$OUT/$m.ids.json"
    "$CLI" ppl --model "$OUT/$m" --text demo:moby-dick --max-windows "$WINDOWS" --json > "$OUT/$m.ppl_hf.json"
    "$CLI" ppl --model "$OUT/$m.gguf" --text demo:moby-dick --max-windows "$WINDOWS" --json > "$OUT/$m.ppl_gguf.json"
    python3 tools/export/check_transformers.py "$OUT/$m" "$XDG_CACHE_HOME/prunebench/text/moby-dick.txt" \
        --ids "$OUT/$m.ids.json" --windows "$WINDOWS" --dtype float32 > "$OUT/$m.transformers.json" \
        2> "$OUT/$m.transformers.err" || true
    if python3 -c 'import llama_cpp' 2> /dev/null; then
        python3 tools/export/llamacpp_ppl.py "$OUT/$m.gguf" --ids "$OUT/$m.ids.json" --max-windows "$WINDOWS" \
            --prunebench "$OUT/$m.ppl_gguf.json" > "$OUT/$m.llamacpp.json" 2> "$OUT/$m.llamacpp.err" || true
    fi
    python3 - "$m" "$OUT" <<'PY' | tee -a "$OUT/results.jsonl"
import json, os, sys
m, out = sys.argv[1], sys.argv[2]
def load(name):
    p = f"{out}/{m}.{name}.json"
    try:
        return json.load(open(p))
    except Exception:
        err = f"{out}/{m}.{name}.err"
        return {"error": open(err).read()[-800:] if os.path.exists(err) else "not run"}
cfg = json.load(open(f"{out}/{m}/config.json"))
print(json.dumps({"model": m, "attention_bias": cfg.get("attention_bias"), "mlp_bias": cfg.get("mlp_bias"),
                  "prunebench_ppl_hf": load("ppl_hf").get("ppl"), "prunebench_ppl_gguf": load("ppl_gguf").get("ppl"),
                  "transformers": load("transformers"), "llamacpp": load("llamacpp")}))
PY
done
rm -rf "$OUT"/{uniform,default,off}/model.safetensors "$OUT"/*.gguf
