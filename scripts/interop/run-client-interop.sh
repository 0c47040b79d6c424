#!/usr/bin/env bash
# Interop test of the Swift SP client (`feige send`, `feige listen`) against reference_ismg.py, an ISMG written
# in Python from the CMPP 2.0 fact sheet, not from our Swift code (issue 4).
#
#   scripts/interop/run-client-interop.sh [FEIGE_BINARY]      (default: .build/debug/feige; builds nothing)
#
# If the binary has no `send` subcommand yet, says so and exits 0 without running or claiming anything else.
# Otherwise prints one PASS/FAIL line per check, then "interop: N passed, N failed"; exits 1 if any check failed.
# Needs bash, coreutils and python3 (stdlib only). Every wait is bounded; background processes are killed on exit.
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
FEIGE="${1:-$ROOT/.build/debug/feige}"
[[ "$FEIGE" == /* ]] || FEIGE="$PWD/$FEIGE"
SP_ID=900001
SECRET=888888
TO=13800138000
# 100 characters (Chinese, full-width punctuation): 200 bytes of UCS2, so two SUBMIT parts
# (67 + 33 characters behind a 6-byte UDH).
TEXT="飞鸽短信网关互通测试：这条消息正好一百个字符，用来检验客户端能否把长短信拆成两段并加上用户数据头，参考网关再按参考号把两段拼回原文并逐字比较。每段都要收到独立的消息标识和成功的状态报告，客户端逐一应答"
MO_TEXT="上行短信互通测试 MO 你好"
# Runs argv[1:] in a process group of its own (so it and any children can be killed together) with SIGINT at its
# default: a non-interactive bash starts background jobs with SIGINT ignored, which would swallow our SIGINT.
EXEC_IN_OWN_GROUP='import os, signal, sys; os.setpgid(0, 0); signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])'

if [[ ! -x "$FEIGE" ]]; then
    echo "run-client-interop: $FEIGE is not an executable; build it first (swift build)" >&2
    exit 2
fi
# `feige NAME --help` exits 0 even for an unknown NAME (ArgumentParser then prints the root help), so the
# subcommand counts as present only if its own usage line is printed.
has_subcommand() {
    local help
    help="$(timeout 30 "$FEIGE" "$1" --help 2>&1)" && grep -Eiq "usage: ([^ ]*/)?feige $1( |$)" <<<"$help"
}
if ! has_subcommand send; then
    echo "feige send not available yet"
    exit 0
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/feige-interop.XXXXXX")"
SERVER_PID=""
LISTEN_PID=""
# Kills process $1 and, if it leads one, its process group.
kill_hard() {
    kill -KILL -- "-$1" 2>/dev/null || kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
cleanup() {
    for pid in "$LISTEN_PID" "$SERVER_PID"; do
        [[ -n "$pid" ]] && kill_hard "$pid"
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1"; }
show() { echo "---- $1"; tail -n "${3:-40}" "$2" 2>/dev/null | sed 's/^/    /'; }

# Starts reference_ismg.py on port 0 with the test account and the given extra options; sets SERVER_PID, PORT.
start_server() {
    : >"$WORK/server.out"
    python3 "$HERE/reference_ismg.py" --account "$SP_ID:$SECRET" "$@" >"$WORK/server.out" 2>"$WORK/server.err" &
    SERVER_PID=$!
    PORT=""
    for _ in $(seq 100); do
        PORT="$(sed -n 's/^LISTENING \([0-9][0-9]*\)$/\1/p' "$WORK/server.out" | head -n 1)"
        [[ -n "$PORT" ]] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "run-client-interop: reference_ismg.py did not start" >&2
    show "server log" "$WORK/server.err"
    exit 2
}

# Waits up to $2 seconds for process $1 to end; kills it if it does not. Sets WAIT_STATUS to its exit status.
wait_for_exit() {
    local pid="$1" limit="$2" waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < limit * 10)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill_hard "$pid"
        WAIT_STATUS=timeout
    else
        wait "$pid"
        WAIT_STATUS=$?
        kill -KILL -- "-$pid" 2>/dev/null  # whatever it left behind in its group
    fi
}

# Stops the server with SIGTERM and leaves its JSON summary in $WORK/summary.json.
stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait_for_exit "$SERVER_PID" 10
    SERVER_PID=""
    grep '^{' "$WORK/server.out" | tail -n 1 >"$WORK/summary.json"
}

# check NAME PYTHON_EXPRESSION: evaluates the expression with `summary` (the server's JSON summary), `out`
# (stdout of the client under test), `text`, `mo_text` in scope; prints PASS, or FAIL with the expression.
check() {
    local name="$1" expression="$2"
    if python3 - "$WORK/summary.json" "$WORK/client.out" "$TEXT" "$MO_TEXT" "$expression" <<'EOF'; then
import json, re, sys
summary_path, out_path, text, mo_text, expression = sys.argv[1:]
try:
    with open(summary_path, encoding="utf-8") as handle:
        summary = json.loads(handle.read() or "{}")
except ValueError:
    summary = {}
with open(out_path, encoding="utf-8", errors="replace") as handle:
    out = handle.read()
lines = [line.split() for line in out.splitlines()]
parts = [f for f in lines if len(f) == 2 and f[0].isdigit()]
reports = [f for f in lines if len(f) == 3 and f[0].isdigit()]
sys.exit(0 if eval(expression) else 1)
EOF
        pass "$name"
    else
        fail "$name    [$expression]"
        return 1
    fi
}

if ! python3 -c 'import sys; sys.exit(len(sys.argv[1]) != 100)' "$TEXT"; then
    echo "run-client-interop: the test text is not 100 characters" >&2
    exit 2
fi

# --- 1. feige send: a two-part UCS2 message with status reports --------------------------------------------------
start_server --report-delay 0.5
timeout 60 "$FEIGE" send --host 127.0.0.1 --port "$PORT" --sp-id "$SP_ID" --secret "$SECRET" --to "$TO" \
    --service-id TEST --src-id 1065 --report --wait-report 10 "$TEXT" >"$WORK/client.out" 2>"$WORK/client.err"
SEND_STATUS=$?
timeout 30 "$FEIGE" send --host 127.0.0.1 --port "$PORT" --sp-id "$SP_ID" --secret wrong --to "$TO" \
    --service-id TEST --src-id 1065 "refused" >"$WORK/refused.out" 2>"$WORK/refused.err"
REFUSED_STATUS=$?
stop_server
before=$FAILED
if [[ "$SEND_STATUS" == 0 ]]; then pass "send: exit status 0"; else fail "send: exit status $SEND_STATUS"; fi
check "send: two '<Msg_Id> 0' part lines" 'len(parts) == 2 and all(f[1] == "0" for f in parts)'
check "send: two '<Msg_Id> DELIVRD $TO' report lines" \
    'len(reports) == 2 and all(f[1:] == ["DELIVRD", "'"$TO"'"] for f in reports)'
check "send: the reports carry the parts' Msg_Ids" \
    'len(parts) == 2 and sorted(f[0] for f in reports) == sorted(f[0] for f in parts)'
check "send: the ISMG reassembled the text exactly" 'summary.get("messages") == [text]'
check "send: two SUBMITs, both reports answered with DELIVER_RESP" \
    'summary.get("submits") == 2 and summary.get("reports_acked") == 2 and summary.get("deliver_resp_errors") == 0'
check "send: the session ended with TERMINATE (§6.3)" 'summary.get("terminates_received") == 1'
check "send: no protocol warnings from the ISMG" \
    'summary.get("logins", 0) >= 1 and summary.get("warnings") == [] and summary.get("protocol_errors") == 0'
if [[ "$REFUSED_STATUS" != 0 ]] && [[ -s "$WORK/refused.err" || -s "$WORK/refused.out" ]]; then
    check "send: a refused login (wrong secret) exits $REFUSED_STATUS with a message" \
        'summary.get("logins_refused") == 1'
else
    fail "send: a refused login (wrong secret) exits $REFUSED_STATUS (expected non-zero, with a message)"
fi
if ((FAILED > before)); then
    show "feige send stdout" "$WORK/client.out"
    show "feige send stderr" "$WORK/client.err"
    show "wrong-secret stderr" "$WORK/refused.err" 10
    show "server log" "$WORK/server.err" 60
    show "server summary" "$WORK/summary.json"
fi

# --- 2. feige listen: one MO from the ISMG, then SIGINT ---------------------------------------------------------
if ! has_subcommand listen; then
    echo "SKIP listen: feige listen not available yet"
else
    start_server --mo "$MO_TEXT" --mo-after 1 --service-code 1065
    python3 -c "$EXEC_IN_OWN_GROUP" "$FEIGE" listen --host 127.0.0.1 --port "$PORT" --sp-id "$SP_ID" --secret "$SECRET" \
        >"$WORK/client.out" 2>"$WORK/client.err" &
    LISTEN_PID=$!
    for _ in $(seq 150); do
        grep -qF "$MO_TEXT" "$WORK/client.out" && break
        kill -0 "$LISTEN_PID" 2>/dev/null || break
        sleep 0.1
    done
    sleep 0.3  # lets the DELIVER_RESP that follows the printed line reach the ISMG
    kill -INT "$LISTEN_PID" 2>/dev/null
    wait_for_exit "$LISTEN_PID" 10
    LISTEN_STATUS=$WAIT_STATUS
    LISTEN_PID=""
    stop_server
    before=$FAILED
    check "listen: the MO line shows the text and the sender" "mo_text in out and '$TO' in out"
    check "listen: the MO was answered with DELIVER_RESP" 'summary.get("mo_sent") == 1 and summary.get("mo_acked") == 1'
    if [[ "$LISTEN_STATUS" == 0 || "$LISTEN_STATUS" == 130 ]]; then
        pass "listen: SIGINT ends it (exit status $LISTEN_STATUS)"
    else
        fail "listen: after SIGINT, exit status $LISTEN_STATUS"
    fi
    check "listen: SIGINT closed the session with TERMINATE (§6.3)" 'summary.get("terminates_received") == 1'
    check "listen: no protocol warnings from the ISMG" \
        'summary.get("logins", 0) >= 1 and summary.get("warnings") == [] and summary.get("protocol_errors") == 0'
    if ((FAILED > before)); then
        show "feige listen stdout" "$WORK/client.out"
        show "feige listen stderr" "$WORK/client.err"
        show "server log" "$WORK/server.err" 60
        show "server summary" "$WORK/summary.json"
    fi
fi

echo "interop: $PASSED passed, $FAILED failed"
((FAILED == 0))
