#!/usr/bin/env bash
# Traces every thread's fdatasync and fsync while a command runs (a `feige bench`, a gateway under load) and
# says how long they took: how much of a durable gateway's tail is its flushes (issue 6, twelfth round in
# docs/performance.md). A flush's time here runs from the call to the return to the thread, so it includes the
# wait for a vCPU after the disk has answered: compare it with the same flushes beside less CPU load
# (scripts/flush-beside-load.sh).
#
#   scripts/trace-flushes.sh [-w WAIT] [-s SECONDS] COMMAND...
#
#   -w WAIT       seconds after the command starts before tracing (default 3: past a bench's warm-up)
#   -s SECONDS    how long to trace (default 5)
# Needs `perf` (Debian: linux-perf) and the right to trace the whole system (root, or perf_event_paranoid -1).
# Example: scripts/trace-flushes.sh .build/release/feige bench --rate 14000 --seconds 8 --warmup 2
# Prints the command's output, then per thread that flushed: the count, p50/p90/p99/max in µs, and the flushes
# over 1 ms (count, time in all); then, for the thread that flushed most (the store's writer, `feige.writer`),
# its flush cycles (return to return) over 2 ms: how many, how long in all, and how much of that was spent in
# the flush against between the flushes (building the transaction, waiting for work or for a vCPU).
set -euo pipefail

wait_seconds=3
trace_seconds=5
usage="usage: $0 [-w WAIT] [-s SECONDS] COMMAND..."
while getopts "w:s:" option; do
    case "$option" in
        w) wait_seconds="$OPTARG" ;;
        s) trace_seconds="$OPTARG" ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ "$#" -lt 1 ]; then
    echo "$usage" >&2
    exit 2
fi
for number in "$wait_seconds" "$trace_seconds"; do
    if ! [[ "$number" =~ ^[0-9]+$ ]] || [ "$number" -gt 3600 ]; then
        echo "$0: -w and -s take whole seconds up to 3600, not '$number'" >&2
        exit 2
    fi
done
if [ "$trace_seconds" -eq 0 ]; then
    echo "$0: -s must be at least 1 second" >&2
    exit 2
fi
if ! command -v perf >/dev/null; then
    echo "$0: needs perf (Debian: apt-get install linux-perf)" >&2
    exit 2
fi

work=$(mktemp -d)
command_pid=""
cleanup() {
    if [ -n "$command_pid" ]; then kill "$command_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$@" >"$work/output" 2>&1 &
command_pid=$!
sleep "$wait_seconds"
if ! perf record -q -m 8192 -a -o "$work/perf.data" \
    -e syscalls:sys_enter_fdatasync,syscalls:sys_exit_fdatasync,syscalls:sys_enter_fsync,syscalls:sys_exit_fsync \
    -- sleep "$trace_seconds" >"$work/perf.log" 2>&1; then
    echo "$0: perf could not trace (it needs root or perf_event_paranoid -1):" >&2
    cat "$work/perf.log" >&2
    exit 1
fi
status=0
wait "$command_pid" || status=$?
command_pid=""
cat "$work/output"
perf script -i "$work/perf.data" -F comm,tid,time,event >"$work/events" 2>/dev/null

python3 - "$work/events" <<'PY'
import sys

open_calls = {}
flushes = {}  # (comm, tid) -> [(start, end)]
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    fields = line.split()
    if len(fields) < 4:
        continue
    # comm (may hold spaces), tid, time:, event:
    event, time, tid, comm = fields[-1].rstrip(":"), float(fields[-2].rstrip(":")), fields[-3], " ".join(fields[:-3])
    if "enter_" in event:
        open_calls[tid] = time
    elif "exit_" in event and tid in open_calls:
        flushes.setdefault((comm, tid), []).append((open_calls.pop(tid), time))

if not flushes:
    print("no thread flushed while traced")
    sys.exit(0)

def percentile(values, fraction):
    return values[min(len(values) - 1, int(fraction * len(values)))]

print()
print("flushes (fdatasync, fsync) per thread, µs from the call to the return")
for (comm, tid), calls in sorted(flushes.items(), key=lambda item: -len(item[1])):
    micros = sorted((end - start) * 1e6 for start, end in calls)
    slow = [m for m in micros if m > 1000]
    print(
        f"  {comm} ({tid}): {len(micros)} flushes, p50 {percentile(micros, 0.5):.0f}  p90 {percentile(micros, 0.9):.0f}"
        f"  p99 {percentile(micros, 0.99):.0f}  max {micros[-1]:.0f}; over 1 ms: {len(slow)}, {sum(slow) / 1e3:.1f} ms"
    )

(comm, tid), calls = max(flushes.items(), key=lambda item: len(item[1]))
calls.sort()
long = []
for (_, previous_end), (start, end) in zip(calls, calls[1:]):
    if end - previous_end > 0.002:
        long.append((end - previous_end, end - start))
total = sum(cycle for cycle, _ in long)
flushing = sum(flush for _, flush in long)
print(
    f"{comm} ({tid}): {len(long)} flush cycles over 2 ms, {total * 1e3:.1f} ms in all:"
    f" {flushing * 1e3:.1f} ms in the flush, {(total - flushing) * 1e3:.1f} ms between flushes"
)
PY
exit "$status"
