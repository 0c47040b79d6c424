import FeigeBench
import Testing

@Suite("LatencyRecorder")
struct LatencyRecorderTests {
    @Test func percentilesOfAKnownDistribution() {
        var recorder = LatencyRecorder()
        // 1 µs … 1000 µs, once each.
        for micros in 1...1000 { recorder.record(nanoseconds: UInt64(micros) * 1000) }
        let percentiles = recorder.percentiles
        #expect(recorder.count == 1000)
        // Three significant digits: within 0.1 %.
        #expect(abs(percentiles.p50 - 500) <= 0.5 + 0.001 * 500)
        #expect(abs(percentiles.p90 - 900) <= 0.001 * 900 + 0.5)
        #expect(abs(percentiles.p99 - 990) <= 0.001 * 990 + 0.5)
        #expect(abs(percentiles.p999 - 999) <= 0.001 * 999 + 0.5)
        #expect(abs(percentiles.max - 1000) <= 1)
    }

    @Test func growsPastItsInitialRangeAndMerges() {
        var fast = LatencyRecorder()
        var slow = LatencyRecorder()
        for _ in 0..<999 { fast.record(nanoseconds: 50_000) }
        // 20 s: far beyond the initial range of one second.
        slow.record(nanoseconds: 20_000_000_000)
        fast.merge(slow)
        #expect(fast.count == 1000)
        let percentiles = fast.percentiles
        #expect(abs(percentiles.p50 - 50) <= 0.1)
        #expect(abs(percentiles.p99 - 50) <= 0.1)
        #expect(abs(percentiles.max - 20_000_000) <= 20_000)
    }

    @Test func nothingRecordedIsAllZero() {
        #expect(LatencyRecorder().percentiles == .zero)
    }
}
