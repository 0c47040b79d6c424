import CMPPCore
import Foundation
import GRDB
import Logging
import Synchronization

/// Delivery outcomes: appended in the order they are decided, folded into the recipients' rows later.
///
/// Outcomes come back from the network in the order it decides them, scattered over every recipient row
/// of the last seconds. Written straight into `mt_recipient`, each batch of them rewrote dozens of that
/// table's pages (and its index of open recipients) into the log, and the checkpointer copied them back
/// into the database file, on the same disk as the SUBMITs' flushes (issue #6, fourth round: 63 MB copied
/// per 8-second run instead of 25 MB, and p99 of 2.7–3.6 ms instead of 1.4–1.9 ms). So an outcome is
/// appended to `mt_outcome` (a table in arrival order: a batch fills one or two pages at its end), and a fold
/// in the background carries them into `mt_recipient` in key order, where many share a page, and deletes them
/// in `seq` order. A fold waits for a quiet moment (``watchForQuietFolds()``): folding under load, at any
/// pace, cost the SUBMITs as much as the scattered updates did (issue #6, fifth round), while appends alone
/// halved the share of slow commits (seventh round). Only when ``Configuration/outcomesPerFold`` outcomes
/// wait does a fold start under load, which bounds the writer's memory of them and the reads of a message.
///
/// What the store promises does not change: readers see an unfolded outcome as the recipient's state
/// (``fetchMessage(_:_:)``, the recovery queries), and the writer treats such a recipient as decided
/// (``SQLiteWriteBatch/unfoldedOutcome(of:)``). An outcome is counted in the QUERY statistics in the
/// transaction that appends it, never by the fold, so a fold that is lost or done twice counts nothing again.
extension SQLiteGatewayStore {
    /// The most `mt_outcome` rows one transaction of a fold deletes: contiguous rows, a few pages each.
    static let deletedOutcomesPerTransaction = 256
    /// The pause between two transactions of a fold: spread over time, a fold's work does not queue the
    /// SUBMITs behind a burst of it (issue #6: unpaced, p99 was worse than with no fold at all).
    static let foldPause: Duration = .milliseconds(1)

    public func recordOutcomes(_ outcomes: [DeliveryOutcome]) async throws {
        for outcome in outcomes where ![.delivered, .failed, .expired].contains(outcome.state) {
            throw GatewayStoreError.invalidTransition(
                "an outcome must be delivered, failed or expired, not \(outcome.state)"
            )
        }
        // Relaxed: an outcome lost to a power failure leaves the recipient sent downstream; recovery has the
        // downstream decide it again, which queues its report again. In slices: the SUBMITs queued meanwhile
        // commit between them.
        _ = try await writer.writeInSlices(outcomes) { batch, outcomes in
            try Self.append(outcomes, batch)
        }
        // Read after the commits: the writer updates its count before it reports a commit.
        if writer.unfoldedOutcomeCount >= configuration.outcomesPerFold {
            foldInBackground()
        }
    }

    /// Appends the outcomes of recipients still open to `mt_outcome` with their reports and counts; skips the
    /// others (decided already, folded or not).
    private static func append(_ outcomes: ArraySlice<DeliveryOutcome>, _ batch: SQLiteWriteBatch) throws {
        let readState = try SQLiteRawStatement(
            batch.db,
            sql: "SELECT state FROM mt_recipient WHERE message_id = ? AND idx = ?"
        )
        let insert = try SQLiteRawStatement(
            batch.db,
            sql:
                "INSERT INTO mt_outcome (message_id, idx, state, stat, done_at, report_state) VALUES (?, ?, ?, ?, ?, ?)"
        )
        for outcome in outcomes {
            let key = outcome.recipient
            var stored: RecipientDeliveryState?
            try readState.query { row in
                row.bind(key.messageID.storeKey)
                row.bind(key.index)
            } _: { columns in
                stored = RecipientDeliveryState(rawValue: columns.int(0))
            }
            guard let stored else {
                throw GatewayStoreError.unknownMessage("recipient \(key)")
            }
            guard !stored.isFinal, batch.unfoldedOutcome(of: key) == nil else {
                if let report = outcome.report {
                    // Checked even when the outcome is skipped, as the in-memory store does.
                    _ = try report.encodedDeliver()
                }
                continue
            }
            // The outcome's row carries the report state of the recipient's own status report; the fold sets it.
            var reportState: Int?
            if let report = outcome.report, case .statusReport(key) = report.kind {
                reportState = report.state.reportState.rawValue
            }
            _ = try insert.execute { row in
                row.bind(key.messageID.storeKey)
                row.bind(key.index)
                row.bind(outcome.state.rawValue)
                row.bind(outcome.stat.rawValue)
                row.bind(outcome.doneAt.storeMilliseconds)
                row.bind(reportState)
            }
            batch.noteUnfoldedOutcome(of: key, seq: batch.db.lastInsertedRowID)
            let statistics: DailyStatisticsKey
            if let origin = outcome.origin {
                statistics = DailyStatisticsKey(
                    account: origin.account,
                    day: batch.day(of: origin.submittedAt),
                    serviceID: origin.serviceID
                )
            } else {
                statistics = try Self.statisticsKey(of: key.messageID, in: batch)
            }
            batch.add(
                outcome.state == .delivered ? QueryStatistics(mtDelivered: 1) : QueryStatistics(mtFailed: 1),
                to: statistics
            )
            if let report = outcome.report {
                try Self.insert(report, into: batch, recipientUpdated: reportState != nil)
            }
        }
    }

    /// The statistics row of a stored message (its account, day and Service_Id).
    private static func statisticsKey(
        of messageID: CMPPMessageID,
        in batch: SQLiteWriteBatch
    ) throws -> DailyStatisticsKey {
        var key: DailyStatisticsKey?
        try SQLiteRawStatement(batch.db, sql: "SELECT account, day, service_id FROM mt_message WHERE id = ?").query {
            row in
            row.bind(messageID.storeKey)
        } _: { columns in
            key = DailyStatisticsKey(account: columns.text(0), day: columns.text(1), serviceID: columns.text(2))
        }
        guard let key else {
            throw GatewayStoreError.corruptRecord("recipient of \(messageID) without its message")
        }
        return key
    }

    /// Sets a recipient's report state where it is kept now: in its unfolded outcome's row while it has one
    /// (the fold carries it over), else in `mt_recipient`. Returns whether the recipient was found.
    @discardableResult
    static func setReportState(
        _ state: StatusReportState,
        of key: RecipientKey,
        in batch: SQLiteWriteBatch
    ) throws -> Bool {
        if let seq = batch.unfoldedOutcome(of: key) {
            try SQLiteRawStatement(batch.db, sql: "UPDATE mt_outcome SET report_state = ? WHERE seq = ?").execute {
                row in
                row.bind(state.rawValue)
                row.bind(seq)
            }
            return true
        }
        let changed = try SQLiteRawStatement(
            batch.db,
            sql: "UPDATE mt_recipient SET report_state = ? WHERE message_id = ? AND idx = ?"
        ).execute { row in
            row.bind(state.rawValue)
            row.bind(key.messageID.storeKey)
            row.bind(key.index)
        }
        return changed > 0
    }

    // MARK: - Folding

    /// One `mt_outcome` row to fold: its `seq` and recipient.
    struct UnfoldedOutcome: Sendable {
        let seq: Int64
        let recipient: RecipientKey
    }

    /// A task that folds the outcomes waiting whenever the writer has been quiet for a
    /// ``Configuration/outcomeFoldCheckInterval``: fewer durable commits than
    /// ``Configuration/quietDurableCommitsPerSecond`` in it. Under load the outcomes stay appended (up to
    /// ``Configuration/outcomesPerFold``), which is what keeps their cost off the SUBMITs' commits; a quiet
    /// moment pays for the fold instead. Ends when cancelled (``close()``) or the store is gone.
    func watchForQuietFolds() -> Task<Void, Never> {
        let interval = configuration.outcomeFoldCheckInterval
        var policy = SQLiteQuietFoldPolicy(
            interval: interval,
            quietCommitsPerSecond: Configuration.quietDurableCommitsPerSecond
        )
        return Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                let commits = writer.statistics.durableCommits
                if policy.shouldFold(durableCommits: commits, unfoldedOutcomes: writer.unfoldedOutcomeCount) {
                    foldInBackground()
                }
            }
        }
    }

    /// Starts a fold in the background unless one is running. A fold that fails, or is cancelled by ``close()``,
    /// leaves its rows for the next one (or the next opening); the outcomes stay recorded meanwhile.
    private func foldInBackground() {
        foldTask.withLock { task in
            guard task == nil else { return }
            task = Task {
                do {
                    try await foldOutcomes()
                } catch is CancellationError {
                    logger.debug("Folding outcomes stopped: the store is closing")
                } catch {
                    logger.debug("Folding outcomes failed", metadata: ["feige.store.error": "\(error)"])
                }
                foldTask.withLock { $0 = nil }
            }
        }
    }

    /// Folds the outcomes in `mt_outcome` into `mt_recipient`, then deletes them: the rows are read on a
    /// snapshot beside the writer, folded in key order and deleted in `seq` order, each in relaxed
    /// transactions of their own size, so the SUBMITs queued meanwhile commit between them.
    ///
    /// Outcomes appended meanwhile wait for the next fold: they have later `seq`s than every row read (the
    /// single writer appends in order), so deleting up to the last `seq` read deletes only rows folded here.
    package func foldOutcomes() async throws {
        let rows = try await read { db in try Self.unfoldedOutcomes(db) }
        guard !rows.isEmpty else { return }
        let size = SQLiteGroupCommitWriter.relaxedRowsPerTransaction
        for start in stride(from: 0, to: rows.count, by: size) {
            let slice = rows[start..<min(start + size, rows.count)]
            try await writer.write(.relaxed, rows: slice.count) { batch in
                try Self.fold(slice, batch.db)
                for row in slice {
                    batch.noteFolded(row.recipient)
                }
            }
            try await Task.sleep(for: Self.foldPause)
        }
        let seqs = rows.map(\.seq).sorted()
        for start in stride(from: 0, to: seqs.count, by: Self.deletedOutcomesPerTransaction) {
            let bound = seqs[min(start + Self.deletedOutcomesPerTransaction, seqs.count) - 1]
            try await writer.write(.relaxed, rows: Self.deletedOutcomesPerTransaction) { batch in
                _ = try SQLiteRawStatement(batch.db, sql: "DELETE FROM mt_outcome WHERE seq <= ?").execute { row in
                    row.bind(bound)
                }
            }
            try await Task.sleep(for: Self.foldPause)
        }
    }

    /// Every `mt_outcome` row, in recipient order (Msg_Id, then position), a recipient's first outcome first.
    private static func unfoldedOutcomes(_ db: Database) throws -> [UnfoldedOutcome] {
        try Row.fetchAll(db, sql: "SELECT seq, message_id, idx FROM mt_outcome ORDER BY message_id, idx, seq").map {
            row in
            UnfoldedOutcome(
                seq: row[0],
                recipient: RecipientKey(messageID: CMPPMessageID(storeKey: row[1]), index: row[2])
            )
        }
    }

    /// Carries the outcomes of `rows` into their recipients' rows; a recipient already decided is left as it is,
    /// so folding a row again changes nothing.
    private static func fold(_ rows: some Collection<UnfoldedOutcome>, _ db: Database) throws {
        let update = try SQLiteRawStatement(
            db,
            sql: """
                UPDATE mt_recipient SET (state, stat, done_at, report_state) = (
                    SELECT o.state, o.stat, o.done_at, coalesce(o.report_state, mt_recipient.report_state)
                    FROM mt_outcome AS o WHERE o.seq = ?
                )
                WHERE message_id = ? AND idx = ? AND state IN (0, 1)
                """
        )
        for row in rows {
            _ = try update.execute { binder in
                binder.bind(row.seq)
                binder.bind(row.recipient.messageID.storeKey)
                binder.bind(row.recipient.index)
            }
        }
    }

    /// Folds what a previous run left in `mt_outcome` (the outcomes after its last fold), in one transaction,
    /// before the writer starts: the writer's memory of unfolded outcomes starts empty, as the table then is.
    static func foldLeftoverOutcomes(_ pool: DatabasePool) throws {
        try pool.write { db in
            let rows = try unfoldedOutcomes(db)
            guard !rows.isEmpty else { return }
            try fold(rows, db)
            try db.execute(sql: "DELETE FROM mt_outcome")
        }
    }

    /// The unfolded outcomes of these messages' recipients, by message and position (the first outcome of each),
    /// for readers: one scan of `mt_outcome`, however many messages (bounded by the lowest and highest key, so
    /// the statement needs no parameter per message).
    static func unfoldedOutcomes(of messageKeys: [Int64], _ db: Database) throws -> [Int64: [Int: Row]] {
        guard let lowest = messageKeys.min(), let highest = messageKeys.max() else { return [:] }
        let wanted = Set(messageKeys)
        var outcomes: [Int64: [Int: Row]] = [:]
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT message_id, idx, state, stat, done_at, report_state FROM mt_outcome
                    WHERE message_id BETWEEN ? AND ? ORDER BY seq
                    """
            ),
            arguments: [lowest, highest]
        )
        for row in rows {
            let messageKey: Int64 = row["message_id"]
            let index: Int = row["idx"]
            guard wanted.contains(messageKey), outcomes[messageKey]?[index] == nil else { continue }
            outcomes[messageKey, default: [:]][index] = row
        }
        return outcomes
    }
}
