#!/usr/bin/env bash
# Runs `feige bench` for several gateway builds or settings in turn (A, B, C, A, B, C, …) and summarises each:
# how docs/performance.md compares variants on a disk whose latency changes from minute to minute (issue 6).
# Run back to back, a variant measured during a calm minute would look better than one measured in a stormy
# one; interleaved, the storms fall on every variant alike.
#
#   scripts/bench-interleaved.sh [-n ROUNDS] [-a 'BENCH ARGS'] COMMAND...
#
# Each COMMAND is how to start one variant's `feige`, quoted as one argument: a binary, or a binary behind
# `env` with the settings that make the variant. Every run is `COMMAND bench BENCH ARGS --json`, except that a
# COMMAND that says `bench` itself runs with its own arguments, as `COMMAND --json`: so the group-commit floor
# model (`feige bench --disk-flush DIR --rate R --seconds S`, which takes no --warmup) can run between the
# gateway's runs, and a group shows what the disk alone allowed at the same minutes.
#   -n ROUNDS     rounds (default 5)
#   -a ARGS       bench arguments (default: --rate 10000 --seconds 8 --warmup 2, half the durable peak)
# Example, the build in the tree against a saved one:
#   swift build -c release --product feige && cp .build/release/feige /tmp/feige-before   # (on the old commit)
#   scripts/bench-interleaved.sh -n 5 /tmp/feige-before .build/release/feige
# and the build beside the floor model without CPU and with the gateway's CPU per commit and per SUBMIT:
#   f=.build/release/feige; floor="$f bench --disk-flush /tmp --rate 10000 --seconds 8"
#   scripts/bench-interleaved.sh -n 6 "$floor" "$floor --commit-cpu-us 150 --message-cpu-us 20" "$f"
# Prints one line per run as it goes, then per variant the p99 of every run (ms, sorted), the medians of p50,
# p90 and p99, the median share of the time the store's commits took over 1 ms (`storeCommits`), the median
# count of wake-ups over 0.5 ms late (`wakeUpLateness`, with --wake-probe in the bench arguments), the medians
# of the CPU seconds of the client, of the gateway and of both together (embedded runs: a change can move CPU
# from one to the other, as both share the machine's cores), and the p99 median of the calm runs (max under
# 10 ms). Each run's line also gives the CPU seconds of the client and of the gateway.
set -euo pipefail

rounds=5
bench_args="--rate 10000 --seconds 8 --warmup 2"
while getopts "n:a:" option; do
    case "$option" in
        n) rounds="$OPTARG" ;;
        a) bench_args="$OPTARG" ;;
        *) echo "usage: $0 [-n ROUNDS] [-a 'BENCH ARGS'] COMMAND..." >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ "$#" -lt 1 ]; then
    echo "usage: $0 [-n ROUNDS] [-a 'BENCH ARGS'] COMMAND..." >&2
    exit 2
fi
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
    echo "$0: -n wants a positive number of rounds, not '$rounds'" >&2
    exit 2
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$rounds"); do
    for variant in "$@"; do
        if [[ " $variant " == *" bench "* ]]; then
            command="$variant --json"
        else
            command="$variant bench $bench_args --json"
        fi
        # A run with unanswered SUBMITs exits 1 but still prints its result, which counts like any other.
        # shellcheck disable=SC2086 # the command is a word list on purpose
        json=$($command 2>/dev/null | grep '^{' || true)
        if [ -z "$json" ]; then
            echo "$0: round $round: '$command' printed no result" >&2
            exit 1
        fi
        printf '%s\t%s\n' "$variant" "$json" >>"$results"
        python3 - "$round" "$variant" "$json" <<'PY'
import json
import sys

result = json.loads(sys.argv[3])
# The floor model's figures are in its own object, and it offers its rate without measuring one.
floor = result.get("groupCommitFloor")
latency = floor["latencyMicros"] if floor else result["latencyMicros"]
rate = f"{floor['rate']}/s offered" if floor else f"{result['submitsPerSecond']:.0f}/s"
commits = result.get("storeCommits")
wake = result.get("wakeUpLateness")
print(
    f"round {sys.argv[1]}  {sys.argv[2]:40s} p50 {latency['p50'] / 1e3:.2f}  p99 {latency['p99'] / 1e3:.2f}"
    f"  max {latency['max'] / 1e3:.1f} ms  {rate}"
    + (f"  slow commits {commits['slowCommitPercent']:.2f}%" if commits else "")
    + (f"  CPU {result['cpuSecondsClient']:.2f} + {result['cpuSecondsGateway']:.2f} s"
       if result.get("cpuSecondsGateway") is not None else "")
    + (f"  wake-ups over 0.5 ms {wake['lateWakeUps']} ({wake['lateMillis']:.1f} ms)" if wake else "")
)
PY
    done
done

python3 - "$results" <<'PY'
import json
import statistics
import sys

runs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    variant, text = line.rstrip("\n").split("\t", 1)
    runs.setdefault(variant, []).append(json.loads(text))

def ms(value):
    return value / 1e3

print()
for variant, results in runs.items():
    latency = [(result.get("groupCommitFloor") or result)["latencyMicros"] for result in results]
    p99 = sorted(ms(l["p99"]) for l in latency)
    calm = [ms(l["p99"]) for l in latency if ms(l["max"]) < 10]
    slow = [r["storeCommits"]["slowCommitPercent"] for r in results if r.get("storeCommits")]
    late = [r["wakeUpLateness"]["lateWakeUps"] for r in results if r.get("wakeUpLateness")]
    cpu = [
        (r["cpuSecondsClient"], r["cpuSecondsGateway"]) for r in results if r.get("cpuSecondsGateway") is not None
    ]
    print(f"{variant}")
    print(f"  p99 of each run  {', '.join(f'{x:.2f}' for x in p99)} ms")
    print(
        f"  medians          p50 {statistics.median(ms(l['p50']) for l in latency):.2f}"
        f"  p90 {statistics.median(ms(l['p90']) for l in latency):.2f}"
        f"  p99 {statistics.median(p99):.2f} ms"
        + (f"  slow commits {statistics.median(slow):.2f}% of the time" if slow else "")
        + (f"  wake-ups over 0.5 ms {statistics.median(late):.0f}" if late else "")
        + (
            f"  CPU client {statistics.median(c for c, _ in cpu):.2f}"
            f" + gateway {statistics.median(g for _, g in cpu):.2f}"
            f" (together {statistics.median(c + g for c, g in cpu):.2f}) s"
            if cpu else ""
        )
    )
    print(
        f"  calm runs        {len(calm)} of {len(results)}"
        + (f", p99 median {statistics.median(calm):.2f} ms" if calm else "")
    )
PY
