#!/bin/bash
# The .deb as a user's system sees it: built with CPack from this build, unpacked into a
# scratch root, then checked: its files (programs, man pages, completions, icons 16-512,
# .desktop with %F and the .gguf MimeType, copyright, changelog), every library the programs
# load against the declared dependencies (tools/packaging/check_deb_deps.py), lintian with
# no errors or warnings, the man pages against the programs' own help, and the bash and zsh
# completions run as the shells run them.
#   bash tests/scripts/test_packaging.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:?usage: test_packaging.sh BUILD_DIR}" && pwd)"
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
need() {  # the tools README command 2 installs; without CI a missing one skips the test
    command -v "$1" >/dev/null && return 0
    [[ "${CI:-}" == true ]] && fail "$1 is missing (README command 2 installs it)"
    echo "SKIP: $1 not installed"; exit 77
}
need dpkg-deb; need dpkg-shlibdeps; need lintian; need readelf; need zsh
if [[ ! -f /usr/share/bash-completion/bash_completion ]]; then
    [[ "${CI:-}" == true ]] && fail "package bash-completion is missing (README command 2 installs it)"
    echo "SKIP: bash-completion not installed"; exit 77
fi

scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
cmake --build "$build" --target package_deb >"$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; fail "package_deb"; }
deb="$(ls -t "$build"/packages/prunebench_*.deb | head -n 1)"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb -x "$deb" "$scratch/root"
depends="$(dpkg-deb -f "$deb" Depends)"
echo "Depends: $depends"
r="$scratch/root/usr"

# Files a desktop user expects.
for f in bin/prunebench bin/prunebench-cli share/man/man1/prunebench.1.gz share/man/man1/prunebench-cli.1.gz \
         share/bash-completion/completions/prunebench-cli share/bash-completion/completions/prunebench \
         share/zsh/vendor-completions/_prunebench-cli share/zsh/vendor-completions/_prunebench \
         share/doc/prunebench/copyright share/doc/prunebench/changelog.gz share/mime/packages/prunebench.xml \
         share/applications/prunebench.desktop share/metainfo/io.github.prunebench.PruneBench.metainfo.xml \
         share/icons/hicolor/scalable/apps/prunebench.svg; do
    [[ -s "$r/$f" ]] || fail "the package lacks /usr/$f"
done
for s in 16 22 24 32 48 64 128 256 512; do
    png="$r/share/icons/hicolor/${s}x${s}/apps/prunebench.png"
    [[ -s "$png" ]] || fail "no ${s}x${s} PNG icon"
    # PNG header: width and height are the big-endian words at bytes 16..23
    dims="$(od -An -tu1 -j16 -N8 "$png" | awk '{ print $3 * 256 + $4 "x" $7 * 256 + $8 }')"
    [[ "$dims" == "${s}x${s}" ]] || fail "icon ${s}x${s} is $dims"
done
grep -q '^Exec=prunebench %F$' "$r/share/applications/prunebench.desktop" || fail ".desktop Exec lacks %F"
grep -q '^MimeType=application/x-gguf;$' "$r/share/applications/prunebench.desktop" || fail ".desktop lacks the GGUF MimeType"
grep -q 'type="application/x-gguf"' "$r/share/mime/packages/prunebench.xml" || fail "mime file does not define application/x-gguf"
grep -q '^License: GPL-3+' "$r/share/doc/prunebench/copyright" || fail "copyright names no licence"
grep -q '<project_license>GPL-3.0-or-later</project_license>' "$r/share/metainfo/io.github.prunebench.PruneBench.metainfo.xml" ||
    fail "metainfo names no project licence"

# Libraries: every one the programs load comes from a declared dependency.
python3 "$root/tools/packaging/check_deb_deps.py" "$scratch/root" "$depends"
# The unpacked CLI runs (its libraries resolve) and says its version.
# (Output captured before grep: with pipefail, grep -q leaving early would SIGPIPE the writer.)
version="$(QT_QPA_PLATFORM=offscreen "$r/bin/prunebench-cli" --version)" || fail "the installed CLI does not run"
grep -q '^prunebench-cli ' <<<"$version" || fail "the installed CLI does not run"
version="$(QT_QPA_PLATFORM=offscreen "$r/bin/prunebench" --version)" || fail "the installed GUI does not run"
grep -q 'PruneBench' <<<"$version" || fail "the installed GUI does not run"

# lintian: no errors, no warnings.
lintian --no-tag-display-limit "$deb" >"$scratch/lintian.txt" 2>&1 || true
cat "$scratch/lintian.txt"
if grep -qE '^(E|W): ' "$scratch/lintian.txt"; then fail "lintian reports errors or warnings"; fi
echo "lintian: $(grep -cE '^[EWIPX]: ' "$scratch/lintian.txt" || true) tags, none an error or warning"

# Man pages say what the programs say: every command and each command's options.
cli="$r/bin/prunebench-cli"
page="$(gzip -dc "$r/share/man/man1/prunebench-cli.1.gz")"
for c in $("$cli" --help | awk '/^commands:/ { f = 1; next } f && NF == 0 { exit } f { print $1 }'); do
    grep -qF ".SS \"$c\"" <<<"$page" || fail "prunebench-cli.1 has no section for '$c' (bash tools/packaging/make_man.sh)"
    for o in $("$cli" "$c" --help | grep -oE -- '^  --[a-z0-9][a-z0-9-]*'); do
        grep -qF -- "${o//-/\\-}" <<<"$page" || grep -qF -- "$o" <<<"$page" ||
            fail "prunebench-cli.1 lacks '$c $o' (bash tools/packaging/make_man.sh)"
    done
done
gui_page="$(gzip -dc "$r/share/man/man1/prunebench.1.gz")"
for o in $(QT_QPA_PLATFORM=offscreen "$r/bin/prunebench" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "${o//-/\\-}" <<<"$gui_page" || fail "prunebench.1 lacks '$o' (bash tools/packaging/make_man.sh)"
done

# The GUI's completions offer every option its --help lists.
for o in $(QT_QPA_PLATFORM=offscreen "$r/bin/prunebench" --help | grep -oE -- '^ +(-[a-z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' | grep -v -- '--help-all'); do
    grep -qF -- "$o" "$r/share/bash-completion/completions/prunebench" || fail "bash completion of prunebench lacks $o"
    grep -qF -- "$o" "$r/share/zsh/vendor-completions/_prunebench" || fail "zsh completion of prunebench lacks $o"
done

# bash completion, as bash runs it (the installed CLI on PATH).
export PATH="$r/bin:$PATH"
complete_bash() {  # complete_bash WORD... -> the candidates for the last word
    bash -c 'source /usr/share/bash-completion/bash_completion
             source "$0"
             COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
             _prunebench_cli; printf "%s\n" "${COMPREPLY[@]}"' \
        "$r/share/bash-completion/completions/prunebench-cli" "$@"
}
grep -qx score <<<"$(complete_bash prunebench-cli sc)" || fail "bash: 'sc' does not complete to score"
grep -qx -- --criterion <<<"$(complete_bash prunebench-cli score --crit)" || fail "bash: 'score --crit' does not complete"
grep -qx taylor_vector <<<"$(complete_bash prunebench-cli score --criterion taylor_v)" || fail "bash: criteria not completed"
grep -qx -- --device <<<"$(complete_bash prunebench-cli ppl --dev)" || fail "bash: 'ppl --dev' does not complete"
# zsh: the completion functions load and define themselves.
zsh -n "$r/share/zsh/vendor-completions/_prunebench-cli" || fail "zsh: _prunebench-cli has a syntax error"
zsh -n "$r/share/zsh/vendor-completions/_prunebench" || fail "zsh: _prunebench has a syntax error"
zsh -fc "fpath=($r/share/zsh/vendor-completions \$fpath); autoload -Uz compinit; compinit -u -d $scratch/zcd;
         [[ \${_comps[prunebench-cli]} == _prunebench-cli && \${_comps[prunebench]} == _prunebench ]]" ||
    fail "zsh: compinit does not register the completions"
echo "packaging: all checks passed"
