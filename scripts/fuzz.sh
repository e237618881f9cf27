#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz, clang + ASan + UBSan, build folder build-fuzz)
# and runs each for SECONDS on its corpus, then prints executions and crashes per harness.
# Exits 1 when any harness found a crash (artifacts in build-fuzz/artifacts/<harness>/).
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: bash scripts/fuzz.sh [SECONDS] [HARNESS...]
  SECONDS   run time per harness (default 60)
  HARNESS   fuzz_gguf fuzz_gguf_tokenizer fuzz_safetensors fuzz_safetensors_index
            fuzz_hf_config fuzz_tokenizer_json fuzz_plan fuzz_benchmark_text fuzz_task_file
            (default: all)
Environment: PB_FUZZ_BUILD_DIR (default build-fuzz), PB_FUZZ_RUNS (stop each harness after
this many executions instead of SECONDS), PB_FUZZ_LOCK (a file to flock around the build),
PB_FUZZ_NO_BUILD=1 (run the harnesses already built).
USAGE
}

ALL=(fuzz_gguf fuzz_gguf_tokenizer fuzz_safetensors fuzz_safetensors_index fuzz_hf_config
     fuzz_tokenizer_json fuzz_plan fuzz_benchmark_text fuzz_task_file)
seconds=60
if (($# > 0)) && [[ "$1" =~ ^[0-9]+$ ]]; then seconds="$1"; shift; fi
if (($# > 0)) && [[ "$1" == -h || "$1" == --help ]]; then usage; exit 0; fi
harnesses=("$@")
((${#harnesses[@]} > 0)) || harnesses=("${ALL[@]}")
for h in "${harnesses[@]}"; do
    [[ " ${ALL[*]} " == *" $h "* ]] || { printf 'error: unknown harness %s\n' "$h" >&2; usage >&2; exit 2; }
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${PB_FUZZ_BUILD_DIR:-$root/build-fuzz}"
command -v clang++ >/dev/null 2>&1 ||
    { printf 'error: clang++ not found: apt-get install clang libclang-rt-14-dev\n' >&2; exit 1; }

lock=()
[[ -n "${PB_FUZZ_LOCK:-}" ]] && lock=(flock "$PB_FUZZ_LOCK")
if [[ ! -f "$dir/build.ninja" ]]; then
    CXX=clang++ cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPRUNEBENCH_FUZZ=ON \
        -DPRUNEBENCH_WITH_QT=OFF -DPRUNEBENCH_BUILD_TESTS=OFF >"$dir.configure.log" 2>&1 ||
        { tail -n 30 "$dir.configure.log" >&2; printf 'error: configuring %s failed\n' "$dir" >&2; exit 1; }
fi
[[ "${PB_FUZZ_NO_BUILD:-0}" == 1 ]] || "${lock[@]}" cmake --build "$dir" -j"${PB_JOBS:-$(nproc)}" --target "${harnesses[@]}" >"$dir/fuzz-build.log" 2>&1 ||
    { tail -n 30 "$dir/fuzz-build.log" >&2; printf 'error: building the harnesses failed\n' >&2; exit 1; }

python3 "$root/tests/fuzz/make_corpus.py" "$dir/corpus" >/dev/null
scratch="$(mktemp -d "${PB_FUZZ_TMP:-/dev/shm}/pb-fuzz.XXXXXX" 2>/dev/null || mktemp -d)"
trap 'rm -rf -- "$scratch"' EXIT

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
limit=(-max_total_time="$seconds")
[[ -n "${PB_FUZZ_RUNS:-}" ]] && limit=(-runs="$PB_FUZZ_RUNS")

printf '%-24s %12s %8s %8s %10s\n' harness executions crashes seconds exec/s
failed=0
for h in "${harnesses[@]}"; do
    art="$dir/artifacts/$h"
    mkdir -p "$art" "$dir/corpus/$h"
    log="$dir/logs/$h.log"
    mkdir -p "$dir/logs"
    start=$(date +%s.%N)
    rc=0
    TMPDIR="$scratch" "$dir/fuzz/$h" "${limit[@]}" -timeout=20 -rss_limit_mb=2560 -malloc_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$art/" "$dir/corpus/$h" >"$log" 2>&1 || rc=$?
    end=$(date +%s.%N)
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    [[ -n "$execs" ]] || execs="$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')"
    crashes=0
    ((rc == 0)) || crashes=1
    secs="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
    rate="$(awk -v e="${execs:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? e / s : 0) }')"
    printf '%-24s %12s %8s %8s %10s\n' "$h" "${execs:-?}" "$crashes" "$secs" "$rate"
    if ((rc != 0)); then
        failed=1
        printf '    %s exited %d; last lines of %s:\n' "$h" "$rc" "$log" >&2
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written|terminate|what\(\)' "$log" | head -n 12 | sed 's/^/    | /' >&2
    fi
done
exit "$failed"
