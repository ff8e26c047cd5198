#!/usr/bin/env bash
# debpackage: builds the .deb from this build tree, installs it with apt as a user would, runs
# the installed programs, checks the desktop integration files, and purges it without a trace.
#
#   tests/packaging/debpackage.sh <build dir>
#
# It installs system-wide, so it needs root (or sudo without a password) and skips (77) when it
# has neither, or when a kete package is already installed, which it leaves alone.
set -euo pipefail

build_dir=$(cd "${1:?usage: debpackage.sh <build dir>}" && pwd)
work=$(mktemp -d)
installed=no

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}
apt_get() {
    # Another apt on the machine holds the lock for a while at most; wait for it.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q "$@"
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
cleanup() {
    [ -n "${kete_pid:-}" ] && kill "$kete_pid" 2>/dev/null || true
    [ "$installed" = yes ] && apt_get remove --purge kete >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
    echo "SKIP: installing a package needs root or sudo without a password"
    exit 77
fi
if dpkg-query -W -f='${Status}' kete 2>/dev/null | grep -q 'install ok installed'; then
    echo "SKIP: a kete package is already installed here; remove it to run this test"
    exit 77
fi

echo "== cpack"
(cd "$build_dir" && cpack -G DEB -B "$work/packages" >"$work/cpack.log") \
    || { cat "$work/cpack.log"; fail "cpack could not build the .deb"; }
deb=$(echo "$work"/packages/kete_*.deb)
[ -f "$deb" ] || fail "no kete_*.deb in $work/packages"
dpkg-deb --field "$deb" Package Version Architecture Depends

echo "== lintian"
lintian --fail-on error "$deb" \
    || fail "lintian reports errors"

echo "== apt-get install"
(cd "$work/packages" && apt_get install "./$(basename "$deb")") >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; fail "apt-get could not install $deb"; }
installed=yes
dpkg -L kete >"$work/files"

echo "== installed files"
for path in /usr/bin/kete /usr/bin/kete-sandbox \
    /usr/share/applications/org.kete.Kete.desktop \
    /usr/share/metainfo/org.kete.Kete.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/org.kete.Kete.svg \
    /usr/share/doc/kete/copyright /usr/share/doc/kete/changelog.gz \
    /usr/share/man/man1/kete.1.gz /usr/share/man/man1/kete-sandbox.1.gz; do
    [ -s "$path" ] || fail "$path is missing or empty"
done
for size in 16 22 24 32 48 64 128 256 512; do
    png=/usr/share/icons/hicolor/${size}x${size}/apps/org.kete.Kete.png
    [ -s "$png" ] || fail "$png is missing"
    # The PNG header's width and height, big-endian, at bytes 16 to 23.
    read -r width height < <(od -An -tu1 -j16 -N8 "$png" \
        | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
    [ "$width" = "$size" ] && [ "$height" = "$size" ] \
        || fail "$png is ${width}x${height}, not ${size}x${size}"
done
desktop-file-validate /usr/share/applications/org.kete.Kete.desktop \
    || fail "desktop-file-validate rejects the installed desktop entry"
appstreamcli validate --no-net /usr/share/metainfo/org.kete.Kete.metainfo.xml \
    || fail "appstreamcli rejects the installed metainfo"

echo "== installed programs"
version=$(/usr/bin/kete --version)
[ "$version" = "Kete $(dpkg-deb --field "$deb" Version)" ] || fail "kete --version said '$version'"
/usr/bin/kete-sandbox --help >"$work/sandbox-help" || fail "kete-sandbox --help failed"
grep -q -- '--port' "$work/sandbox-help" || fail "kete-sandbox --help does not list --port"

# The demo has started for real once its own sandbox serves the sign-in page to the embedded
# browser: the window, the in-process server and QtWebEngineProcess all came from the package.
echo "== kete --demo"
QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 QT_LOGGING_RULES='kete.*=true' \
    QT_MESSAGE_PATTERN='%{type} %{category}: %{message}' \
    /usr/bin/kete --demo >"$work/demo.log" 2>&1 &
kete_pid=$!
for _ in $(seq 1 240); do
    grep -q 'kete.sandbox: authorization request' "$work/demo.log" && break
    kill -0 "$kete_pid" 2>/dev/null || { cat "$work/demo.log"; fail "kete --demo exited early"; }
    sleep 0.5
done
grep -q 'kete.sandbox: authorization request' "$work/demo.log" \
    || { cat "$work/demo.log"; fail "the demo's sign-in page was never requested"; }
kill "$kete_pid"
wait "$kete_pid" 2>/dev/null || true
kete_pid=
# Qt's own warnings about the offscreen platform are expected; Kete's warnings and anything
# critical or fatal are not.
if grep -E '^(critical|fatal) |^warning kete\.' "$work/demo.log"; then
    fail "kete --demo reported errors"
fi

echo "== apt-get remove --purge"
apt_get remove --purge kete >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; fail "apt-get could not remove kete"; }
installed=no
dpkg-query -W -f='${Status}' kete 2>/dev/null | grep -q 'installed' && fail "kete is still installed"
left=0
while read -r path; do
    if [ -e "$path" ] && [ ! -d "$path" ]; then
        echo "left behind: $path" >&2
        left=1
    fi
done <"$work/files"
# Folders only the package created (none of Debian's shared ones) must go too.
for dir in /usr/share/doc/kete; do
    [ -e "$dir" ] && { echo "left behind: $dir" >&2; left=1; }
done
[ "$left" -eq 0 ] || fail "files were left after the purge"
echo "PASS: $(basename "$deb") installs, runs and purges cleanly"
