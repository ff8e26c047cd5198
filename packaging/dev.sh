#!/usr/bin/env bash
# Kete's developer entry point, used by the README's Quick start and by .ci/run.
#
#   packaging/dev.sh demo     install missing build dependencies, build, launch Kete in demo mode
#   packaging/dev.sh test     install missing build dependencies, build, run every test
#   packaging/dev.sh build    install missing build dependencies and build
#   packaging/dev.sh package  install missing build dependencies, make a Release build of the
#                             programs in build/release/ and this system's installers in
#                             build/packages/
#
# Environment: KETE_BUILD_DIR (default: build/), KETE_BUILD_TYPE (default: Debug),
# CI=true builds with warnings as errors.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KETE_BUILD_DIR:-$root/build}
command=${1:-demo}
shift || true

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_dependencies() {
    local missing=()
    while read -r package; do
        case "$package" in ''|'#'*) continue ;; esac
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$package")
    done < "$root/packaging/debian-packages.txt"
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing build dependencies: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
}

build() {
    local werror=OFF
    [ "${CI:-}" = true ] && werror=ON
    cmake -S "$root" -B "$build_dir" -G Ninja --log-level=WARNING \
        -DCMAKE_BUILD_TYPE="${KETE_BUILD_TYPE:-Debug}" \
        -DKETE_WARNINGS_AS_ERRORS="$werror" >/dev/null
    cmake --build "$build_dir" --parallel "$(nproc)"
}

package() {
    local werror=OFF
    [ "${CI:-}" = true ] && werror=ON
    local release_dir=$build_dir/release
    cmake -S "$root" -B "$release_dir" -G Ninja --log-level=WARNING \
        -DCMAKE_BUILD_TYPE=Release -DKETE_BUILD_TESTS=OFF -DKETE_BUILD_BENCHMARKS=OFF \
        -DKETE_WARNINGS_AS_ERRORS="$werror" >/dev/null
    cmake --build "$release_dir" --parallel "$(nproc)"
    (cd "$release_dir" && cpack -B "$build_dir/packages" "$@")
    rm -rf "$build_dir/packages/_CPack_Packages"
    ls -l "$build_dir/packages"
}

# Chromium refuses its own sandbox as root; only then do we turn it off.
webengine_environment() {
    if [ "$(id -u)" -eq 0 ]; then export QTWEBENGINE_DISABLE_SANDBOX=1; fi
}

run_tests() {
    export QT_QPA_PLATFORM=offscreen KETE_REQUIRE_KEYCHAIN=1
    webengine_environment
    # A private session bus with an unlocked gnome-keyring: the tests use the real OS keychain.
    dbus-run-session -- bash -c '
        set -e
        echo -n kete-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        cd "$1" && shift
        ctest --output-on-failure --timeout 600 "$@"
    ' _ "$build_dir" "$@"
}

case "$command" in
    build) install_dependencies; build ;;
    test) install_dependencies; build; run_tests "$@" ;;
    package) install_dependencies; package "$@" ;;
    demo) install_dependencies; build; webengine_environment; exec "$build_dir/ui/kete" --demo "$@" ;;
    *) echo "usage: $0 demo|test|build|package [args]" >&2; exit 2 ;;
esac
