#!/usr/bin/env bash
# Kete's developer entry point, used by the README's Quick start and by .ci/run.
#
#   packaging/dev.sh demo     install missing build dependencies, build, launch Kete in demo mode
#   packaging/dev.sh test     install missing build dependencies, build, run every test
#   packaging/dev.sh build    install missing build dependencies and build
#   packaging/dev.sh guard    the core's unit tests (label core) under ASan, UBSan and LSan, and
#                             every fuzz harness for KETE_FUZZ_SECONDS (default 10) each, in
#                             build-fuzz/ (clang; see packaging/fuzz.sh)
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
    local dir=${TEST_BUILD_DIR:-$build_dir}
    export QT_QPA_PLATFORM=offscreen KETE_REQUIRE_KEYCHAIN=1
    webengine_environment
    # A private session bus with an unlocked gnome-keyring: the tests use the real OS keychain.
    dbus-run-session -- bash -c '
        set -e
        echo -n kete-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        cd "$1" && shift
        ctest --output-on-failure --timeout 600 --parallel "$(nproc)" "$@"
    ' _ "$dir" "$@"
}

# The fuzz build (clang, ASan, UBSan) also builds the core's unit tests: one sanitizer build
# serves both. Leak checks stay on; packaging/lsan.supp names the only leaks allowed (not ours).
guard() {
    local fuzz_dir=${KETE_FUZZ_BUILD_DIR:-$root/build-fuzz}
    local missing=()
    for package in clang-14 libclang-rt-14-dev; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
    (cd "$root" && cmake --preset fuzz -B "$fuzz_dir" --log-level=WARNING >/dev/null)
    local targets
    mapfile -t targets < <(cd "$fuzz_dir" && ctest -N -L '^core$' |
        sed -n 's/^ *Test *#[0-9]*: \(.*\)$/tst_\1/p')
    cmake --build "$fuzz_dir" --parallel "$(nproc)" --target kete_fuzzers "${targets[@]}"
    TEST_BUILD_DIR=$fuzz_dir \
        ASAN_OPTIONS=detect_leaks=1:new_delete_type_mismatch=0 \
        LSAN_OPTIONS=suppressions=$root/packaging/lsan.supp:print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        run_tests -L '^core$'
    "$root/packaging/fuzz.sh" "${KETE_FUZZ_SECONDS:-6}"
}

case "$command" in
    build) install_dependencies; build ;;
    guard) install_dependencies; guard ;;
    test) install_dependencies; build; run_tests "$@" ;;
    package) install_dependencies; package "$@" ;;
    demo) install_dependencies; build; webengine_environment; exec "$build_dir/ui/kete" --demo "$@" ;;
    *) echo "usage: $0 demo|test|build|guard|package [args]" >&2; exit 2 ;;
esac
