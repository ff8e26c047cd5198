#!/bin/sh
# ctest wrapper: installs fhirclient into the build tree (once), starts kete-sandbox
# --auto-approve on a free port, runs standalone-launch.js against it, stops the sandbox.
# Without node/npm (or when the install fails) the test is skipped (exit 77), unless
# KETE_REQUIRE_NPM=1, when it fails.
set -u
sandbox="$1"
prefix="$2"
script="$3"

skip() {
    echo "SKIP: $1"
    if [ "${KETE_REQUIRE_NPM:-0}" = "1" ]; then
        echo "KETE_REQUIRE_NPM=1: failing instead of skipping"
        exit 1
    fi
    exit 77
}

command -v node >/dev/null 2>&1 || skip "node is not installed"
if [ ! -f "$prefix/node_modules/fhirclient/package.json" ]; then
    command -v npm >/dev/null 2>&1 || skip "npm is not installed"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error fhirclient >&2 ||
        skip "npm install fhirclient failed"
fi

workdir=$(mktemp -d)
"$sandbox" --port 0 --auto-approve --large-patient-observations 200 \
    >"$workdir/stdout" 2>"$workdir/stderr" &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rm -rf "$workdir"
}
trap cleanup EXIT

base=""
tries=0
while [ -z "$base" ] && [ $tries -lt 300 ]; do
    base=$(head -n 1 "$workdir/stdout" 2>/dev/null)
    if ! kill -0 "$pid" 2>/dev/null; then
        cat "$workdir/stderr"
        echo "FAIL: kete-sandbox exited"
        exit 1
    fi
    [ -z "$base" ] && sleep 0.1
    tries=$((tries + 1))
done
[ -n "$base" ] || { echo "FAIL: kete-sandbox printed no base URL"; exit 1; }

node "$script" "$base" "$prefix/node_modules"
