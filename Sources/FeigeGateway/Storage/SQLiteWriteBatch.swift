import CMPPCore
import Foundation
import GRDB

/// One group-commit transaction of a ``SQLiteGatewayStore``: the connection, plus what the writes in it
/// add up that is written once per transaction rather than once per message: the daily QUERY counts
/// (§7.4.4) and the latest Msg_Id per gateway code.
///
/// Used only on the database's writer, inside the transaction; ``flush()`` runs just before the commit.
final class SQLiteWriteBatch {
    /// The writer connection, inside the transaction.
    let db: Database
    private let days: StatisticsDay
    private var statistics: [DailyStatisticsKey: QueryStatistics] = [:]
    private var latestMessageIDs: [Int: CMPPMessageID] = [:]
    /// The minute (since 1970) of the last ``day(of:)`` and its day: most writes of a batch share it.
    private var lastMinute: (minute: Int64, day: String)?

    init(db: Database, days: StatisticsDay) {
        self.db = db
        self.days = days
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
        statistics[key, default: QueryStatistics()] += change
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

    /// Writes the summed counts and the latest Msg_Ids.
    func flush() throws {
        if !statistics.isEmpty {
            let upsert = try db.cachedStatement(
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
                try upsert.execute(arguments: [
                    key.account, key.day, key.serviceID, counts.mtMessages, counts.mtRecipients,
                    counts.mtDelivered, counts.mtFailed, counts.moReceived, counts.moDelivered, counts.moFailed,
                ])
            }
            statistics.removeAll(keepingCapacity: true)
        }
        if !latestMessageIDs.isEmpty {
            let select = try db.cachedStatement(sql: "SELECT message_id FROM message_id_watermark WHERE gateway = ?")
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO message_id_watermark (gateway, message_id) VALUES (?, ?)
                    ON CONFLICT (gateway) DO UPDATE SET message_id = excluded.message_id
                    """
            )
            for (gateway, id) in latestMessageIDs {
                let stored = try Int64.fetchOne(select, arguments: [gateway]).map { CMPPMessageID(storeKey: $0) }
                if let stored, !MessageIDRecency.isLater(id, than: stored) {
                    continue
                }
                try upsert.execute(arguments: [gateway, id.storeKey])
            }
            latestMessageIDs.removeAll(keepingCapacity: true)
        }
    }
}
