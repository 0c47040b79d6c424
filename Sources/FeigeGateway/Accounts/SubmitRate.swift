/// An account's SUBMIT rate limit (issue #5 §2): beyond it SUBMIT_RESP carries Result 8, flow control
/// error (§7.4.3.2).
public struct SubmitRate: Hashable, Sendable, CustomStringConvertible {
    /// The sustained rate, messages per second (1…10 000 000).
    public var messagesPerSecond: Int
    /// How many messages may arrive at once after a quiet spell (1…1 000 000): the token bucket's size.
    public var burst: Int

    /// A limit of `messagesPerSecond`, with a burst of one second's worth unless given.
    public init(messagesPerSecond: Int, burst: Int? = nil) {
        self.messagesPerSecond = max(1, messagesPerSecond)
        self.burst = max(1, burst ?? messagesPerSecond)
    }

    public var description: String { "\(messagesPerSecond)/s, burst \(burst)" }
}
