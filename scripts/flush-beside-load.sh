#!/usr/bin/env bash
# Runs the group-commit floor model (`feige bench --disk-flush`: a durable commit loop that spends no CPU) alone,
# and with a CPU load beside it: `feige bench --store memory --rate L`, the SP client and a gateway without a
# durable store, at L SUBMITs/s. It shows how much of a durable gateway's tail comes from the disk and how much
# from the CPU the client and gateway share with the flushes (issue 6, twelfth round in docs/performance.md):
# the model alone has only the disk in its way; beside the load, each flush's completion and each wake-up
# also wait for a vCPU.
#
#   scripts/flush-beside-load.sh [-n ROUNDS] [-f FEIGE] [-d DIR] [-s SECONDS] [-a 'ARGS'] RATE [LOAD...]
#
#   RATE          SUBMITs/s the model offers
#   LOAD          SUBMITs/s of a memory-store bench run beside it (several: one variant each; the model alone is
#                 always the first variant)
#   -n ROUNDS     rounds, each running every variant in turn, so a stormy minute falls on all alike (default 4)
#   -f FEIGE      the feige binary (default .build/release/feige)
#   -d DIR        where the model writes and flushes its file: the disk the store would live on (default /tmp)
#   -s SECONDS    how long the model offers its rate (default 8); each load runs 1 s of warm-up and 3 s longer
#   -a ARGS       arguments for both benches (default --cpu-wakeup-latency-us 0, as the docs' figures; '' for none)
# Example, the half peak of the tenth round, alone and beside half and all of that rate:
#   scripts/flush-beside-load.sh -n 4 14000 7000 14000
# Prints one line per run as it goes, then per variant the model's p99 of every run (sorted) and its median, and
# the load's p99 and CPU medians (client + gateway, as `feige bench` counts them after its warm-up, and in vCPUs).
set -euo pipefail

rounds=4
feige=.build/release/feige
directory=/tmp
seconds=8
extra="--cpu-wakeup-latency-us 0"
usage="usage: $0 [-n ROUNDS] [-f FEIGE] [-d DIR] [-s SECONDS] [-a 'ARGS'] RATE [LOAD...]"
while getopts "n:f:d:s:a:" option; do
    case "$option" in
        n) rounds="$OPTARG" ;;
        f) feige="$OPTARG" ;;
        d) directory="$OPTARG" ;;
        s) seconds="$OPTARG" ;;
        a) extra="$OPTARG" ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ "$#" -lt 1 ]; then
    echo "$usage" >&2
    exit 2
fi
for number in "$rounds" "$seconds" "$@"; do
    if ! [[ "$number" =~ ^[1-9][0-9]*$ ]]; then
        echo "$0: rounds, seconds, the rate and the loads are positive whole numbers, not '$number'" >&2
        exit 2
    fi
done
if ! [ -x "$feige" ]; then
    echo "$0: no feige binary at '$feige' (swift build -c release --product feige, or -f)" >&2
    exit 2
fi
rate=$1
shift
loads=(0 "$@")

results=$(mktemp)
load_output=$(mktemp)
load_errors=$(mktemp)
model_errors=$(mktemp)
load_pid=""
cleanup() {
    if [ -n "$load_pid" ]; then kill "$load_pid" 2>/dev/null || true; fi
    rm -f "$results" "$load_output" "$load_errors" "$model_errors"
}
trap cleanup EXIT

for round in $(seq "$rounds"); do
    for load in "${loads[@]}"; do
        load_json="null"
        if [ "$load" != 0 ]; then
            # shellcheck disable=SC2086 # $extra is a word list on purpose
            "$feige" bench --store memory --rate "$load" --seconds $((seconds + 3)) --warmup 1 $extra --json \
                >"$load_output" 2>"$load_errors" &
            load_pid=$!
            # The load's warm-up: its client and gateway are busy before the model starts.
            sleep 0.5
        fi
        # shellcheck disable=SC2086
        model_json=$("$feige" bench --disk-flush "$directory" --rate "$rate" --seconds "$seconds" $extra --json \
            2>"$model_errors" | grep '^{' || true)
        if [ "$load" != 0 ]; then
            # A run with unanswered SUBMITs exits 1 but still prints its result.
            wait "$load_pid" || true
            load_pid=""
            load_json=$(grep '^{' "$load_output" || true)
            if [ -z "$load_json" ]; then
                echo "$0: round $round: the load at $load/s printed no result:" >&2
                cat "$load_errors" >&2
                exit 1
            fi
        fi
        if [ -z "$model_json" ]; then
            echo "$0: round $round: the model at $rate/s printed no result:" >&2
            cat "$model_errors" >&2
            exit 1
        fi
        printf '%s\t%s\t%s\n' "$load" "$model_json" "$load_json" >>"$results"
        python3 - "$round" "$load" "$model_json" "$load_json" <<'PY'
import json
import sys

model = json.loads(sys.argv[3])["groupCommitFloor"]["latencyMicros"]
load = json.loads(sys.argv[4])
line = f"round {sys.argv[1]}  {'alone' if load is None else 'beside ' + sys.argv[2] + '/s'}:"
line += f"  model p50 {model['p50'] / 1e3:.2f}  p99 {model['p99'] / 1e3:.2f}  max {model['max'] / 1e3:.1f} ms"
if load is not None:
    line += (
        f"   load p99 {load['latencyMicros']['p99'] / 1e3:.2f} ms,"
        f" CPU {load['cpuSecondsClient']:.2f} + {load['cpuSecondsGateway']:.2f} s"
    )
print(line)
PY
    done
done

python3 - "$results" "$rate" <<'PY'
import json
import statistics
import sys

runs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    load, model, beside = line.rstrip("\n").split("\t")
    runs.setdefault(int(load), []).append((json.loads(model)["groupCommitFloor"], json.loads(beside)))

print()
for load, pairs in runs.items():
    p99 = sorted(model["latencyMicros"]["p99"] / 1e3 for model, _ in pairs)
    print(f"model at {sys.argv[2]}/s, " + ("alone" if load == 0 else f"beside a memory-store bench at {load}/s"))
    print(f"  model p99 of each run  {', '.join(f'{x:.2f}' for x in p99)} ms (median {statistics.median(p99):.2f})")
    loads = [beside for _, beside in pairs if beside is not None]
    if loads:
        print(
            f"  load medians           p99 {statistics.median(b['latencyMicros']['p99'] for b in loads) / 1e3:.2f} ms,"
            f" CPU client {statistics.median(b['cpuSecondsClient'] for b in loads):.2f}"
            f" + gateway {statistics.median(b['cpuSecondsGateway'] for b in loads):.2f} s"
            f" ({statistics.median((b['cpuSecondsClient'] + b['cpuSecondsGateway']) / b['seconds'] for b in loads):.2f}"
            " vCPUs while it measured)"
        )
PY
