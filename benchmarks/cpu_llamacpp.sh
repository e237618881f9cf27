#!/usr/bin/env bash
# Issue 7 part 4: perplexity throughput of the demo model on the CPU, PruneBench next to
# llama.cpp (llama-cpp-python) on the same GGUF file (the demo's Q4_1) and the same token ids.
#
#   benchmarks/cpu_llamacpp.sh BUILD OUT [WINDOWS] [THREADS]     (defaults: 50 windows, 2 threads)
#
# Needs llama-cpp-python + numpy in $PB_LLAMA_VENV (default ~/.cache/prunebench/venv-llama).
# PruneBench runs f32 and bf16 (the demo's weights dequantized once at load); llama.cpp runs
# the Q4_1 file as it is, with its default f16 KV cache and with an f32 one. Throughput is
# tokens fed per second of forward passes (llama.cpp: llm.eval alone). Writes OUT/*.json and
# prints one line per run. Run it on an idle machine.
set -euo pipefail
BUILD=$1
OUT=$2
WINDOWS=${3:-50}
THREADS=${4:-2}
VENV=${PB_LLAMA_VENV:-$HOME/.cache/prunebench/venv-llama}
CLI="$BUILD/app/prunebench-cli"
MODEL="${XDG_CACHE_HOME:-$HOME/.cache}/prunebench/SmolLM2-135M-Instruct.Q4_1.gguf"
mkdir -p "$OUT"
export OMP_NUM_THREADS=$THREADS
"$CLI" tokenize --model demo --text demo:moby-dick --json > "$OUT/ids.json"
for dtype in f32 bf16; do
    for batch in 1 8; do
        "$CLI" ppl --model demo --text demo:moby-dick --max-windows "$WINDOWS" --dtype $dtype --batch $batch --json \
            > "$OUT/prunebench_${dtype}_b$batch.json" 2> /dev/null
        python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('prunebench', sys.argv[2], 'batch', sys.argv[3], 'ppl %.4f' % d['ppl'], '%.1f tokens/s' % d['tokens_per_s'])" \
            "$OUT/prunebench_${dtype}_b$batch.json" $dtype $batch
    done
done
for kv in f16 f32; do
    "$VENV/bin/python" tools/export/llamacpp_ppl.py "$MODEL" --ids "$OUT/ids.json" --max-windows "$WINDOWS" \
        --threads "$THREADS" --kv $kv > "$OUT/llamacpp_kv$kv.json" 2> /dev/null
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('llama.cpp Q4_1 kv', sys.argv[2], 'ppl %.4f' % d['ppl'], '%.1f tokens/s' % d['tokens_per_s'], '(threads %d)' % d['threads'])" \
        "$OUT/llamacpp_kv$kv.json" $kv
done
