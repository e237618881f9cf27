#!/usr/bin/env bash
# Issue 12 fidelity table: for each real model, PruneBench against llama.cpp and Hugging Face.
#
#   bash tools/fidelity/issue12_fidelity.sh OUT [MODEL...]     (then: python3 tools/fidelity/summarize.py OUT)
#
# MODEL: demo, qwen2.5-0.5b, qwen2.5-1.5b, gemma3-270m (default: all four), read from
# ~/.cache/prunebench (scripts/fetch_models.sh). Steps (STEPS, default "tok ppl dense hftok export"):
#   tok     PruneBench's ids of all of Moby Dick == llama.cpp's (llama-cpp-python, vocab_only)
#   ppl     perplexity, PruneBench f32 and bf16 (CPU) and llama.cpp (f32 KV cache) on the same ids;
#           WINDOWS x SEQ tokens (default 20 x 128); tokens/s from the same runs; and transformers
#           on the same GGUF dequantized to float32 (tools/fidelity/transformers_gguf_ppl.py)
#   dense   the dense model written as an f32 GGUF, in PruneBench and llama.cpp (no quantized
#           weights, so llama.cpp's 8-bit activations in quantized dot products are out of it)
#   hftok   the Hugging Face tokenizer export (TokenizerHfExport.RealGguf): time, and ids of all of
#           Moby Dick with `tokenizers` and transformers' AutoTokenizer == PruneBench's
#   export  a pruned model (l2, width ratio WIDTH (0.2) of query heads and MLP channels in every layer,
#           so that transformers can load it)
#           saved (f32) as GGUF and as a Hugging Face folder; each reloaded: the GGUF in
#           PruneBench and llama.cpp, the folder in PruneBench and transformers (CPU, float32)
#   export_mlp  the same with MLP channels only (ratio WIDTH of every layer's channels, heads kept):
#           llama.cpp's qwen2 loader wants a square q_proj, so a Qwen2 model whose query heads were
#           cut does not load there; this one keeps qwen2's attention shapes. GGUF only.
#   export_mlp_hf  that cut saved as a Hugging Face folder, in PruneBench and transformers (CPU,
#           float32): a Qwen2.5-1.5B with 10 of 12 query heads does not load in transformers
#           (hidden 1536 is not a multiple of 10), the MLP cut does.
# Environment: BUILD (default build), CLI and TESTS (default $BUILD/app/prunebench-cli and
# $BUILD/tests/pb_base_tests), LCPP_PY (python with llama-cpp-python, default
# /tmp/venvs/lcpp/bin/python), HF_PY (python with torch+transformers+tokenizers, default
# /tmp/venvs/hf/bin/python), WINDOWS, SEQ, THREADS (default 2), STEPS.
# Every result is one JSON file under OUT/<model>/; nothing else is written.
set -euo pipefail

OUT=${1:?usage: issue12_fidelity.sh OUT [MODEL...]}
shift
MODELS=("$@")
[ ${#MODELS[@]} -eq 0 ] && MODELS=(demo qwen2.5-0.5b qwen2.5-1.5b gemma3-270m)
ROOT=${PB_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$ROOT/build}
CLI=${CLI:-$BUILD/app/prunebench-cli}
TESTS=${TESTS:-$BUILD/tests/pb_base_tests}
LCPP_PY=${LCPP_PY:-/tmp/venvs/lcpp/bin/python}
HF_PY=${HF_PY:-/tmp/venvs/hf/bin/python}
WINDOWS=${WINDOWS:-20}
SEQ=${SEQ:-128}
THREADS=${THREADS:-2}
STEPS=${STEPS:-tok ppl dense hftok export}
# Gemma 3: transformers refuses a hidden size (640) that is no multiple of the query heads, so 3 of 4 heads
# (ratio 0.2) cannot load there; GEMMA_WIDTH (0.5) keeps 2.
WIDTH=${WIDTH:-0.2}
GEMMA_WIDTH=${GEMMA_WIDTH:-0.5}
CACHE=${PB_CACHE:-$HOME/.cache/prunebench}
TEXT=$CACHE/text/moby-dick.txt

file_of() {
    case "$1" in
        demo) echo "$CACHE/SmolLM2-135M-Instruct.Q4_1.gguf" ;;
        qwen2.5-0.5b) echo "$CACHE/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf" ;;
        qwen2.5-1.5b) echo "$CACHE/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf" ;;
        gemma3-270m) echo "$CACHE/gemma-3-270m-q4_k_m.gguf" ;;
        *) echo "unknown model '$1' (demo, qwen2.5-0.5b, qwen2.5-1.5b, gemma3-270m)" >&2; return 1 ;;
    esac
}
has_step() { [[ " $STEPS " == *" $1 "* ]]; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# FILE: a ratio plan removing WIDTH of the MLP channels of every layer of $M, no attention.
mlp_plan() {
    local layers
    layers=$("$CLI" info --model "$M" --json 2>/dev/null | "$HF_PY" -c 'import json,sys; print(json.load(sys.stdin)["layers"])')
    "$HF_PY" -c 'import json,sys; n,w=int(sys.argv[1]),float(sys.argv[2]); print(json.dumps({"format":"prunebench-plan","version":1,
"criterion":"l2","layers":[{"attention_ratio":0.0,"mlp_ratio":w} for _ in range(n)]}))' "$layers" "$WIDTH" > "$1"
}

for name in "${MODELS[@]}"; do
    M=$(file_of "$name")
    [ -f "$M" ] || { echo "error: $M is missing (bash scripts/fetch_models.sh $name)" >&2; exit 1; }
    D=$OUT/$name
    mkdir -p "$D"
    "$CLI" tokenize --model "$M" --text "$TEXT" --json > "$D/ids.json"

    if has_step tok; then
        log "$name: tokenizer vs llama.cpp"
        "$LCPP_PY" "$ROOT/tools/fidelity/tokenizer_vs_llamacpp.py" "$M" --ids "$D/ids.json" --text "$TEXT" \
            > "$D/tok_llamacpp.json" 2>/dev/null || true
    fi

    if has_step ppl; then
        for dt in f32 bf16; do
            log "$name: PruneBench ppl $dt (load $(load))"
            echo "{\"load_before\": \"$(load)\"}" > "$D/load_ppl_$dt.json"
            "$CLI" ppl --model "$M" --text "$TEXT" --seq-len "$SEQ" --max-windows "$WINDOWS" --dtype "$dt" --json \
                > "$D/pb_ppl_$dt.json" 2>/dev/null
        done
        log "$name: llama.cpp ppl (load $(load))"
        "$LCPP_PY" "$ROOT/tools/export/llamacpp_ppl.py" "$M" --ids "$D/ids.json" --seq-len "$SEQ" \
            --max-windows "$WINDOWS" --threads "$THREADS" --prunebench "$D/pb_ppl_f32.json" \
            > "$D/llamacpp_ppl.json" 2>/dev/null
        log "$name: transformers on the dequantized GGUF"
        "$HF_PY" "$ROOT/tools/fidelity/transformers_gguf_ppl.py" "$M" --ids "$D/ids.json" --seq-len "$SEQ" \
            --max-windows "$WINDOWS" --threads "$THREADS" --prunebench "$D/pb_ppl_f32.json" \
            --llamacpp "$D/llamacpp_ppl.json" > "$D/transformers_gguf.json" 2>"$D/transformers_gguf.err" || true
    fi

    if has_step dense; then
        T=$(mktemp -d)
        log "$name: dense f32 GGUF in PruneBench and llama.cpp"
        if "$CLI" export --model "$M" --dtype f32 --out "$T/dense.gguf" --json > "$D/export_dense.json" 2>"$D/export_dense.err"; then
            "$CLI" ppl --model "$T/dense.gguf" --text "$TEXT" --seq-len "$SEQ" --max-windows "$WINDOWS" --json \
                > "$D/pb_dense_gguf.json" 2>/dev/null || true
            "$LCPP_PY" "$ROOT/tools/export/llamacpp_ppl.py" "$T/dense.gguf" --ids "$D/ids.json" --seq-len "$SEQ" \
                --max-windows "$WINDOWS" --threads "$THREADS" --prunebench "$D/pb_dense_gguf.json" \
                > "$D/llamacpp_dense_gguf.json" 2>"$D/llamacpp_dense_gguf.err" || true
        fi
        rm -rf "$T"
    fi

    if has_step hftok; then
        log "$name: Hugging Face tokenizer export"
        T=$(mktemp -d)
        PB_REAL_GGUF=$M PB_HF_TOKENIZER_OUT=$T "$TESTS" --gtest_filter=TokenizerHfExport.RealGguf > "$T/log.txt" 2>&1 || true
        line=$(grep -E ': export [0-9.]+ s' "$T/log.txt" || echo "export failed: $(tail -3 "$T/log.txt")")
        ok=$(grep -q '\[       OK \]' "$T/log.txt" && echo true || echo false)
        "$HF_PY" -c 'import json,sys; print(json.dumps({"line": sys.argv[1], "roundtrip_ok": sys.argv[2] == "true"}))' \
            "$line" "$ok" > "$D/hftok_export.json"
        "$HF_PY" "$ROOT/tools/fidelity/hf_tokenizer_check.py" "$T" --text "$TEXT" > "$D/hftok_check.json" 2>/dev/null || true
        rm -rf "$T"
    fi

    if has_step export; then
        layers=$("$CLI" info --model "$M" --json 2>/dev/null | "$HF_PY" -c 'import json,sys; print(json.load(sys.stdin)["layers"])')
        T=$(mktemp -d)
        w=$WIDTH
        [ "$name" = gemma3-270m ] && w=$GEMMA_WIDTH
        log "$name: prune (l2, width $w, query heads, layers 0-$((layers - 1)))"
        # Two prunes with the same deterministic plan (l2 needs no gradients), each saving its format.
        # Query heads, not KV groups: with 1 or 2 KV groups (Gemma 3, Qwen2.5) a 0.2 ratio of groups
        # is refused ("the plan gives ratios but no unit indices", see the doc).
        P=(prune --model "$M" --criterion l2 --width-ratio "$w" --attention-unit head --layers "0-$((layers - 1))"
           --calib demo:sotu --samples 4)
        if ! { "$CLI" "${P[@]}" --out "$T/pruned.gguf" --json > "$D/prune.json" 2>"$D/prune.err" &&
               "$CLI" "${P[@]}" --out "$T/pruned_hf" --json > "$D/prune_hf.json" 2>"$D/prune_hf.err"; }; then
            log "$name: prune/export failed: $(tail -qn1 "$D"/prune.err "$D"/prune_hf.err 2>/dev/null | tr '\n' ' ')"
            rm -rf "$T"
            continue
        fi
        log "$name: pruned GGUF in PruneBench and llama.cpp"
        "$CLI" tokenize --model "$T/pruned.gguf" --text "$TEXT" --json > "$T/ids_gguf.json" 2>/dev/null
        cmp -s <("$HF_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["ids"])' "$T/ids_gguf.json") \
               <("$HF_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["ids"])' "$D/ids.json") \
            && echo '{"same_ids_as_source": true}' > "$D/pruned_gguf_ids.json" \
            || echo '{"same_ids_as_source": false}' > "$D/pruned_gguf_ids.json"
        "$CLI" ppl --model "$T/pruned.gguf" --text "$TEXT" --seq-len "$SEQ" --max-windows "$WINDOWS" --json \
            > "$D/pb_pruned_gguf.json" 2>/dev/null
        "$LCPP_PY" "$ROOT/tools/export/llamacpp_ppl.py" "$T/pruned.gguf" --ids "$T/ids_gguf.json" --seq-len "$SEQ" \
            --max-windows "$WINDOWS" --threads "$THREADS" --prunebench "$D/pb_pruned_gguf.json" \
            > "$D/llamacpp_pruned_gguf.json" 2>"$D/llamacpp_pruned_gguf.err" || true
        log "$name: pruned HF folder in PruneBench and transformers"
        "$CLI" tokenize --model "$T/pruned_hf" --text "$TEXT" --json > "$T/ids_hf.json" 2>/dev/null
        "$CLI" ppl --model "$T/pruned_hf" --text "$TEXT" --seq-len "$SEQ" --max-windows "$WINDOWS" --json \
            > "$D/pb_pruned_hf.json" 2>/dev/null
        "$HF_PY" "$ROOT/tools/export/check_transformers.py" "$T/pruned_hf" "$TEXT" --ids "$T/ids_hf.json" \
            --windows "$WINDOWS" --seq-len "$SEQ" --device cpu > "$D/transformers_pruned_hf.json" 2>"$D/transformers.err" || true
        rm -rf "$T"
    fi

    if has_step export_mlp; then
        T=$(mktemp -d)
        mlp_plan "$T/plan.json"
        log "$name: prune (l2, MLP channels only, ratio $WIDTH, every layer)"
        if "$CLI" prune --model "$M" --plan "$T/plan.json" --criterion l2 --calib demo:sotu --samples 4 \
               --out "$T/pruned_mlp.gguf" --json > "$D/prune_mlp.json" 2>"$D/prune_mlp.err"; then
            "$CLI" tokenize --model "$T/pruned_mlp.gguf" --text "$TEXT" --json > "$T/ids_mlp.json" 2>/dev/null
            "$CLI" ppl --model "$T/pruned_mlp.gguf" --text "$TEXT" --seq-len "$SEQ" --max-windows "$WINDOWS" --json \
                > "$D/pb_pruned_mlp_gguf.json" 2>/dev/null
            "$LCPP_PY" "$ROOT/tools/export/llamacpp_ppl.py" "$T/pruned_mlp.gguf" --ids "$T/ids_mlp.json" --seq-len "$SEQ" \
                --max-windows "$WINDOWS" --threads "$THREADS" --prunebench "$D/pb_pruned_mlp_gguf.json" \
                > "$D/llamacpp_pruned_mlp_gguf.json" 2>"$D/llamacpp_pruned_mlp_gguf.err" || true
        else
            log "$name: MLP-only prune/export failed: $(tail -n1 "$D/prune_mlp.err")"
        fi
        rm -rf "$T"
    fi
    if has_step export_mlp_hf; then
        T=$(mktemp -d)
        mlp_plan "$T/plan.json"
        log "$name: prune (l2, MLP channels only, ratio $WIDTH) to a Hugging Face folder"
        if "$CLI" prune --model "$M" --plan "$T/plan.json" --criterion l2 --calib demo:sotu --samples 4 \
               --out "$T/pruned_mlp_hf" --json > "$D/prune_mlp_hf.json" 2>"$D/prune_mlp_hf.err"; then
            "$CLI" tokenize --model "$T/pruned_mlp_hf" --text "$TEXT" --json > "$T/ids_mlp_hf.json" 2>/dev/null
            "$CLI" ppl --model "$T/pruned_mlp_hf" --text "$TEXT" --seq-len "$SEQ" --max-windows "$WINDOWS" --json \
                > "$D/pb_pruned_mlp_hf.json" 2>/dev/null
            "$HF_PY" "$ROOT/tools/export/check_transformers.py" "$T/pruned_mlp_hf" "$TEXT" --ids "$T/ids_mlp_hf.json" \
                --windows "$WINDOWS" --seq-len "$SEQ" --device cpu > "$D/transformers_pruned_mlp_hf.json" 2>"$D/transformers_mlp.err" || true
        else
            log "$name: MLP-only prune/export failed: $(tail -n1 "$D/prune_mlp_hf.err")"
        fi
        rm -rf "$T"
    fi
    log "$name: done"
done
