import CMPPCore
import NIOCore

/// Status reports that came before the SUBMIT_RESP of the part they report on was taken in, held back for a
/// moment so they can still be matched (§7.4.5.1).
///
/// Two races make a report overtake its SUBMIT_RESP at the client: the ISMG's DELIVER and its SUBMIT_RESP
/// travel on different links of a ``CMPPClient``, or on the same link the SUBMIT_RESP resumes its caller on
/// another thread, which records the part after the link has already read the report. A held report is
/// released matched when its part is recorded, or unmatched at its deadline or when no report-requesting
/// SUBMIT is awaiting its response any more (then nothing can match it).
///
/// A value type with no clock: the caller passes the instants, so tests need no sleeping.
package struct CMPPEarlyReports<Instant: InstantProtocol, Held: Sendable>: Sendable {
    private var held: [CMPPMessageID: [Held]] = [:]
    /// Held ids in the order they came, with their deadlines (deadlines are in the same order: one grace).
    private var order = CircularBuffer<(id: CMPPMessageID, deadline: Instant)>()

    package init() {}

    /// How many reports are held.
    package private(set) var count = 0

    /// Whether nothing is held.
    package var isEmpty: Bool { count == 0 }

    /// Holds `report` for `messageID` until `deadline` at the latest.
    package mutating func hold(_ report: Held, for messageID: CMPPMessageID, until deadline: Instant) {
        held[messageID, default: []].append(report)
        order.append((messageID, deadline))
        count += 1
    }

    /// The reports held for `messageID`, now released.
    package mutating func release(_ messageID: CMPPMessageID) -> [Held] {
        guard let reports = held.removeValue(forKey: messageID) else { return [] }
        count -= reports.count
        return reports
    }

    /// The reports whose deadline is `now` or earlier, now released, oldest first.
    package mutating func releaseExpired(at now: Instant) -> [(messageID: CMPPMessageID, report: Held)] {
        releaseOldest { $0 <= now }
    }

    /// Every held report, now released, oldest first.
    package mutating func releaseAll() -> [(messageID: CMPPMessageID, report: Held)] {
        releaseOldest { _ in true }
    }

    /// Releases held reports oldest first while `isDue` says so of the oldest one's deadline.
    private mutating func releaseOldest(
        while isDue: (Instant) -> Bool
    ) -> [(messageID: CMPPMessageID, report: Held)] {
        var released: [(messageID: CMPPMessageID, report: Held)] = []
        while let first = order.first, isDue(first.deadline) {
            order.removeFirst()
            // Its reports may have been released already, matched.
            for report in release(first.id) { released.append((first.id, report)) }
        }
        return released
    }
}
