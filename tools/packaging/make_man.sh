#!/bin/bash
# Writes packaging/man/prunebench.1 and prunebench-cli.1 with help2man from the built
# programs' --help and --version (and each command's --help for the CLI), so the pages
# say what the programs say. Run after a build when options change:
#   bash tools/packaging/make_man.sh [BUILD_DIR]    (default build; needs help2man)
# tests/scripts/test_packaging.sh checks that the pages name every command and option.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
cli="$build/app/prunebench-cli"
gui="$build/app/prunebench"
command -v help2man >/dev/null || { echo "error: help2man not found: apt-get install help2man" >&2; exit 1; }
[[ -x "$cli" && -x "$gui" ]] || { echo "error: build prunebench and prunebench-cli in $build first" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# The CLI: one subsection per command with its options, verbatim.
{
    printf '[COMMANDS]\n'
    "$cli" --help | awk '/^commands:/ { f = 1; next } f && NF == 0 { exit } f { print $1 }' | while read -r c; do
        printf '.SS "%s"\n.nf\n' "$c"
        "$cli" "$c" --help | sed -e 's/\\/\\\\/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"
        printf '.fi\n'
    done
    cat <<'TXT'
[EXIT STATUS]
0 on success, 1 when the work failed (the message says why), 2 for a usage error,
130 when interrupted (Ctrl-C or SIGTERM: temporaries are removed, nothing half-written is left).
[ENVIRONMENT]
.TP
.B OMP_NUM_THREADS
CPU threads, unless \-\-threads is given.
.TP
.B XDG_CACHE_HOME
where the demo model and texts are cached (prunebench/ below it).
.TP
.B RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT
as torchrun sets them: with WORLD_SIZE > 1 the data-parallel commands (score, prune, ppl, eval,
recover) run as one rank of a c10d process group (rank 0 prints and writes); the others refuse.
.TP
.B PRUNEBENCH_DIST_TIMEOUT
seconds a rank waits for the others at the rendezvous (default 300).
.TP
.B PRUNEBENCH_DIST_BACKEND
gloo or nccl (default: NCCL with \-\-device cuda, Gloo on the CPU).
[SEE ALSO]
.BR prunebench (1)
TXT
} > "$tmp/cli.h2m"
help2man -N --no-discard-stderr -s 1 -m "PruneBench" \
    -n "structured pruning workbench for LLaMA-family language models (command line)" \
    -i "$tmp/cli.h2m" -o "$root/packaging/man/prunebench-cli.1" "$cli"

cat > "$tmp/gui.h2m" <<'TXT'
[DESCRIPTION]
PruneBench opens a model (a Hugging Face folder or a GGUF file; with no argument, the
demo model on first start), draws its dependency graph, scores the importance of heads,
channels and blocks on calibration text, and lets you build a width or depth pruning plan
and compare the two by perplexity and zero-shot accuracy before saving.
[FILES]
.TP
.I ~/.config/PruneBench/PruneBench.conf
settings (language, theme, recent files, window layout).
[SEE ALSO]
.BR prunebench-cli (1)
TXT
# Qt's help and version go to stdout; its start-up notes (stderr) stay out of the page.
mkdir -m 700 "$tmp/run"
XDG_RUNTIME_DIR="$tmp/run" QT_QPA_PLATFORM=offscreen help2man -N -s 1 -m "PruneBench" \
    -n "structured pruning workbench for LLaMA-family language models" \
    -i "$tmp/gui.h2m" -o "$root/packaging/man/prunebench.1" "$gui"
echo "wrote packaging/man/prunebench.1 and prunebench-cli.1"
