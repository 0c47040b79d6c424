import Foundation
import NIOCore

/// Exponential back-off with jitter: how long ``CMPPClient`` waits before it tries again to open a link
/// whose last attempt failed, and before it retries a SUBMIT the ISMG refused with Result 8 (flow control).
///
/// The n-th retry (`attempt` 1, 2, …) waits `initial × multiplier^(attempt − 1)`, capped at ``maximum``,
/// then scaled by a random factor in `1 ± jitter` so that K links, or many SPs after a gateway restart, do
/// not reconnect in lock-step. The defaults (1 s, ×2, at most 60 s, ±20 %) keep a refused login (CONNECT_RESP
/// Status 5, "too many connections", fact sheet §6.2) from turning into a connect storm.
///
/// A pure value: ``delay(attempt:jitterUnit:)`` takes the random number, so the arithmetic is tested without
/// randomness.
public struct CMPPReconnectBackoff: Hashable, Sendable {
    /// The wait before the first retry.
    public var initial: TimeAmount
    /// The longest wait, before jitter.
    public var maximum: TimeAmount
    /// The factor between consecutive waits (at least 1).
    public var multiplier: Double
    /// The relative spread of a wait: 0.2 draws it from 80 % to 120 % of the nominal value.
    public var jitter: Double

    public init(
        initial: TimeAmount = .seconds(1),
        maximum: TimeAmount = .seconds(60),
        multiplier: Double = 2,
        jitter: Double = 0.2
    ) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(0, jitter), 1)
    }

    /// The nominal wait before retry number `attempt` (1 for the first retry), without jitter.
    public func nominalDelay(attempt: Int) -> TimeAmount {
        let initialSeconds = initial.inSeconds
        let maximumSeconds = max(maximum.inSeconds, 0)
        guard attempt > 1 else { return .fromSeconds(min(initialSeconds, maximumSeconds)) }
        // pow overflows to +inf for large attempts, which min() caps.
        let seconds = initialSeconds * pow(multiplier, Double(attempt - 1))
        return .fromSeconds(min(seconds.isFinite ? seconds : maximumSeconds, maximumSeconds))
    }

    /// The wait before retry number `attempt`, jittered by `jitterUnit`, a number in `0...1` (0.5 gives the
    /// nominal wait, 0 the shortest, 1 the longest).
    public func delay(attempt: Int, jitterUnit: Double) -> TimeAmount {
        let unit = min(max(jitterUnit, 0), 1)
        let factor = 1 + jitter * (2 * unit - 1)
        return .fromSeconds(nominalDelay(attempt: attempt).inSeconds * factor)
    }

    /// The wait before retry number `attempt`, with a random jitter.
    public func delay(attempt: Int) -> TimeAmount {
        delay(attempt: attempt, jitterUnit: Double.random(in: 0...1))
    }
}

extension TimeAmount {
    /// The amount in seconds, as a floating-point number.
    var inSeconds: Double { Double(nanoseconds) / 1e9 }

    /// An amount of `seconds`, rounded to the nanosecond.
    static func fromSeconds(_ seconds: Double) -> TimeAmount {
        .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
