// Codec micro-benchmarks on one core. Run in release: `swift run -c release feige-codec-bench`.
// FEIGE_BENCH_FILTER keeps only the benchmarks whose name contains it; FEIGE_BENCH_ITERATIONS overrides counts.
try runSMSBenchmarks()
try runCMPPBenchmarks()
