import Foundation
import SMSCodec

// Codec micro-benchmarks. Run in release: `swift run -c release feige-codec-bench`.
// `FEIGE_BENCH_ITERATIONS=N` runs every benchmark N times instead, e.g. a small N under callgrind.
let iterationOverride = ProcessInfo.processInfo.environment["FEIGE_BENCH_ITERATIONS"].flatMap { Int($0) }
let text = String(repeating: "Hello World! ", count: 12)
let septets = try GSM7Alphabet().septets(for: text)
let iterations = iterationOverride ?? 2_000_000
let clock = ContinuousClock()
var checksum = 0
let elapsed = clock.measure {
    for _ in 0..<iterations {
        let packed = GSM7Packing.pack(septets, fillBits: 1)
        checksum &+= GSM7Packing.unpack(packed, septetCount: septets.count, fillBits: 1).count
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("gsm7 pack+unpack \(septets.count) septets: \(Int(Double(iterations) / seconds)) /s (checksum \(checksum))")
try runCMPPBenchmarks(iterations: iterationOverride ?? 3_000_000)
