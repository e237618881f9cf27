# Sourced by the tools/device/issue*.sh scripts (bash): the machine record, the step filter,
# the timed runner, the CUDA build, and the demo assets put together from carried parts.
#   OUT, STEPS and BUILD must be set before sourcing.
#
# Demo assets on the GPU machine (which cannot download): the dev machine splits the cached demo
# model into parts under 64 MiB (`split -b 32M -d MODEL .devcarry/demo.part`) and tars the text
# cache into .devcarry/text.tar; each call carries .devcarry, device_stash moves the parts into
# $BUILD/assets (ignored build outputs stay between calls of one lease), and when all parts are
# there the model is assembled under XDG_CACHE_HOME=$BUILD/assets/cache and its sha256 checked.

mkdir -p "$OUT"
want() { [[ " $STEPS " == *" $1 "* ]]; }

# name, command...: runs it under /usr/bin/time -v, OUT/name.json (+ .err), prints the tail.
run() {
    local name=$1; shift
    want "$name" || return 0
    echo "== $name: $*" >&2
    local t0
    t0=$(date +%s)
    /usr/bin/time -v "$@" > "$OUT/$name.json" 2> "$OUT/$name.err" || { tail -5 "$OUT/$name.err" >&2; return 1; }
    echo "   $(( $(date +%s) - t0 )) s" >&2
    tail -c 700 "$OUT/$name.json" >&2; echo >&2
}

# DIR: where the big model file goes.
device_record() {
    { nvidia-smi --query-gpu=name,memory.total --format=csv; free -b; df -B1 "$1"; nproc; } > "$OUT/machine.txt" 2>&1
}

# targets...: core, CLI and core tests against the pip CUDA libtorch (no Qt on that machine).
device_build() {
    local prefix start
    prefix=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
    # PRUNEBENCH_PCH=OFF: the configuration of the issue 15 runs (the PCH is untried with pip libtorch).
    # PCRE2 (the tokenizer's regexes): .devcarry/pcre2 holds pcre2.h and libpcre2-8.a copied from
    # Debian's libpcre2-dev (/usr/include/pcre2.h, /usr/lib/x86_64-linux-gnu/libpcre2-8.a).
    cmake -S . -B "$BUILD" -G Ninja -DPRUNEBENCH_WITH_QT=OFF -DPRUNEBENCH_PCH=OFF -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=$prefix" \
          -DPRUNEBENCH_GTEST_SOURCE_DIR="$PWD/.devcarry/googletest" -DPRUNEBENCH_JSON_INCLUDE_DIR="$PWD/.devcarry/json" \
          -DPRUNEBENCH_PCRE2_DIR="$PWD/.devcarry/pcre2" ${PB_CMAKE_EXTRA:-} \
          > "$OUT/configure.log" 2>&1 || { tail -30 "$OUT/configure.log"; return 1; }
    start=$(date +%s)
    cmake --build "$BUILD" -j"$(nproc)" --target "$@" > "$OUT/build.log" 2>&1 ||
        { grep -m5 -A5 error "$OUT/build.log"; return 1; }
    echo "build: $(( $(date +%s) - start )) s" >&2
}

DEMO_SHA=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
device_stash() {
    local assets="$BUILD/assets" model
    mkdir -p "$assets/cache/prunebench"
    export XDG_CACHE_HOME="$PWD/$assets/cache"
    model="$XDG_CACHE_HOME/prunebench/SmolLM2-135M-Instruct.Q4_1.gguf"
    for p in .devcarry/demo.part*; do [ -e "$p" ] && cp "$p" "$assets/"; done
    [ -f .devcarry/text.tar ] && tar -xf .devcarry/text.tar -C "$XDG_CACHE_HOME/prunebench"
    if [ ! -s "$model" ] && [ -e "$assets/demo.part02" ]; then
        cat "$assets"/demo.part* > "$model.part"
        if [ "$(sha256sum < "$model.part" | cut -d' ' -f1)" = "$DEMO_SHA" ]; then mv "$model.part" "$model"
        else echo "demo parts do not make the demo model (sha256)" >&2; rm -f "$model.part"; fi
    fi
    echo "demo model: $([ -s "$model" ] && echo here || echo "not yet ($(ls "$assets" | grep -c part) parts)")" >&2
}
demo_ok() { [ -s "${XDG_CACHE_HOME:-$HOME/.cache}/prunebench/SmolLM2-135M-Instruct.Q4_1.gguf" ]; }
texts_ok() { [ -s "${XDG_CACHE_HOME:-$HOME/.cache}/prunebench/text/moby-dick.txt" ]; }
