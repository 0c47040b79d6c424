#!/usr/bin/env bash
# Builds the CMPP decoder fuzzer with libFuzzer and AddressSanitizer, then runs it.
# Extra arguments go to libFuzzer, e.g. `./do_build.sh -max_total_time=600`.
# Crashers land in FailCases/ (kept and replayed by Tests/CMPPCoreTests as regression tests).
set -euo pipefail
cd "$(dirname "$0")"

swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product FuzzCMPPDecoder

mkdir -p corpus FailCases
exec "$(swift build -c debug --show-bin-path)/FuzzCMPPDecoder" \
    -artifact_prefix=FailCases/ \
    -max_len=4200 \
    "$@" \
    corpus
