/// Submit → SUBMIT_RESP latency percentiles of a run, in microseconds (the `latencyMicros` JSON object).
public struct LatencyPercentiles: Hashable, Sendable, Codable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double

    public init(p50: Double, p90: Double, p99: Double, p999: Double, max: Double) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.max = max
    }

    /// All zero: the percentiles of a run that measured nothing.
    public static let zero = LatencyPercentiles(p50: 0, p90: 0, p99: 0, p999: 0, max: 0)
}
