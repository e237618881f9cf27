#!/usr/bin/env bash
# Issue 18, sub-block depth (BlockPruner) on the GPU machine: sub-block and whole-block depth plans
# of the demo model at the same parameter reduction, each exported to GGUF (and one to a Hugging
# Face folder), reloaded by PruneBench, and the GGUFs' perplexity in llama.cpp (built here from
# carried sources, .devcarry/llamacpp: the llama.cpp of llama-cpp-python 0.3.36, CPU, f32 KV cache).
#
#   tools/device/issue18_subblock.sh STEP OUT    (STEP: build | stash | prune | llamacpp | pack; llamacpp
#   reads prune's JSON in OUT, pack puts OUT into OUT/results.tgz)
#
# build: PruneBench's CLI and libllama; stash: the demo model's parts; prune: the plans, PruneBench's
# perplexity before export and after reloading each export; llamacpp: llama.cpp's perplexity of the
# GGUFs on PruneBench's token ids (tools/export/llamacpp_ppl.py). Perplexity: demo:moby-dick, the
# first WINDOWS (200) windows of 128 tokens; calibration demo:sotu, 10 samples of 128 tokens.
set -uo pipefail
STEP=$1
OUT=$2
BUILD=build-dev
STEPS=""
WINDOWS=${WINDOWS:-200}
source tools/device/lib.sh
CLI="$BUILD/app/prunebench-cli"
W="$BUILD/sub"
mkdir -p "$W"
CALIB=(--calib demo:sotu --samples 10 --seq-len 128)
PPL=(--text demo:moby-dick --max-windows "$WINDOWS")
case $STEP in
build)
    device_build prunebench-cli || exit 1
    src=.devcarry/llamacpp/src
    cmake -S "$src" -B "$BUILD/llamacpp" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DLLAMA_BUILD_COMMON=OFF \
          -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF \
          -DLLAMA_CURL=OFF -DGGML_NATIVE=ON > "$OUT/llamacpp_configure.log" 2>&1 || { tail -30 "$OUT/llamacpp_configure.log"; exit 1; }
    cmake --build "$BUILD/llamacpp" -j"$(nproc)" > "$OUT/llamacpp_build.log" 2>&1 || { tail -30 "$OUT/llamacpp_build.log"; exit 1; }
    mkdir -p "$BUILD/llamalib" && find "$BUILD/llamacpp" -name "*.so*" -exec cp -P {} "$BUILD/llamalib/" \;
    ls "$BUILD/llamalib"
    ;;
stash)
    device_stash
    ;;
prune)
    device_stash
    export XDG_CACHE_HOME
    nvidia-smi --query-gpu=name --format=csv,noheader > "$OUT/gpu.txt"
    "$CLI" ppl --model demo "${PPL[@]}" --device cuda --json > "$OUT/dense.ppl.json"
    "$CLI" score --model demo --criterion block_ppl --depth-unit sub-block "${CALIB[@]}" --device cuda --json \
        > "$OUT/scores_block_ppl.json"
    "$CLI" score --model demo --criterion block_bi --depth-unit sub-block "${CALIB[@]}" --device cuda --json \
        > "$OUT/scores_block_bi.json"
    # The 6 least important attention and the 2 least important MLP sub-blocks by block_ppl:
    # 6 x 885,312 + 2 x 2,654,784 parameters = 10,621,440, exactly three whole blocks' worth (7.90%).
    LIST=$(python3 - "$OUT/scores_block_ppl.json" <<'PY'
import json, sys
u = json.load(open(sys.argv[1]))["sub_blocks"]
attn = sorted((x for x in u if x["part"] == "attn"), key=lambda x: x["score"])[:6]
mlp = sorted((x for x in u if x["part"] == "mlp"), key=lambda x: x["score"])[:2]
print(",".join(f'{x["layer"]}:{x["part"]}' for x in attn + mlp))
PY
)
    echo "$LIST" > "$OUT/list_6attn_2mlp.txt"
    prune() {  # name, options...
        local name=$1; shift
        local t0=$(date +%s)
        "$CLI" prune --model demo "$@" "${CALIB[@]}" "${PPL[@]}" --device cuda --save-plan "$OUT/$name.plan.json" \
            --out "$W/$name.gguf" --json > "$OUT/$name.prune.json" 2> "$OUT/$name.prune.err" || { tail -3 "$OUT/$name.prune.err"; return; }
        echo "$name: $(( $(date +%s) - t0 )) s" >> "$OUT/times.txt"
        "$CLI" ppl --model "$W/$name.gguf" "${PPL[@]}" --device cuda --json > "$OUT/$name.ppl_gguf.json"
        "$CLI" tokenize --model "$W/$name.gguf" --text demo:moby-dick --json > "$W/$name.ids.json"
    }
    prune sub_6attn_2mlp --remove-sub-blocks "$LIST"
    prune sub_bp_7.9 --criterion block_sleb --depth-unit sub-block --target-params 0.07896
    prune sub_ppl_7.9 --criterion block_ppl --depth-unit sub-block --target-params 0.07896
    prune block_ppl_3 --criterion block_ppl --drop-blocks 3
    prune block_sleb_3 --criterion block_sleb --drop-blocks 3
    prune sub_bp_20 --criterion block_sleb --depth-unit sub-block --target-params 0.2
    prune sub_ppl_20 --criterion block_ppl --depth-unit sub-block --target-params 0.2
    prune sub_bi_20 --criterion block_bi --depth-unit sub-block --target-params 0.2
    prune block_ppl_20 --criterion block_ppl --target-params 0.2
    prune block_sleb_20 --criterion block_sleb --target-params 0.2
    # The Hugging Face export of the sub-block plan: PruneBench reloads it; transformers?
    "$CLI" prune --model demo --plan "$OUT/sub_6attn_2mlp.plan.json" --out "$W/sub_6attn_2mlp_hf" --json \
        > "$OUT/sub_6attn_2mlp.hf.json" 2> "$OUT/sub_6attn_2mlp.hf.err"
    "$CLI" ppl --model "$W/sub_6attn_2mlp_hf" "${PPL[@]}" --device cuda --json > "$OUT/sub_6attn_2mlp.ppl_hf.json"
    cp "$W/sub_6attn_2mlp_hf/config.json" "$OUT/sub_6attn_2mlp_hf_config.json"
    "$CLI" tokenize --model "$W/sub_6attn_2mlp_hf" --text demo:moby-dick --json > "$W/hf.ids.json"
    python3 tools/export/check_transformers.py "$W/sub_6attn_2mlp_hf" "$XDG_CACHE_HOME/prunebench/text/moby-dick.txt" \
        --ids "$W/hf.ids.json" --windows 20 --dtype float32 > "$OUT/sub_6attn_2mlp.transformers.json" \
        2> "$OUT/sub_6attn_2mlp.transformers.err"
    python3 -c 'import transformers, transformers.models as M; print(transformers.__version__, [m for m in dir(M) if any(k in m.lower() for k in ("deci", "nas", "nemotron"))])' \
        > "$OUT/transformers_models.txt" 2>&1
    ;;
llamacpp)
    export PYTHONPATH="$PWD/.devcarry/llamacpp/py" LLAMA_CPP_LIB_PATH="$PWD/$BUILD/llamalib"
    # The venv's python loads an older libstdc++ first: libllama then crashes in init_tokenizer.
    export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
    for name in ${NAMES:-sub_6attn_2mlp sub_bp_20 block_ppl_20 sub_bp_7.9 block_ppl_3}; do
        python3 tools/export/llamacpp_ppl.py "$W/$name.gguf" --ids "$W/$name.ids.json" --max-windows "$WINDOWS" \
            --threads "$(nproc)" --prunebench "$OUT/$name.ppl_gguf.json" > "$OUT/$name.llamacpp.json" 2> "$OUT/$name.llamacpp.err"
        tail -c 400 "$OUT/$name.llamacpp.json"; tail -3 "$OUT/$name.llamacpp.err"
    done
    ;;
pack)  # everything in OUT in one file (the run tool brings back a limited number of files)
    (cd "$OUT" && tar -czf results.tgz --exclude=results.tgz ./*.json ./*.txt ./*.err 2>/dev/null &&
        find . -maxdepth 1 -type f ! -name results.tgz -delete)
    ;;
esac
