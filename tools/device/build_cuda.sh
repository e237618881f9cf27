#!/usr/bin/env bash
# Builds core + CLI + core tests against the CUDA libtorch of the installed PyTorch
# (the GPU machine has no Qt). Usage: tools/device/build_cuda.sh BUILD_DIR [GTEST_SRC]
set -euo pipefail
build=${1:-build-cuda}
gtest=${2:-}
prefix=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
args=(-S . -B "$build" -G Ninja -DPRUNEBENCH_WITH_QT=OFF -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=$prefix")
[ -n "$gtest" ] && args+=("-DPRUNEBENCH_GTEST_SOURCE_DIR=$gtest")
cmake "${args[@]}"
cmake --build "$build" -j"$(nproc)"
