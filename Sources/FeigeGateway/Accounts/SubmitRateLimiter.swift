import CMPPCore
import NIOCore
import Synchronization

/// A token bucket limiting one account's SUBMITs to its ``SubmitRate``; a SUBMIT over the limit is
/// answered with Result 8, flow control error (§7.4.3.2), which SMSGate-style clients resend later.
///
/// The bucket holds up to `burst` tokens and refills at `messagesPerSecond`; each message takes one.
/// Time is passed in (`NIODeadline`), so tests drive it without sleeping. One instance is shared by all
/// of an account's links: thread-safe, one `Mutex`-guarded pair of integers, no allocation per call.
/// Tokens are counted in billionths so that refills are exact at any rate.
public final class SubmitRateLimiter: Sendable {
    /// Whether a SUBMIT may go through.
    public enum Decision: Hashable, Sendable {
        /// Within the rate.
        case admit
        /// Over the rate: answer Result 8.
        case reject

        /// The SUBMIT_RESP Result for a rejected SUBMIT, `nil` for an admitted one.
        public var result: CMPPResult? {
            switch self {
            case .admit: nil
            case .reject: .flowControlError
            }
        }
    }

    private struct State {
        /// Available tokens × 10⁹.
        var nanotokens: Int64
        /// When the bucket was last refilled, in uptime nanoseconds.
        var refilledAt: UInt64
    }

    private static let nanotokensPerToken: Int64 = 1_000_000_000

    /// The limit applied.
    public let rate: SubmitRate
    private let capacity: Int64
    private let fillTime: UInt64
    private let state: Mutex<State>

    /// A full bucket for `rate`, its clock starting at `now`.
    public init(rate: SubmitRate, now: NIODeadline = .now()) {
        self.rate = rate
        self.capacity = Int64(rate.burst) * Self.nanotokensPerToken
        // Time to fill an empty bucket; longer idle spells refill no more.
        self.fillTime = UInt64((capacity + Int64(rate.messagesPerSecond) - 1) / Int64(rate.messagesPerSecond))
        self.state = Mutex(State(nanotokens: capacity, refilledAt: now.uptimeNanoseconds))
    }

    /// Takes `count` tokens (one per message: a SUBMIT to n recipients counts n, fact sheet §6.4) if the
    /// bucket has them.
    ///
    /// A request for more than the burst costs the whole burst, so it goes through when the bucket is full
    /// rather than never. A clock that goes backwards refills nothing.
    public func admit(count: Int = 1, at now: NIODeadline = .now()) -> Decision {
        let cost = Int64(min(max(count, 1), rate.burst)) * Self.nanotokensPerToken
        let rate = Int64(self.rate.messagesPerSecond)
        let capacity = self.capacity
        let fillTime = self.fillTime
        return state.withLock { state in
            let nowNanoseconds = now.uptimeNanoseconds
            if nowNanoseconds > state.refilledAt {
                let elapsed = min(nowNanoseconds - state.refilledAt, fillTime)
                state.nanotokens = min(capacity, state.nanotokens + Int64(elapsed) * rate)
                state.refilledAt = nowNanoseconds
            }
            guard state.nanotokens >= cost else { return .reject }
            state.nanotokens -= cost
            return .admit
        }
    }
}
