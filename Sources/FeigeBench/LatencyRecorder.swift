import Histogram

/// An HDR histogram of latencies recorded in nanoseconds, three significant digits (0.1 % error), that grows
/// to whatever the slowest response took. Each submitting task keeps its own (no sharing on the hot path);
/// ``merge(_:)`` adds them up at the end.
public struct LatencyRecorder: Sendable {
    /// The range a recorder covers from the start: one second. Growing the range copies the counts through
    /// unspecialised generic code — with a 10 ms start, a loaded run (or one under callgrind) spent a third of
    /// the client's instructions resizing each task's histogram (issue #6). ~200 KB per task.
    static let initialHighestTrackableValue: UInt64 = 1_000_000_000

    private var histogram: Histogram<UInt64>

    public init() {
        // 100 ns resolution is far below what a loopback round trip takes; the range grows on demand.
        histogram = Histogram(
            lowestDiscernibleValue: 100,
            highestTrackableValue: Self.initialHighestTrackableValue,
            numberOfSignificantValueDigits: .three
        )
        histogram.autoResize = true
    }

    /// The number of latencies recorded.
    public var count: UInt64 { histogram.totalCount }

    /// Records one latency of `nanoseconds`.
    public mutating func record(nanoseconds: UInt64) {
        _ = histogram.record(Swift.max(nanoseconds, 1))
    }

    /// Adds every latency `other` recorded.
    public mutating func merge(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
    }

    /// p50, p90, p99, p99.9 and the maximum, in microseconds; all zero when nothing was recorded.
    public var percentiles: LatencyPercentiles {
        guard histogram.totalCount > 0 else { return .zero }
        func micros(_ nanoseconds: UInt64) -> Double { (Double(nanoseconds) / 1_000).rounded(toPlaces: 1) }
        return LatencyPercentiles(
            p50: micros(histogram.valueAtPercentile(50)),
            p90: micros(histogram.valueAtPercentile(90)),
            p99: micros(histogram.valueAtPercentile(99)),
            p999: micros(histogram.valueAtPercentile(99.9)),
            max: micros(histogram.max)
        )
    }
}

extension Double {
    /// `self` rounded to `places` decimal places.
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
