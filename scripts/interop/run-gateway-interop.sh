#!/usr/bin/env bash
# A client the project did not write against `feige gateway` (issue #5): PyPI's pycmpp, driven by
# pycmpp_client.py, logs in to the embedded default gateway (demo account), submits short and long texts with
# Registered_Delivery 1 and waits for every status report.
#
# Usage: run-gateway-interop.sh PYTHON_WITH_PYCMPP [FEIGE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${1:?usage: run-gateway-interop.sh PYTHON_WITH_PYCMPP [FEIGE_BINARY]}
FEIGE=${2:-.build/debug/feige}

WORK=$(mktemp -d)
GATEWAY_PID=""
cleanup() {
    if [ -n "$GATEWAY_PID" ]; then kill -TERM "$GATEWAY_PID" 2>/dev/null || true; wait "$GATEWAY_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$FEIGE" gateway --port 0 --short-port 0 --data "$WORK/data" >"$WORK/gateway.out" 2>"$WORK/gateway.err" &
GATEWAY_PID=$!
PORT=""
for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\) (long connections)$/\1/p' "$WORK/gateway.out")
    [ -n "$PORT" ] && break
    kill -0 "$GATEWAY_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$PORT" ]; then
    echo "FAIL gateway did not start:"; cat "$WORK/gateway.out" "$WORK/gateway.err"; exit 1
fi

passed=0; failed=0
check() {  # check NAME EXPECTED_LINES -- command...
    local name=$1 expected=$2; shift 3
    local output status=0
    output=$(timeout 60 "$@" 2>"$WORK/client.err") || status=$?
    local parts reports
    parts=$(grep -cE '^[0-9]+ 0$' <<<"$output" || true)
    reports=$(grep -cE '^[0-9]+ DELIVRD 13800138000$' <<<"$output" || true)
    if [ "$status" -eq 0 ] && [ "$parts" -eq "$expected" ] && [ "$reports" -eq "$expected" ]; then
        echo "PASS $name ($parts parts accepted, $reports reports)"; passed=$((passed + 1))
    else
        echo "FAIL $name: exit $status, $parts accepted parts and $reports reports, expected $expected of each"
        echo "$output"; cat "$WORK/client.err"; failed=$((failed + 1))
    fi
}
common=(--host 127.0.0.1 --port "$PORT" --sp-id 900001 --secret 888888 --to 13800138000 --report --wait-reports 20)
check "pycmpp: three short UCS2 submits with reports" 3 -- \
    "$PYTHON" scripts/interop/pycmpp_client.py "${common[@]}" --src-id 1065 --service-id TEST --count 3 --text "pycmpp 你好 hello"
check "pycmpp: a 100-character Chinese text in two parts, empty Src_Id and Service_Id" 2 -- \
    "$PYTHON" scripts/interop/pycmpp_client.py "${common[@]}" --count 1 --text "$(printf '长%.0s' $(seq 1 100))"
echo "gateway interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
