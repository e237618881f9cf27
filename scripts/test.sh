#!/usr/bin/env bash
# README command 2: install what the build needs, fetch the demo assets, build, run every test.
# Needs no display and no input (CI runs it with CI=true). Exits with ctest's status.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bash scripts/test.sh [--no-gui] [--build-dir DIR] [-- CTEST-ARGS...]
  --no-gui         build and test without Qt
  --build-dir DIR  build folder (default: build)
  -- ARGS          passed on to ctest, e.g. -- -L base  or  -- -R Gguf
EOF
}

build_dir=""
with_qt=ON
ctest_extra=()
while (($# > 0)); do
    case "$1" in
        --no-gui) with_qt=OFF ;;
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
cd "$PB_ROOT"

pb_install_packages
pb_fetch_assets
pb_build

pb_step "Running tests"
rc=0
QT_QPA_PLATFORM=offscreen ctest --test-dir "$PB_BUILD_DIR" --output-on-failure -j2 --timeout 900 \
    --no-tests=error "${ctest_extra[@]}" || rc=$?
if ((rc == 0)); then pb_step "All tests passed"; else pb_step "Tests failed (ctest exit $rc)"; fi
exit "$rc"
