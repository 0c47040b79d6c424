import CMPPCore
import Foundation
import GRDB

/// One group-commit transaction of a ``SQLiteGatewayStore``: the connection, plus what the writes in it
/// add up that is written once per transaction rather than once per message (the daily QUERY counts of
/// §7.4.4 and the latest Msg_Id per gateway code), and the unfolded outcomes as this transaction sees them.
///
/// Used only on the database's writer, inside the transaction; ``flush()`` runs just before the commit, and
/// ``adoptCommitted()`` hands what the transaction changed to the writer's memory once the commit succeeded.
final class SQLiteWriteBatch {
    /// The writer connection, inside the transaction.
    let db: Database
    private let days: StatisticsDay
    private let watermarks: SQLiteCommittedWatermarks
    private let unfoldedOutcomes: SQLiteUnfoldedOutcomes
    /// This transaction's changes to ``unfoldedOutcomes``: a `seq` for a recorded outcome, `nil` for a folded one.
    private var outcomeChanges: [RecipientKey: Int64?] = [:]
    /// The watermarks as ``flush()`` wrote (or found) them.
    private var flushedWatermarks: [Int: CMPPMessageID] = [:]
    private var statistics: [DailyStatisticsKey: QueryStatistics] = [:]
    /// The counts of the row added to last, not yet in ``statistics``: the writes of a batch mostly add to
    /// the same row one after the other, so this spares hashing its three strings for each message.
    private var current: (key: DailyStatisticsKey, counts: QueryStatistics)?
    private var latestMessageIDs: [Int: CMPPMessageID] = [:]
    /// The minute (since 1970) of the last ``day(of:)`` and its day: most writes of a batch share it.
    private var lastMinute: (minute: Int64, day: String)?

    init(
        db: Database,
        days: StatisticsDay,
        watermarks: SQLiteCommittedWatermarks,
        unfoldedOutcomes: SQLiteUnfoldedOutcomes
    ) {
        self.db = db
        self.days = days
        self.watermarks = watermarks
        self.unfoldedOutcomes = unfoldedOutcomes
    }

    /// The `YYYYMMDD` QUERY day of `date` in the store's zone. Zones differ from UTC by whole minutes, so
    /// a day never changes within a minute.
    func day(of date: Date) -> String {
        let minute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        if let lastMinute, lastMinute.minute == minute {
            return lastMinute.day
        }
        let day = days.string(for: date)
        lastMinute = (minute, day)
        return day
    }

    /// Adds `change` to the counts of `key`.
    func add(_ change: QueryStatistics, to key: DailyStatisticsKey) {
        if current?.key == key {
            current!.counts += change
            return
        }
        settleCurrent()
        current = (key, change)
    }

    /// Moves the counts of the row added to last into ``statistics``.
    private func settleCurrent() {
        guard let current else { return }
        statistics[current.key, default: QueryStatistics()] += current.counts
        self.current = nil
    }

    /// Notes a Msg_Id the store now holds, for ``GatewayStore/latestMessageID(gateway:)``.
    func noteMessageID(_ id: CMPPMessageID) {
        let gateway = id.parts.gateway
        if let latest = latestMessageIDs[gateway] {
            latestMessageIDs[gateway] = MessageIDRecency.later(id, latest)
        } else {
            latestMessageIDs[gateway] = id
        }
    }

    /// The `seq` of the recipient's outcome in `mt_outcome`, while it is not folded into `mt_recipient`.
    func unfoldedOutcome(of key: RecipientKey) -> Int64? {
        if let change = outcomeChanges[key] {
            return change
        }
        return unfoldedOutcomes.row(of: key)
    }

    /// Notes the outcome this transaction appended to `mt_outcome` as row `seq`.
    func noteUnfoldedOutcome(of key: RecipientKey, seq: Int64) {
        outcomeChanges[key] = .some(seq)
    }

    /// Notes that this transaction folded the recipient's outcome into `mt_recipient`.
    func noteFolded(_ key: RecipientKey) {
        outcomeChanges[key] = .some(nil)
    }

    /// Hands what this transaction changed to the writer's memory; only once it committed.
    func adoptCommitted() {
        watermarks.adopt(flushedWatermarks)
        if !outcomeChanges.isEmpty {
            unfoldedOutcomes.adopt(outcomeChanges)
        }
    }

    /// Writes the summed counts and the latest Msg_Ids, keeping the watermark of each gateway as it stands
    /// in this transaction for ``adoptCommitted()``.
    ///
    /// Both upserts bind straight through SQLite's C API (``SQLiteRawStatement``). A watermark row is read
    /// only the first time this writer meets its gateway: after that ``SQLiteCommittedWatermarks`` knows it.
    func flush() throws {
        settleCurrent()
        if !statistics.isEmpty {
            let upsert = try SQLiteRawStatement(
                db,
                sql: """
                    INSERT INTO daily_statistics (account, day, service_id, mt_messages, mt_recipients,
                        mt_delivered, mt_failed, mo_received, mo_delivered, mo_failed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account, day, service_id) DO UPDATE SET
                        mt_messages = mt_messages + excluded.mt_messages,
                        mt_recipients = mt_recipients + excluded.mt_recipients,
                        mt_delivered = mt_delivered + excluded.mt_delivered,
                        mt_failed = mt_failed + excluded.mt_failed,
                        mo_received = mo_received + excluded.mo_received,
                        mo_delivered = mo_delivered + excluded.mo_delivered,
                        mo_failed = mo_failed + excluded.mo_failed
                    """
            )
            for (key, counts) in statistics {
                try upsert.execute { row in
                    row.bind(key.account)
                    row.bind(key.day)
                    row.bind(key.serviceID)
                    row.bind(counts.mtMessages)
                    row.bind(counts.mtRecipients)
                    row.bind(counts.mtDelivered)
                    row.bind(counts.mtFailed)
                    row.bind(counts.moReceived)
                    row.bind(counts.moDelivered)
                    row.bind(counts.moFailed)
                }
            }
            statistics.removeAll(keepingCapacity: true)
        }
        guard !latestMessageIDs.isEmpty else { return }
        var written: [Int: CMPPMessageID] = [:]
        for (gateway, id) in latestMessageIDs {
            var current = watermarks.watermark(gateway: gateway)
            if current == nil {
                try SQLiteRawStatement(db, sql: "SELECT message_id FROM message_id_watermark WHERE gateway = ?")
                    .query { row in
                        row.bind(gateway)
                    } _: { columns in
                        current = CMPPMessageID(storeKey: columns.int64(0))
                    }
            }
            if let current, !MessageIDRecency.isLater(id, than: current) {
                written[gateway] = current
                continue
            }
            try SQLiteRawStatement(
                db,
                sql: """
                    INSERT INTO message_id_watermark (gateway, message_id) VALUES (?, ?)
                    ON CONFLICT (gateway) DO UPDATE SET message_id = excluded.message_id
                    """
            ).execute { row in
                row.bind(gateway)
                row.bind(id.storeKey)
            }
            written[gateway] = id
        }
        latestMessageIDs.removeAll(keepingCapacity: true)
        flushedWatermarks = written
    }
}
