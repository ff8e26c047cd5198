#!/usr/bin/env bash
# Builds Kete's libFuzzer harnesses (tests/fuzz; CMake preset `fuzz`: the `asan` preset with
# clang 14 and KETE_FUZZ) and runs each one for SECONDS seconds. Exits non-zero when any harness finds a crash, a
# hang (an input that takes over 10 s), a sanitizer report or a leak; the input that did it is
# kept in <build>/findings/. A finding becomes a Qt test in the area's tests/ folder.
#
#   packaging/fuzz.sh SECONDS [HARNESS...]   (default: every harness)
#
# Environment: KETE_FUZZ_BUILD_DIR (default: build-fuzz/). The corpus each harness grows is kept
# in <build>/corpus/<harness>/ and reused by the next run; the seeds are written afresh by
# kete_fuzz_seeds from the sandbox's records, tokens and brands Bundle.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KETE_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:?usage: $0 SECONDS [HARNESS...]}
shift
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(bundlepage fhirresource smartconfiguration tokenresponse
    idtoken brandsbundle offlinerecord sandboxfhir sandboxauth)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# libFuzzer comes with clang's runtime libraries; the default build does not need either.
missing=()
for package in clang-14 libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing fuzzing dependencies: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

(cd "$root" && cmake --preset fuzz -B "$build_dir" --log-level=WARNING >/dev/null)
targets=(kete_fuzz_seeds)
for name in "${harnesses[@]}"; do targets+=("fuzz_$name"); done
cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}"

rm -rf "$build_dir/seeds"
"$build_dir/tests/fuzz/kete_fuzz_seeds" "$build_dir/seeds"
mkdir -p "$build_dir/findings"

export QT_QPA_PLATFORM=offscreen
# Leaks count as findings; a report stops the run and names the input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for name in "${harnesses[@]}"; do
    corpus=$build_dir/corpus/$name
    mkdir -p "$corpus"
    # The sandbox keeps tokens, sign-ins and search results on purpose; libFuzzer's leak check
    # after each run that grows them would scan the heap every time. Leaks still show at exit.
    leaks=1
    case "$name" in sandbox*) leaks=0 ;; esac
    echo "== fuzz_$name for ${seconds}s"
    if "$build_dir/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 -detect_leaks=$leaks \
        -artifact_prefix="$build_dir/findings/$name-" \
        "$corpus" "$build_dir/seeds/$name" >"$build_dir/findings/$name.log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^Done ' "$build_dir/findings/$name.log" || true
    else
        failed+=("$name")
        tail -n 60 "$build_dir/findings/$name.log"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]} (inputs in $build_dir/findings/)" >&2
    exit 1
fi
echo "fuzzing: ${#harnesses[@]} harnesses, ${seconds}s each, no findings"
