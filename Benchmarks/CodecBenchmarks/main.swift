import Foundation

// Codec micro-benchmarks on one core. Run in release: `swift run -c release feige-codec-bench`.
// FEIGE_BENCH_FILTER keeps only the SMS benchmarks whose name contains it; FEIGE_BENCH_ITERATIONS=N runs every
// benchmark N times instead (e.g. a small N under callgrind).
let iterationOverride = ProcessInfo.processInfo.environment["FEIGE_BENCH_ITERATIONS"].flatMap { Int($0) }
try runSMSBenchmarks()
try runCMPPBenchmarks(iterations: iterationOverride ?? 3_000_000)
