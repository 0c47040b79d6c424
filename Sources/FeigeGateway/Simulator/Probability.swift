/// How often a simulated event happens: a fraction from 0 (never) to 1 (always).
///
/// Written `5%` or `0.05` in the configuration file. Used for the simulated network's error rates and for
/// every fault of a ``FaultProfile``.
public struct Probability: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The fraction, 0…1.
    public let fraction: Double

    /// Never.
    public static let never = Probability(uncheckedFraction: 0)
    /// Always.
    public static let always = Probability(uncheckedFraction: 1)

    /// A probability of `fraction`; `nil` unless it is a number in 0…1.
    public init?(fraction: Double) {
        guard fraction.isFinite, (0...1).contains(fraction) else { return nil }
        self.fraction = fraction
    }

    /// A probability of `percent` %; `nil` unless it is in 0…100.
    public init?(percent: Double) {
        self.init(fraction: percent / 100)
    }

    private init(uncheckedFraction: Double) {
        self.fraction = uncheckedFraction
    }

    /// Whether it never happens: the draw is then skipped, so an idle profile costs no randomness.
    public var isNever: Bool { fraction == 0 }

    /// Draws once: `true` with this probability. Consumes no randomness when it is ``never`` or ``always``.
    public func occurs<RNG: RandomNumberGenerator>(using rng: inout RNG) -> Bool {
        if fraction <= 0 { return false }
        if fraction >= 1 { return true }
        return Double.random(in: 0..<1, using: &rng) < fraction
    }

    public static func < (lhs: Probability, rhs: Probability) -> Bool { lhs.fraction < rhs.fraction }

    /// The percentage, e.g. `5%` or `0.1%`.
    public var description: String {
        let percent = fraction * 100
        return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
    }
}

/// One of several mutually exclusive outcomes with its probability, e.g. Stat `UNDELIV` 5 % or Result 8
/// 2 %.
public struct WeightedOutcome<Value: Hashable & Sendable>: Hashable, Sendable {
    /// The outcome.
    public var value: Value
    /// How often it happens.
    public var probability: Probability

    public init(_ value: Value, probability: Probability) {
        self.value = value
        self.probability = probability
    }
}

extension Array {
    /// Draws one of the outcomes, or `nil` for none of them: a single draw `u` in 0..<1 picks the first
    /// outcome whose running total of probabilities exceeds `u`.
    ///
    /// The probabilities should add up to at most 1 (the configuration loader checks); beyond that, the
    /// later outcomes happen less often than stated. An empty list consumes no randomness.
    public func drawOutcome<Value, RNG: RandomNumberGenerator>(using rng: inout RNG) -> Value?
    where Element == WeightedOutcome<Value> {
        if isEmpty { return nil }
        let draw = Double.random(in: 0..<1, using: &rng)
        var total = 0.0
        for outcome in self {
            total += outcome.probability.fraction
            if draw < total { return outcome.value }
        }
        return nil
    }

    /// The sum of the outcomes' probabilities.
    public func totalProbability<Value>() -> Double where Element == WeightedOutcome<Value> {
        reduce(0) { $0 + $1.probability.fraction }
    }
}
