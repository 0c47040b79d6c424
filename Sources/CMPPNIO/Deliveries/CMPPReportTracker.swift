import CMPPCore
import NIOCore

/// Remembers the parts the ISMG accepted, by Msg_Id, so status reports can be matched to them (§7.4.5.1).
///
/// Bounded two ways: an entry is forgotten ``horizon`` after it was recorded (48 h by default, the SP's
/// default wait for a report, §7.4.5.1 note 3), and beyond ``capacity`` entries the oldest is forgotten. An
/// entry is not forgotten when its report comes: a SUBMIT to several destinations gets one report per
/// destination under one Msg_Id, and some ISMGs send ACCEPTD before DELIVRD.
///
/// A value type with no clock: the caller passes the instant, so tests need no sleeping.
package struct CMPPReportTracker<Instant: InstantProtocol>: Sendable {
    /// How long an entry is kept.
    package var horizon: Instant.Duration
    /// The most entries kept.
    package var capacity: Int

    private var parts: [CMPPMessageID: CMPPSubmittedPart] = [:]
    /// Recorded ids, oldest first, with when they were recorded; an id recorded twice appears twice.
    private var order = CircularBuffer<(id: CMPPMessageID, at: Instant)>()
    /// When each id in ``parts`` was last recorded, so an older duplicate in ``order`` does not evict it.
    private var recordedAt: [CMPPMessageID: Instant] = [:]

    package init(horizon: Instant.Duration, capacity: Int) {
        self.horizon = horizon
        self.capacity = max(1, capacity)
    }

    /// How many parts are remembered.
    package var count: Int { parts.count }

    /// Remembers `part` under its Msg_Id, forgetting what is past the horizon or over capacity.
    package mutating func record(_ part: CMPPSubmittedPart, at now: Instant) {
        expire(at: now)
        parts[part.messageID] = part
        recordedAt[part.messageID] = now
        order.append((part.messageID, now))
        while parts.count > capacity || order.count > 2 * capacity, let oldest = order.popFirst() {
            forget(oldest)
        }
    }

    /// The part a report with `messageID` is about, if it is remembered and within the horizon.
    package mutating func match(_ messageID: CMPPMessageID, at now: Instant) -> CMPPSubmittedPart? {
        expire(at: now)
        return parts[messageID]
    }

    /// Forgets every entry recorded `horizon` or more before `now`.
    package mutating func expire(at now: Instant) {
        while let oldest = order.first, oldest.at.advanced(by: horizon) <= now {
            order.removeFirst()
            forget(oldest)
        }
    }

    private mutating func forget(_ entry: (id: CMPPMessageID, at: Instant)) {
        // Only the latest recording of an id removes it.
        guard recordedAt[entry.id] == entry.at else { return }
        parts[entry.id] = nil
        recordedAt[entry.id] = nil
    }
}
