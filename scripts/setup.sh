#!/usr/bin/env bash
# README command 1: install what the build needs, fetch the demo assets, build, open the GUI on the
# demo model. Re-runs skip whatever is already done.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bash scripts/setup.sh [--no-launch] [--no-gui] [--build-dir DIR] [--models LIST]
  --no-launch      set up and build, but do not start the GUI
  --no-gui         build without Qt (core and prunebench-cli; scripts/test.sh builds the tests); implies --no-launch
  --build-dir DIR  build folder (default: build)
  --models LIST    also fetch these sample models after the demo assets (comma-separated names of
                   scripts/sample_models.tsv, or all), as scripts/fetch_models.sh does; default: none
Without a display ($DISPLAY unset) the GUI is started under xvfb-run only when PB_SETUP_XVFB=1.
EOF
}

launch=1
build_dir=""
with_qt=ON
models=()
models_arg=""
models_given=0
while (($# > 0)); do
    case "$1" in
        --no-launch) launch=0 ;;
        --no-gui) with_qt=OFF; launch=0 ;;
        --build-dir)
            (($# >= 2)) || { usage >&2; exit 2; }
            build_dir="$2"; shift ;;
        --build-dir=*) build_dir="${1#*=}" ;;
        --models)
            (($# >= 2)) || { usage >&2; exit 2; }
            models_arg="$2"; models_given=1; shift ;;
        --models=*) models_arg="${1#*=}"; models_given=1 ;;
        -h | --help) usage; exit 0 ;;
        *) printf 'error: unknown option %s\n' "$1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if ((models_given)); then
    # Split at commas; "a,,b", ",a" and "a," keep their empty name, which is refused below.
    IFS=',' read -r -a models <<<"$models_arg,"
    [[ "${models_arg: -1}" == , ]] || unset 'models[-1]'
    ((${#models[@]} > 0)) || models=("")
fi

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ -n "$build_dir" ]] && PB_BUILD_DIR="$(pb_abs_path "$build_dir")"
PB_WITH_QT="$with_qt"
cd "$PB_ROOT"
# Sample model names are checked before anything is installed (an unknown one: exit 2).
((${#models[@]} == 0)) || pb_models_expand "${models[@]}"

pb_install_packages
pb_fetch_assets
((${#models[@]} == 0)) || pb_fetch_models "${PB_SM_WANTED[@]}"
# Only what a user starts (the tests are built by scripts/test.sh): libtorch's headers are
# precompiled once per target (PRUNEBENCH_PCH), so this is the cold build's bulk.
if [[ "$PB_WITH_QT" == ON ]]; then pb_build prunebench prunebench-cli; else pb_build prunebench-cli; fi

gui="$PB_BUILD_DIR/app/prunebench"
cli="$PB_BUILD_DIR/app/prunebench-cli"
if ((launch == 0)); then
    pb_step "Done"
    if [[ "$PB_WITH_QT" == ON ]]; then
        pb_info "start the GUI with: $gui --model demo"
    fi
    pb_info "or try the CLI:      $cli info --model demo"
    exit 0
fi

[[ -x "$gui" ]] || pb_die "the build produced no GUI at $gui"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    if command -v xvfb-run >/dev/null 2>&1; then
        if [[ "${PB_SETUP_XVFB:-0}" == 1 ]]; then
            pb_step "Launching the GUI under xvfb-run (no display; PB_SETUP_XVFB=1)"
            exec xvfb-run -a "$gui" --model demo
        fi
        pb_step "No display (\$DISPLAY is unset): not launching the GUI"
        pb_info "xvfb-run is available: PB_SETUP_XVFB=1 bash scripts/setup.sh runs it on a virtual display"
    else
        pb_step "No display (\$DISPLAY is unset): not launching the GUI"
    fi
    pb_info "from a desktop session start it with: $gui --model demo"
    pb_info "the CLI needs no display:               $cli info --model demo"
    exit 0
fi

pb_step "Launching the GUI: $gui --model demo"
exec "$gui" --model demo
