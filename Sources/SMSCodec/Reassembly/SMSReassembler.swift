/// Puts concatenated short messages back together (3GPP TS 23.040 §9.2.3.24.1; shared/spec/sms-pdu.md §13).
///
/// A value type with no clock of its own: the caller passes the current instant with every call, so tests need
/// no sleeping and the caller decides where time comes from (`ContinuousClock.Instant` in production).
///
/// - Parts are grouped by (originator, concatenation kind, reference, total), as AOSP, gammu and smstools3 do.
/// - Parts may arrive in any order; a part whose sequence number already arrived is a duplicate and is dropped.
/// - A part with no valid concatenation element (none, or `total`/`sequence` 0, or `sequence` > `total`) is a
///   complete message on its own.
/// - A pending message whose last part arrived more than ``timeout`` ago is handed back incomplete by
///   ``expire(at:)``; the caller decides whether to deliver it, keep waiting elsewhere or drop it.
/// - At most ``maximumPendingMessages`` messages wait at once: a part of a new message beyond that evicts the
///   pending message that was least recently added to, handed back incomplete.
/// - A completed message is forgotten at once, so a duplicate arriving after completion opens a new pending
///   message that later expires incomplete; remembering completed keys would instead swallow a new message that
///   reuses the reference (8-bit references wrap after 256 messages), which is worse.
///
/// ### Examples
/// ```swift
/// var reassembler = SMSReassembler<ContinuousClock.Instant>(timeout: .seconds(300))
/// for message in reassembler.receive(userData, from: "+8613800138000", at: .now) { deliver(message) }
/// for message in reassembler.expire(at: .now) { deliverIncomplete(message) }
/// ```
public struct SMSReassembler<Instant: InstantProtocol>: Sendable {
    /// How long a pending message waits for its next part.
    public var timeout: Instant.Duration
    /// The most messages that may wait for parts at once.
    public var maximumPendingMessages: Int

    private struct Key: Hashable, Sendable {
        var originator: String
        var kind: SMSConcatenation.ReferenceKind
        var reference: UInt16
        var total: UInt8
    }

    private struct Pending: Sendable {
        var parts: [UserData?]
        var lastActivity: Instant
        /// A counter value, so that eviction picks the least recently added-to message deterministically.
        var order: UInt64
    }

    private var pending: [Key: Pending] = [:]
    private var counter: UInt64 = 0

    /// - Parameters:
    ///   - timeout: how long a pending message waits for its next part.
    ///   - maximumPendingMessages: the most messages waiting at once (at least 1).
    public init(timeout: Instant.Duration, maximumPendingMessages: Int = 1024) {
        self.timeout = timeout
        self.maximumPendingMessages = max(1, maximumPendingMessages)
    }

    /// The number of messages waiting for parts.
    public var pendingCount: Int {
        pending.count
    }

    /// When the next pending message times out, if any: the instant to call ``expire(at:)`` at.
    public var nextDeadline: Instant? {
        pending.values.map { $0.lastActivity.advanced(by: timeout) }.min()
    }

    /// Feeds one received part.
    ///
    /// - Returns: the messages this part completes or evicts, in that order: a single message at once, a long one
    ///   when its last missing part arrives, and, when a new message would exceed ``maximumPendingMessages``,
    ///   the evicted pending message (incomplete). Empty while a message waits for more parts or for a duplicate.
    public mutating func receive(
        _ part: UserData,
        from originator: String,
        at now: Instant
    ) -> [SMSReassembledMessage] {
        guard let concatenation = part.header?.concatenation else {
            return [SMSReassembledMessage(originator: originator, parts: [part])]
        }
        let key = Key(
            originator: originator,
            kind: concatenation.kind,
            reference: concatenation.reference,
            total: concatenation.total
        )
        var evicted: [SMSReassembledMessage] = []
        if pending[key] == nil, pending.count >= maximumPendingMessages,
            let oldest = pending.min(by: { $0.value.order < $1.value.order })
        {
            pending[oldest.key] = nil
            evicted.append(message(for: oldest.key, parts: oldest.value.parts))
        }
        counter += 1
        var entry = pending[key]
            ?? Pending(parts: Array(repeating: nil, count: Int(concatenation.total)), lastActivity: now, order: counter)
        let index = Int(concatenation.sequence) - 1
        guard entry.parts[index] == nil else {
            return evicted
        }
        entry.parts[index] = part
        entry.lastActivity = now
        entry.order = counter
        if entry.parts.allSatisfy({ $0 != nil }) {
            pending[key] = nil
            return [message(for: key, parts: entry.parts)] + evicted
        }
        pending[key] = entry
        return evicted
    }

    /// Hands back, incomplete, every pending message whose last part arrived ``timeout`` or more before `now`,
    /// oldest first, and forgets them.
    public mutating func expire(at now: Instant) -> [SMSReassembledMessage] {
        let expired = pending.filter { $0.value.lastActivity.advanced(by: timeout) <= now }
            .sorted { $0.value.order < $1.value.order }
        for (key, _) in expired {
            pending[key] = nil
        }
        return expired.map { message(for: $0.key, parts: $0.value.parts) }
    }

    /// Hands back every pending message, incomplete, oldest first (e.g. at shutdown), and forgets them.
    public mutating func flush() -> [SMSReassembledMessage] {
        let all = pending.sorted { $0.value.order < $1.value.order }
        pending.removeAll()
        return all.map { message(for: $0.key, parts: $0.value.parts) }
    }

    private func message(for key: Key, parts: [UserData?]) -> SMSReassembledMessage {
        SMSReassembledMessage(
            originator: key.originator,
            referenceKind: key.kind,
            reference: key.reference,
            parts: parts
        )
    }
}
