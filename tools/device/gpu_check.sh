#!/usr/bin/env bash
# On the GPU machine: build core + CLI + core tests against the pip CUDA libtorch and run the
# base and core suites with the GPU visible (the device dequantizer's CUDA bit-exactness, the
# shape checks, the streamed paths). Usage: tools/device/gpu_check.sh OUT [GTEST_FILTER]
#   .devcarry/json (nlohmann headers), .devcarry/googletest and .devcarry/pcre2 (pcre2.h +
#   libpcre2-8.a) are carried from the dev machine; PB_QUANT_FIXTURES may name more fixtures
#   (tools/quants/check_dequant.py write .devcarry/quants --blocks 1024).
set -uo pipefail
out=${1:?OUT folder}
filter=${2:-*}
prefix=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
cmake -S . -B build-cuda -G Ninja -DPRUNEBENCH_WITH_QT=OFF -DCMAKE_BUILD_TYPE=Release \
      "-DCMAKE_PREFIX_PATH=$prefix" -DPRUNEBENCH_GTEST_SOURCE_DIR="$PWD/.devcarry/googletest" \
      -DPRUNEBENCH_JSON_INCLUDE_DIR="$PWD/.devcarry/json" -DPRUNEBENCH_PCRE2_DIR="$PWD/.devcarry/pcre2" >"$out/configure.log" 2>&1 || { tail -30 "$out/configure.log"; exit 1; }
start=$(date +%s)
cmake --build build-cuda -j"$(nproc)" --target pb_base_tests pb_core_tests prunebench-cli >"$out/build.log" 2>&1 ||
    { grep -m5 -A5 error "$out/build.log"; exit 1; }
echo "build: $(( $(date +%s) - start )) s"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
build-cuda/tests/pb_base_tests --gtest_filter="$filter" >"$out/base.log" 2>&1; echo "pb_base_tests rc=$?"; tail -3 "$out/base.log"
build-cuda/tests/pb_core_tests --gtest_filter="$filter" >"$out/core.log" 2>&1; echo "pb_core_tests rc=$?"; tail -3 "$out/core.log"
grep -E "QUANTCHECK path=cuda" "$out/core.log" | head -40
grep -E "FAILED" "$out/core.log" "$out/base.log" | head -20
