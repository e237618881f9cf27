#!/usr/bin/env bash
# Issue 19 item 5 on one GPU (nvidia-h200): measured latency curves and the device-read peak.
#
#   tools/device/issue19_latency.sh OUT
#   STEPS="build tests latency bench" (default: all)
#
# build:   prunebench-cli and pb_core_tests against the pip CUDA libtorch (tools/device/lib.sh)
# tests:   pb_core_tests Latency.*:DevicePeak.* with the GPU visible
# latency: the demo's shape (shape:smollm2-135m = SmolLM2-135M, random weights: the GGUF need not
#          travel) and a width and a depth plan removing 20% of the parameters, bf16 on cuda:0:
#          prefill at batch 1 over 128..1024 tokens, decode over batch 1..8; OUT/latency.json, the
#          table in OUT/latency.txt, the report with both curves in OUT/latency.md (SVG charts:
#          no Qt on that machine), the run twice (the second from the cache)
# bench:   prunebench-cli bench ppl 32 x 128 on the LLaMA-7B shape: the peaks read from the
#          device (SMs x clock x FLOP/clock/SM, the measured GEMM) in peak_label
set -uo pipefail
OUT=${1:?OUT folder}
BUILD=${BUILD:-build-cuda}
CLI="$PWD/$BUILD/app/prunebench-cli"
STEPS=${STEPS:-build tests latency bench}
source "$(dirname "$0")/lib.sh"
device_record /tmp
export PB_LATENCY_CACHE="$PWD/$BUILD/latency-cache"

if want build; then device_build prunebench-cli pb_core_tests || exit 1; fi
if want tests; then
    "$BUILD/tests/pb_core_tests" --gtest_filter='Latency.*:DevicePeak.*' > "$OUT/tests.log" 2>&1
    echo "pb_core_tests Latency/DevicePeak: rc=$?" >&2
    grep -E "FAILED|PASSED" "$OUT/tests.log" >&2
fi
if want latency; then
    run latency "$CLI" latency --model shape:smollm2-135m --target-params 0.2 --device cuda --dtype bf16 --json
    "$CLI" latency --model shape:smollm2-135m --target-params 0.2 --device cuda --dtype bf16 \
        --report "$OUT/latency.md" > "$OUT/latency.txt" 2> "$OUT/latency_again.err"
    cat "$OUT/latency.txt" >&2
fi
if want bench; then
    run bench "$CLI" bench --model shape:llama-7b --work ppl --device cuda --dtype bf16 --batch 32 --seq 128 --json
    grep -o '"peak_label":"[^"]*"' "$OUT/bench.json" >&2
    cp "$PB_LATENCY_CACHE/gemm-peak.json" "$OUT/" 2>/dev/null
fi
