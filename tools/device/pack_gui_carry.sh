#!/usr/bin/env bash
# Dev machine (Debian bookworm with the GUI's packages installed): packs what tools/device/gui_cuda.sh
# needs on the GPU machine, which has no Qt and no network, into ignored carry folders under 64 MiB each:
#   .devqt/qt.tar.xz    the files of Debian's Qt 6.4.2 packages below (dpkg -L, docs left out) plus the
#                       shared libraries they load that are not glibc/libstdc++ (ICU 72, harfbuzz, ...),
#                       to be unpacked into a prefix, never into /
#   .devqt/json/        nlohmann/json.hpp;  .devqt/pcre2/ pcre2.h + libpcre2-8.a (Debian's libpcre2-dev)
#   .devqt/text.tar.xz  the demo texts;  .devpart/demo.part00 and .devpart2/demo.part01: the demo model
# A call carries at most 64 MiB with the working tree (~7 MiB): .devqt (31 MiB) goes with the build,
# the demo model (98 MB) in two halves with the two calls after it.
set -euo pipefail
cd "$(dirname "$0")/../.."
pkgs="qt6-base-dev qt6-base-dev-tools libqt6core6 libqt6gui6 libqt6widgets6 libqt6opengl6 libqt6opengl6-dev
libqt6openglwidgets6 libqt6charts6 qt6-charts-dev libqt6svg6 libqt6svgwidgets6 qt6-svg-dev libqt6dbus6 libqt6network6
libqt6test6 qt6-qpa-plugins qt6-tools-dev qt6-l10n-tools libqt6xml6 libgl-dev libglx-dev libopengl-dev libegl-dev
libgl1 libglx0 libopengl0 libegl1 libglvnd0 libglvnd-dev qmake6 qmake6-bin fonts-dejavu-core fontconfig-config libfontconfig1 libxkbcommon0"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
root=$tmp/root; mkdir -p "$root"
# shellcheck disable=SC2086
dpkg -L $pkgs | sort -u | grep -vE '^/usr/share/(doc|man|lintian)/|^/\.$' | while read -r f; do
    [ -f "$f" ] || [ -L "$f" ] || continue
    mkdir -p "$root$(dirname "$f")"; cp -a "$f" "$root$f"
done
# Not needed offscreen or to build (and large): lupdate's clang, Designer/QML/Quick/SQL that some plugins load.
sos=$(find "$root" -name '*.so*' -type f | grep -v /plugins/ | sed "s#^$root##"; echo /usr/lib/x86_64-linux-gnu/qt6/plugins/platforms/libqoffscreen.so
      ls /usr/lib/x86_64-linux-gnu/qt6/plugins/{imageformats,iconengines}/*.so; ls /usr/lib/qt6/libexec/* /usr/lib/qt6/bin/lrelease)
# shellcheck disable=SC2086
{ ldd $sos 2>/dev/null || true; } | awk '/=> \//{print $3}' | sort -u |
    grep -vE '/(libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s|ld-linux[^/]*|libresolv)\.so|libclang|libLLVM|libQt6(Qml|Quick|Designer|Sql)' |
    while read -r lib; do
        b=$(basename "$lib"); dst=$root/usr/lib/x86_64-linux-gnu
        [ -e "$dst/$b" ] || cp -L "$lib" "$dst/$b"
    done
# Files the packed CMake configs name (imported targets are checked for existence at configure time)
# but this build never runs or links (qdoc, lprodump, Designer, SQL plugins...): empty stubs.
grep -ho '"${_IMPORT_PREFIX}[^"]*"' "$root"/usr/lib/x86_64-linux-gnu/cmake/*/*Targets-none.cmake | tr -d '"' |
    sed 's#${_IMPORT_PREFIX}#/usr#' | sort -u | while read -r f; do
        [ -e "$root$f" ] && continue
        mkdir -p "$root$(dirname "$f")"; printf '#!/bin/sh\necho "stub: not carried" >&2; exit 1\n' > "$root$f"; chmod +x "$root$f"
    done
rm -rf .devqt .devpart .devpart2; mkdir -p .devqt/json .devqt/pcre2 .devpart .devpart2
tar -C "$root" -cJf .devqt/qt.tar.xz .
cp -r /usr/include/nlohmann .devqt/json/
cp /usr/include/pcre2.h /usr/lib/x86_64-linux-gnu/libpcre2-8.a .devqt/pcre2/
cache=${XDG_CACHE_HOME:-$HOME/.cache}/prunebench
tar -C "$cache" -cJf .devqt/text.tar.xz text
split -n 2 -d "$cache/SmolLM2-135M-Instruct.Q4_1.gguf" "$tmp/demo.part"
mv "$tmp/demo.part00" .devpart/; mv "$tmp/demo.part01" .devpart2/
du -sh .devqt .devpart .devpart2
