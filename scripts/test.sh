#!/usr/bin/env bash
# README command 2: install what the build needs, fetch the demo assets, build, run every test.
# Needs no display and no input (CI runs it with CI=true). Exits with ctest's status.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bash scripts/test.sh [--no-gui] [--no-fuzz] [--build-dir DIR] [-- CTEST-ARGS...]
  --no-gui         build and test without Qt
  --no-fuzz        skip the fuzz step (each libFuzzer harness for PB_FUZZ_SECONDS, default 8 s)
  --build-dir DIR  build folder (default: build)
  -- ARGS          passed on to ctest, e.g. -- -L base  or  -- -R Gguf
EOF
}

build_dir=""
with_qt=ON
with_fuzz=ON
ctest_extra=()
while (($# > 0)); do
    case "$1" in
        --no-gui) with_qt=OFF ;;
        --no-fuzz) with_fuzz=OFF ;;
        --build-dir)
            (($# >= 2)) || { usage >&2; exit 2; }
            build_dir="$2"; shift ;;
        --build-dir=*) build_dir="${1#*=}" ;;
        --) shift; ctest_extra=("$@"); break ;;
        -h | --help) usage; exit 0 ;;
        *) printf 'error: unknown option %s\n' "$1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

exec </dev/null
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ -n "$build_dir" ]] && PB_BUILD_DIR="$(pb_abs_path "$build_dir")"
PB_WITH_QT="$with_qt"
PB_WITH_FUZZ="$with_fuzz"
PB_WITH_PACKAGING="$with_qt"  # the .deb test needs the GUI build
cd "$PB_ROOT"

pb_install_packages
pb_fetch_assets
pb_build

pb_step "Running tests"
rc=0
QT_QPA_PLATFORM=offscreen ctest --test-dir "$PB_BUILD_DIR" --output-on-failure -j2 --timeout 900 \
    --no-tests=error "${ctest_extra[@]}" || rc=$?
if ((rc == 0)); then pb_step "All tests passed"; else pb_step "Tests failed (ctest exit $rc)"; fi

# Fuzz step: every reader harness (tests/fuzz) for a few seconds on its corpus, sanitizers on;
# a crash fails the run (its input is kept in build-fuzz/artifacts/).
if [[ "$with_fuzz" == ON ]]; then
    pb_step "Fuzzing the readers (${PB_FUZZ_SECONDS:-8} s per harness)"
    fuzz_start=$SECONDS
    frc=0
    PB_FUZZ_BUILD_DIR="${PB_FUZZ_BUILD_DIR:-$PB_ROOT/build-fuzz}" bash "$PB_ROOT/scripts/fuzz.sh" "${PB_FUZZ_SECONDS:-8}" || frc=$?
    pb_info "fuzz step: $((SECONDS - fuzz_start)) s (build included)"
    if ((frc != 0)); then
        pb_step "Fuzzing found a crash (scripts/fuzz.sh exit $frc)"
        ((rc != 0)) || rc=1
    fi
fi
exit "$rc"
