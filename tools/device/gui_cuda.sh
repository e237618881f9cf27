#!/usr/bin/env bash
# The GUI on the GPU machine (no Qt, no network there): Debian's Qt 6.4 packages, packed by
# tools/device/pack_gui_carry.sh into .devqt/qt.tar.xz, are unpacked into a prefix inside BUILD
# (never into /), the GUI and the CLI are built against the pip CUDA libtorch with them, and each
# view runs offscreen with its job on the GPU: prunebench --model demo --view V --device cuda
# --screenshot OUT/V.png, under the stall probe (PB_STALL_TRACE) and an nvidia-smi sampler.
#   Usage: tools/device/gui_cuda.sh BUILD OUT [STEPS]    STEPS (default all): unpack configure build stash views cpu
# Every step can be re-run: one call carries .devqt (Qt, json, pcre2, texts) and builds, the next
# two .devpart and .devpart2 (the demo model's halves); ignored outputs under BUILD stay between
# calls of one lease.
set -uo pipefail
BUILD=${1:?BUILD}; OUT=${2:?OUT}; STEPS=${3:-unpack configure build stash views cpu}
mkdir -p "$OUT" "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
want() { [[ " $STEPS " == *" $1 "* ]]; }
QTROOT=$BUILD/qtroot
QTLIB=$QTROOT/usr/lib/x86_64-linux-gnu
# The machine's own libraries first: the carried ones only fill in what it lacks (Qt, ICU 72, ...),
# so the compilers and Python keep theirs.
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:$QTLIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export QT_PLUGIN_PATH=$QTLIB/qt6/plugins QT_QPA_PLATFORM=offscreen
export FONTCONFIG_FILE=$BUILD/fonts.conf XDG_CONFIG_HOME=$BUILD/config XDG_CACHE_HOME=$BUILD/assets/cache
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; nproc; g++ --version | head -1; } > "$OUT/machine.txt" 2>&1

if want unpack && [ ! -e "$QTLIB/libQt6Core.so.6" ]; then
    t0=$(date +%s)
    mkdir -p "$QTROOT" && tar -xJf .devqt/qt.tar.xz -C "$QTROOT" || { echo "unpack failed" >&2; exit 1; }
    cat > "$FONTCONFIG_FILE" <<CONF
<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$QTROOT/usr/share/fonts</dir><cachedir>$BUILD/fccache</cachedir></fontconfig>
CONF
    echo "unpack: $(( $(date +%s) - t0 )) s, $(du -sh "$QTROOT" | cut -f1)" >&2
fi

if want configure && [ ! -f "$BUILD/build.ninja" ]; then
    torch=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPRUNEBENCH_WITH_QT=ON -DPRUNEBENCH_BUILD_TESTS=OFF \
          -DPRUNEBENCH_PCH=OFF "-DCMAKE_PREFIX_PATH=$torch;$QTLIB/cmake;$QTROOT/usr" \
          -DPRUNEBENCH_JSON_INCLUDE_DIR="$PWD/.devqt/json" -DPRUNEBENCH_PCRE2_DIR="$PWD/.devqt/pcre2" \
          -DOPENGL_INCLUDE_DIR="$QTROOT/usr/include" > "$OUT/configure.log" 2>&1 ||
        { tail -40 "$OUT/configure.log" >&2; exit 1; }
    grep -iE "qt6|cuda|torch" "$OUT/configure.log" | head -20 >&2
fi

if want build; then
    t0=$(date +%s)
    cmake --build "$BUILD" -j"$(nproc)" --target prunebench prunebench-cli > "$OUT/build.log" 2>&1 ||
        { grep -m8 -B2 -A8 -E "error|FAILED" "$OUT/build.log" >&2; exit 1; }
    echo "build: $(( $(date +%s) - t0 )) s" >&2
    ldd "$BUILD/app/prunebench" | grep -E "Qt6Core|torch_cuda|not found" >&2
fi

model=$XDG_CACHE_HOME/prunebench/SmolLM2-135M-Instruct.Q4_1.gguf
if want stash; then
    mkdir -p "$BUILD/assets/parts" "$XDG_CACHE_HOME/prunebench"
    for p in .devpart*/demo.part*; do [ -e "$p" ] && cp "$p" "$BUILD/assets/parts/"; done
    [ -f .devqt/text.tar.xz ] && [ ! -d "$XDG_CACHE_HOME/prunebench/text" ] && tar -xJf .devqt/text.tar.xz -C "$XDG_CACHE_HOME/prunebench"
    if [ ! -s "$model" ] && [ -e "$BUILD/assets/parts/demo.part00" ] && [ -e "$BUILD/assets/parts/demo.part01" ]; then
        cat "$BUILD/assets/parts"/demo.part* > "$model.part"
        if [ "$(sha256sum < "$model.part" | cut -d' ' -f1)" = b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53 ]; then
            mv "$model.part" "$model"; else echo "demo parts do not make the demo model (sha256)" >&2; rm -f "$model.part"; fi
    fi
    echo "demo model: $([ -s "$model" ] && echo here || echo "not yet: $(ls "$BUILD/assets/parts")")" >&2
fi

# name device view: one GUI run, its stderr in OUT/name.log, GPU memory every 100 ms in OUT/name.smi.
gui() {
    local name=$1 device=$2 view=$3 t0 smi rc
    nvidia-smi --query-gpu=timestamp,memory.used,utilization.gpu --format=csv,noheader -lms 100 > "$OUT/$name.smi" 2>&1 &
    smi=$!
    t0=$(date +%s%N)
    PB_STALL_TRACE=${PB_STALL_TRACE:-60} timeout 240 "$BUILD/app/prunebench" --model demo --view "$view" --device "$device" \
        --screenshot "$OUT/$name.png" > "$OUT/$name.log" 2>&1
    rc=$?
    kill "$smi" 2>/dev/null; wait "$smi" 2>/dev/null
    printf '%s: rc %s, %s ms, GPU memory peak %s MiB\n' "$name" "$rc" "$(( ($(date +%s%N) - t0) / 1000000 ))" \
        "$(cut -d, -f2 "$OUT/$name.smi" | tr -dc '0-9\n' | sort -n | tail -1)" | tee -a "$OUT/summary.txt" >&2
    grep -E "jobs run on|model shown|view ready|did not finish|could not|does not fit" "$OUT/$name.log" >&2
}
if want views && [ -s "$model" ]; then
    for v in architecture graph heatmap plan charts compare recovery; do gui "gpu-$v" cuda "$v"; done
fi
if want cpu && [ -s "$model" ]; then
    for v in heatmap compare; do gui "cpu-$v" cpu "$v"; done
fi
ls -la "$OUT" >&2
