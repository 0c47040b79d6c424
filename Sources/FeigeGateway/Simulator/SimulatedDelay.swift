/// How long the simulated network takes: a fixed time, or a time drawn evenly from a range.
///
/// Written `2s` or `500ms..3s` in the configuration file.
public enum SimulatedDelay: Hashable, Sendable, CustomStringConvertible {
    /// Always this long.
    case fixed(Duration)
    /// Uniformly distributed over the range, to the nanosecond.
    case range(ClosedRange<Duration>)

    /// No delay.
    public static let none = SimulatedDelay.fixed(.zero)

    /// One delay: the fixed value, or a draw from the range.
    public func draw<RNG: RandomNumberGenerator>(using rng: inout RNG) -> Duration {
        switch self {
        case .fixed(let duration):
            return duration
        case .range(let range):
            let low = range.lowerBound.nanoseconds
            let high = range.upperBound.nanoseconds
            if low >= high { return range.lowerBound }
            return .nanoseconds(Int64.random(in: low...high, using: &rng))
        }
    }

    /// The longest delay it can give.
    public var maximum: Duration {
        switch self {
        case .fixed(let duration): duration
        case .range(let range): range.upperBound
        }
    }

    public var description: String {
        switch self {
        case .fixed(let duration): duration.configurationDescription
        case .range(let range):
            range.lowerBound.configurationDescription + ".." + range.upperBound.configurationDescription
        }
    }
}
