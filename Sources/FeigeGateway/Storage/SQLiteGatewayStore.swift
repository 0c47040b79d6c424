import CMPPCore
import Foundation
import GRDB
import Logging
import NIOCore
import Synchronization

/// The embedded, durable ``GatewayStore``: SQLite through GRDB, in write-ahead-log mode (issue #5 §4).
///
/// One `DatabasePool`: a single writer fed by a ``SQLiteGroupCommitWriter`` (every write of every
/// connection is queued and committed in groups, one transaction per batch) and several readers that work
/// beside it on snapshots (QUERY, recovery, lookups). With `synchronous` FULL (the default) a completed
/// write survives a SIGKILL and a power loss — except the writes that recovery redoes anyway ("sent
/// downstream" marks, outcomes, outbox claims, releases and acknowledgements, see ``SQLiteCommitDurability``),
/// which reach the disk with the next full commit or within ``SQLiteCommitDurability/idleFlushDelay`` of the
/// writer going idle; with NORMAL every write survives a SIGKILL.
///
/// The schema is applied by ``migrator`` when the store opens (migrations "v1" to "v3"). Delivery outcomes
/// are appended to a table of their own and folded into the recipients' rows in the background (see
/// ``recordOutcomes(_:)``); the outcomes a previous run left unfolded are folded when the store opens.
///
/// ### Examples
/// ```swift
/// let store = try SQLiteGatewayStore(configuration: .init(directory: "feige-data"), logger: logger)
/// try await store.accept([message])      // committed: answer SUBMIT_RESP with Result 0
/// ```
public final class SQLiteGatewayStore: GatewayStore {
    /// What the group-commit writer has done since the store opened.
    public struct CommitStatistics: Hashable, Sendable {
        /// A commit that takes longer than this is counted in ``slowCommits``: a SUBMIT waiting for it waits
        /// longer than the whole of a SUBMIT's usual round trip (issue #6: p99 at half the peak).
        public static let slowCommitThreshold: Duration = .milliseconds(1)

        /// Transactions committed.
        public var transactions = 0
        /// Writes (calls such as ``GatewayStore/accept(_:completion:)``) committed in them.
        public var writes = 0
        /// The most writes committed in one transaction.
        public var largestBatch = 0
        /// Transactions of relaxed writes only (``SQLiteCommitDurability``) committed without waiting for the
        /// disk under `synchronous` FULL; a later full commit or log flush put them on the disk.
        public var relaxedTransactions = 0
        /// Times the idle (or closing) writer flushed the log itself because no full commit followed a
        /// relaxed one.
        public var logFlushes = 0
        /// Transactions committed with the store's own `synchronous` setting: all but the relaxed ones. Under
        /// FULL, each one's commit writes its pages to the log and waits for the disk to flush it.
        public var durableCommits = 0
        /// The time the ``durableCommits``' `COMMIT`s took, in all: what SUBMITs waited for the log's writes and
        /// flushes, and on a busy machine for the writer to get a CPU back after each flush.
        public var durableCommitTime: Duration = .zero
        /// Durable commits that took longer than ``slowCommitThreshold``: on a steady load, each one holds
        /// up every SUBMIT that arrives meanwhile, and the queue it leaves takes as long again to drain.
        public var slowCommits = 0
        /// The time the ``slowCommits`` took, in all.
        public var slowCommitTime: Duration = .zero
        /// The longest durable commit so far.
        public var longestCommit: Duration = .zero

        public init() {}
    }

    /// Where and how the database is kept.
    public let configuration: Configuration
    private let pool: DatabasePool
    let writer: SQLiteGroupCommitWriter
    private let checkpointer: SQLiteCheckpointer
    let logger: Logger
    /// The fold of unfolded outcomes running in the background, if one is (see ``recordOutcomes(_:)``).
    let foldTask = Mutex<Task<Void, Never>?>(nil)
    /// Looks for a quiet moment to fold the outcomes waiting, until the store closes.
    private let quietFoldWatch = Mutex<Task<Void, Never>?>(nil)

    /// Opens (creating if needed) the database at ``Configuration/path`` and applies the migrations.
    ///
    /// - Throws: ``GatewayStoreError/Code/invalidArgument`` for a bad configuration,
    ///   ``GatewayStoreError/Code/database`` when the file cannot be opened or migrated.
    public init(configuration: Configuration, logger: Logger) throws {
        guard configuration.maximumBatchSize >= 1, configuration.maximumReaderCount >= 1,
            configuration.outcomesPerFold >= 1
        else {
            throw GatewayStoreError.invalidArgument(
                "the batch size, reader count and outcomes per fold must be at least 1"
            )
        }
        guard configuration.outcomeFoldCheckInterval > .zero else {
            throw GatewayStoreError.invalidArgument("the outcome fold check interval must be over zero")
        }
        self.configuration = configuration
        self.logger = logger
        var options = GRDB.Configuration()
        options.maximumReaderCount = configuration.maximumReaderCount
        options.label = "feige.store"
        let synchronous = configuration.synchronous.rawValue
        options.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // Debian's SQLite is built with SECURE_DELETE on: every cell an UPDATE or an index change frees
            // is zeroed. The cells the store frees are old versions of recipient rows and index entries, and
            // folded outcomes, whose data lives on in the recipients' rows, so zeroing them protects nothing.
            try db.execute(sql: "PRAGMA secure_delete = OFF")
            // Checkpoints are the ``SQLiteCheckpointer``'s, beside the writer: one inside a commit holds the
            // SUBMITs queued behind it. The writer's own, at 16 000 pages (64 MB of log), is the safety net for
            // a checkpointer that falls behind. (Before the checkpointer, 4000 instead of SQLite's 1000 pages
            // gave +6–13% on 1 link: fewer stalls, and the pages every transaction touches copied less often.)
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16000")
        }
        do {
            let directory = (configuration.path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            self.pool = try DatabasePool(path: configuration.path, configuration: options)
            try Self.migrator.migrate(pool)
            try Self.foldLeftoverOutcomes(pool)
            // `prepareDatabase` is not enough for the writer: GRDB's pool sets `synchronous` NORMAL on it
            // when it turns on WAL mode, afterwards. (The group-commit writer sets it again per transaction.)
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            }
            self.checkpointer = try SQLiteCheckpointer(path: configuration.path, logger: logger)
        } catch {
            throw GatewayStoreError.database(error)
        }
        self.writer = SQLiteGroupCommitWriter(
            pool: pool,
            days: StatisticsDay(timeZone: configuration.timeZone),
            synchronous: configuration.synchronous,
            maximumBatchSize: configuration.maximumBatchSize,
            logger: logger
        )
        quietFoldWatch.withLock { $0 = watchForQuietFolds() }
        logger.debug(
            "Opened the store",
            metadata: ["feige.store.path": "\(configuration.path)", "feige.store.synchronous": "\(synchronous)"]
        )
    }

    /// What the group-commit writer has done: fewer transactions than writes under concurrent load.
    public var commitStatistics: CommitStatistics {
        writer.statistics
    }

    /// What the store's checkpointer last did: for tests that the log is copied back beside the writer.
    package var checkpointProgress: SQLiteCheckpointer.Progress {
        checkpointer.lastProgress
    }

    /// The `synchronous` setting (0 OFF, 1 NORMAL, 2 FULL) the writer connection commits a write of
    /// `durability` with, read inside such a write: for tests of the durability the store promises.
    package func writerSynchronous(for durability: SQLiteCommitDurability) async throws -> Int {
        try await writer.write(durability) { batch in
            try Int.fetchOne(batch.db, sql: "PRAGMA synchronous") ?? -1
        }
    }

    /// Runs a read on a snapshot, beside the writer.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard !writer.isClosed else { throw GatewayStoreError.closed() }
        do {
            return try await pool.read(body)
        } catch {
            throw SQLiteGroupCommitWriter.storeError(error)
        }
    }

    // MARK: - MT messages

    public func accept(
        _ messages: [AcceptedMessage],
        completion: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) {
        writer.submit(
            SQLiteGroupCommitWriter.Job(
                durability: .full,
                perform: { batch in try Self.insert(messages, into: batch) },
                finish: completion
            )
        )
    }

    /// The most rows one INSERT carries: an accept call holds one event-loop tick's SUBMITs.
    static let rowsPerInsert = 8

    /// Inserts the messages and their recipients, up to ``rowsPerInsert`` rows per statement (issue #6: a
    /// statement's fixed cost — running, halting, freeing its registers — is paid per statement, not per
    /// row). A constraint failure is narrowed down row by row to name the Msg_Id already stored.
    private static func insert(_ messages: [AcceptedMessage], into batch: SQLiteWriteBatch) throws {
        var days: [String] = []
        days.reserveCapacity(messages.count)
        for message in messages {
            days.append(batch.day(of: message.submittedAt))
        }
        var start = 0
        while start < messages.count {
            let end = min(start + rowsPerInsert, messages.count)
            do {
                try insertMessageRows(messages[start..<end], days: days[start..<end], batch)
            } catch .constraint {
                for index in start..<end {
                    do {
                        try insertMessageRows(messages[index...index], days: days[index...index], batch)
                    } catch .constraint {
                        throw GatewayStoreError.duplicateMessageID(messages[index].messageID)
                    } catch .database(let error) {
                        throw GatewayStoreError.database(error)
                    }
                }
            } catch .database(let error) {
                throw GatewayStoreError.database(error)
            }
            start = end
        }
        for (message, day) in zip(messages, days) {
            batch.add(
                QueryStatistics(mtMessages: 1, mtRecipients: message.recipients.count),
                to: DailyStatisticsKey(account: message.account, day: day, serviceID: message.serviceID)
            )
            batch.noteMessageID(message.messageID)
        }
    }

    /// One INSERT of `messages` into `mt_message` and one (per ``rowsPerInsert`` recipients) into
    /// `mt_recipient`. A failing statement changes nothing (SQLite undoes the statement).
    private static func insertMessageRows(
        _ messages: ArraySlice<AcceptedMessage>,
        days: ArraySlice<String>,
        _ batch: SQLiteWriteBatch
    ) throws(SQLiteRawStatement.Failure) {
        let insertMessages = try SQLiteRawStatement.cached(batch.db, sql: insertMessageSQL[messages.count - 1])
        try insertMessages.run(scratchCapacity: 512 * messages.count) { row in
            for (message, day) in zip(messages, days) {
                row.bind(message.messageID.storeKey)
                row.bind(message.account)
                row.bind(message.serviceID)
                row.bind(message.sourceID)
                row.bind(message.messageFormat.rawValue)
                row.bind(message.tpPID)
                row.bind(message.tpUDHI)
                row.bind(message.pkTotal)
                row.bind(message.pkNumber)
                row.bind(message.registeredDelivery)
                row.bind(message.messageLevel)
                row.bind(message.feeUserType)
                row.bind(message.feeTerminalID)
                row.bind(message.feeType)
                row.bind(message.feeCode)
                row.bind(message.validityTime)
                row.bind(message.atTime)
                row.bind(message.validUntil?.storeMilliseconds)
                row.bind(message.deliverAt?.storeMilliseconds)
                row.bind(message.content)
                row.bind(message.submittedAt.storeMilliseconds)
                row.bind(day)
            }
        }
        var recipients: [(key: Int64, index: Int, terminal: String)] = []
        recipients.reserveCapacity(messages.count)
        for message in messages {
            let key = message.messageID.storeKey
            for (index, terminal) in message.recipients.enumerated() {
                recipients.append((key, index, terminal))
            }
        }
        var start = 0
        while start < recipients.count {
            let end = min(start + rowsPerInsert, recipients.count)
            let insertRecipients = try SQLiteRawStatement.cached(batch.db, sql: insertRecipientSQL[end - start - 1])
            try insertRecipients.run(scratchCapacity: 64 * (end - start)) { row in
                for recipient in recipients[start..<end] {
                    row.bind(recipient.key)
                    row.bind(recipient.index)
                    row.bind(recipient.terminal)
                }
            }
            start = end
        }
    }

    /// The INSERTs into `mt_message` of 1…``rowsPerInsert`` rows, built once.
    private static let insertMessageSQL: [String] = (1...rowsPerInsert).map { rows in
        """
        INSERT INTO mt_message (id, account, service_id, src_id, msg_fmt, tp_pid, tp_udhi, pk_total, pk_number,
            registered_delivery, msg_level, fee_user_type, fee_terminal_id, fee_type, fee_code, valid_time, at_time,
            valid_until, deliver_at, content, submitted_at, day)
        VALUES \(rowPlaceholders(rows: rows, columns: 22))
        """
    }

    /// The INSERTs into `mt_recipient` of 1…``rowsPerInsert`` rows (accepted, no report yet), built once.
    private static let insertRecipientSQL: [String] = (1...rowsPerInsert).map { rows in
        """
        INSERT INTO mt_recipient (message_id, idx, terminal_id, state, report_state)
        VALUES \(rowPlaceholders(
            rows: rows,
            columns: 3,
            constants: "\(RecipientDeliveryState.accepted.rawValue), \(StatusReportState.none.rawValue)"
        ))
        """
    }

    /// `(?, ?, …), (?, ?, …)`: `rows` groups of `columns` parameters, each followed by `constants` if given.
    static func rowPlaceholders(rows: Int, columns: Int, constants: String? = nil) -> String {
        var group = "(" + Array(repeating: "?", count: columns).joined(separator: ", ")
        if let constants {
            group += ", " + constants
        }
        group += ")"
        return Array(repeating: group, count: rows).joined(separator: ", ")
    }

    public func markSentDownstream(_ recipients: [RecipientKey], at date: Date) async throws -> [RecipientKey] {
        let sentAt = date.storeMilliseconds
        // Relaxed: a mark lost to a power failure leaves the recipient accepted, and recovery dispatches it again.
        // In slices: a dispatcher's batch can hold thousands of recipients.
        let moved = try await writer.writeInSlices(recipients) { batch, slice in
            let update = try SQLiteRawStatement(
                batch.db,
                sql: """
                    UPDATE mt_recipient SET state = \(RecipientDeliveryState.sentDownstream.rawValue), sent_at = ?
                    WHERE message_id = ? AND idx = ? AND state = \(RecipientDeliveryState.accepted.rawValue)
                    """
            )
            var moved: [RecipientKey] = []
            moved.reserveCapacity(slice.count)
            for key in slice {
                // Decided before it was sent (expired), and not folded yet: not accepted any more.
                guard batch.unfoldedOutcome(of: key) == nil else { continue }
                let changed = try update.execute { row in
                    row.bind(sentAt)
                    row.bind(key.messageID.storeKey)
                    row.bind(key.index)
                }
                if changed > 0 {
                    moved.append(key)
                }
            }
            return moved
        }
        return moved.count == 1 ? moved[0] : moved.flatMap { $0 }
    }

    public func cancel(_ messageID: CMPPMessageID, account: String, at date: Date) async throws -> CancelOutcome {
        // Full: CANCEL_RESP (§7.4.6.2) tells the SP the message will not be sent.
        try await writer.write(.full) { batch in
            let db = batch.db
            guard
                let message = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT account, day, service_id FROM mt_message WHERE id = ?"),
                    arguments: [messageID.storeKey]
                )
            else { return .notFound }
            guard message[0] as String == account else { return .notOwner }
            let counts = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT count(*), coalesce(sum(state = \(RecipientDeliveryState.accepted.rawValue)), 0)
                        FROM mt_recipient WHERE message_id = ?
                        """
                ),
                arguments: [messageID.storeKey]
            )
            let total: Int = counts?[0] ?? 0
            let accepted: Int = counts?[1] ?? 0
            guard total == accepted else { return .alreadySent }
            // A recipient decided before it was sent (expired) whose outcome is not folded yet.
            let decided = (0..<total).contains { index in
                batch.unfoldedOutcome(of: RecipientKey(messageID: messageID, index: index)) != nil
            }
            if decided {
                return .alreadySent
            }
            try db.cachedStatement(
                sql: """
                    UPDATE mt_recipient SET state = \(RecipientDeliveryState.cancelled.rawValue), done_at = ?
                    WHERE message_id = ?
                    """
            ).execute(arguments: [date.storeMilliseconds, messageID.storeKey])
            batch.add(
                QueryStatistics(mtFailed: total),
                to: DailyStatisticsKey(account: account, day: message[1], serviceID: message[2])
            )
            return .cancelled
        }
    }

    public func message(_ messageID: CMPPMessageID) async throws -> StoredMessage? {
        try await read { db in try Self.fetchMessage(messageID.storeKey, db) }
    }

    // MARK: - Recovery

    public func undispatchedMessages(after cursor: CMPPMessageID?, limit: Int) async throws -> [StoredMessage] {
        try await messages(in: .accepted, after: cursor, limit: limit)
    }

    public func undecidedMessages(after cursor: CMPPMessageID?, limit: Int) async throws -> [StoredMessage] {
        try await messages(in: .sentDownstream, after: cursor, limit: limit)
    }

    public func scheduledMessages(
        dueAfter start: Date,
        through end: Date,
        after cursor: CMPPMessageID?,
        limit: Int
    ) async throws -> [StoredMessage] {
        // `deliver_at IS NOT NULL`, verbatim, lets SQLite use the partial index of scheduled messages.
        try await messagePage(
            after: cursor,
            limit: limit,
            idColumn: "id",
            arguments: [start.storeMilliseconds, end.storeMilliseconds]
        ) { afterCursor in
            """
            SELECT id FROM mt_message
            WHERE deliver_at IS NOT NULL AND deliver_at > ? AND deliver_at <= ? \(afterCursor)
                AND EXISTS (
                    SELECT 1 FROM mt_recipient
                    WHERE message_id = mt_message.id AND state = \(RecipientDeliveryState.accepted.rawValue)
                        AND (message_id, idx) NOT IN (SELECT message_id, idx FROM mt_outcome)
                )
            ORDER BY id LIMIT ?
            """
        }
    }

    /// Messages with a recipient in `state`, through the partial index of open recipients.
    private func messages(
        in state: RecipientDeliveryState,
        after cursor: CMPPMessageID?,
        limit: Int
    ) async throws -> [StoredMessage] {
        // The `state IN (0, 1)` term, verbatim, lets SQLite use the partial index of open recipients.
        try await messagePage(after: cursor, limit: limit, idColumn: "message_id") { afterCursor in
            """
            SELECT DISTINCT message_id FROM mt_recipient
            WHERE state IN (0, 1) AND state = \(state.rawValue) \(afterCursor)
                AND (message_id, idx) NOT IN (SELECT message_id, idx FROM mt_outcome)
            ORDER BY message_id LIMIT ?
            """
        }
    }

    /// A page of stored messages in Msg_Id order after `cursor`, at most `limit`. `select` makes the SELECT of
    /// their ids from the condition that starts after the cursor (`AND <idColumn> > ?`, or nothing without
    /// one); its parameters are `arguments`, then the cursor's, then the limit.
    private func messagePage(
        after cursor: CMPPMessageID?,
        limit: Int,
        idColumn: String,
        arguments: [Int64] = [],
        _ select: @escaping @Sendable (_ afterCursor: String) -> String
    ) async throws -> [StoredMessage] {
        guard limit >= 0 else { throw GatewayStoreError.invalidArgument("limit \(limit) is negative") }
        return try await read { db in
            var bound = StatementArguments(arguments)
            if let cursor {
                bound += [cursor.storeKey]
            }
            bound += [limit]
            let ids = try Int64.fetchAll(db, sql: select(cursor == nil ? "" : "AND \(idColumn) > ?"), arguments: bound)
            return try Self.fetchMessages(ids, db)
        }
    }

    public func latestMessageID(gateway: Int) async throws -> CMPPMessageID? {
        try await read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT message_id FROM message_id_watermark WHERE gateway = ?",
                arguments: [gateway]
            ).map { CMPPMessageID(storeKey: $0) }
        }
    }

    // MARK: - Outbox

    public func enqueue(_ entries: [OutboxEntry]) async throws {
        try await writer.write(.full) { batch in
            for entry in entries {
                try Self.insert(entry, into: batch)
            }
        }
    }

    /// Inserts an outbox entry; a status report's recipient gets the report state of the entry's state.
    ///
    /// - Parameter recipientUpdated: the caller already set the recipient's report state in this transaction
    ///   (``recordOutcomes(_:)`` writes it into the outcome's own row of `mt_outcome`).
    static func insert(
        _ entry: OutboxEntry,
        into batch: SQLiteWriteBatch,
        recipientUpdated: Bool = false
    ) throws {
        let body = try entry.encodedDeliver()
        var reportKey: RecipientKey?
        if case .statusReport(let key) = entry.kind {
            reportKey = key
        }
        if let key = reportKey, !recipientUpdated {
            guard try Self.setReportState(entry.state.reportState, of: key, in: batch) else {
                throw GatewayStoreError.unknownMessage("recipient \(key)")
            }
        }
        let insert = try SQLiteRawStatement(
            batch.db,
            sql: """
                INSERT INTO outbox (id, account, kind, report_message_id, report_index, body, created_at,
                    attempts, next_attempt_at, state, closed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        try insert.run(duplicate: .duplicateMessageID(entry.id)) { row in
            row.bind(entry.id.storeKey)
            row.bind(entry.account)
            row.bind(reportKey == nil ? OutboxKindCode.mobileOriginated : OutboxKindCode.statusReport)
            row.bind(reportKey?.messageID.storeKey)
            row.bind(reportKey?.index)
            row.bind(body)
            row.bind(entry.createdAt.storeMilliseconds)
            row.bind(entry.attempts)
            row.bind(entry.nextAttemptAt.storeMilliseconds)
            row.bind(entry.state.rawValue)
            row.bind(entry.closedAt?.storeMilliseconds)
        }
        batch.noteMessageID(entry.id)
    }

    public func claimDue(account: String, limit: Int, now: Date, lease: Duration) async throws -> [OutboxEntry] {
        guard limit >= 0 else { throw GatewayStoreError.invalidArgument("limit \(limit) is negative") }
        let leaseEnd = now.addingTimeInterval(lease.timeInterval).storeMilliseconds
        // Relaxed: a lost claim leaves the entry due, and it is claimed and sent again.
        return try await writer.write(.relaxed, rows: limit) { batch in
            let db = batch.db
            var due: [OutboxEntry] = []
            try SQLiteRawStatement(
                db,
                sql: """
                    SELECT \(Self.outboxColumns) FROM outbox
                    WHERE account = ? AND state IN (0, 1) AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?
                    """
            ).query { row in
                row.bind(account)
                row.bind(now.storeMilliseconds)
                row.bind(limit)
            } _: { columns in
                due.append(try Self.outboxEntry(columns))
            }
            let update = try SQLiteRawStatement(
                db,
                sql: "UPDATE outbox SET state = ?, attempts = attempts + 1, next_attempt_at = ? WHERE id = ?"
            )
            var claimed: [OutboxEntry] = []
            for var entry in due {
                entry.state = .inFlight
                entry.attempts += 1
                entry.nextAttemptAt = Date(storeMilliseconds: leaseEnd)
                try update.execute { row in
                    row.bind(entry.state.rawValue)
                    row.bind(leaseEnd)
                    row.bind(entry.id.storeKey)
                }
                if case .statusReport(let key) = entry.kind {
                    try Self.setReportState(.sentToSP, of: key, in: batch)
                }
                claimed.append(entry)
            }
            return claimed
        }
    }

    public func acknowledge(_ ids: [CMPPMessageID], account: String, at date: Date) async throws {
        // Relaxed: a lost acknowledgement leaves the entry open, and the DELIVER is sent again (§7.4.5), as after
        // a crash between DELIVER_RESP and this commit.
        try await writer.write(.relaxed, rows: ids.count) { batch in
            for id in ids {
                try Self.close(id, account: account, as: .acknowledged, at: date, in: batch)
            }
        }
    }

    public func release(_ ids: [CMPPMessageID], account: String, retryAt: Date) async throws {
        // Relaxed: a lost release leaves the entry in flight until its lease ends; it is due again then.
        try await writer.write(.relaxed, rows: ids.count) { batch in
            let update = try batch.db.cachedStatement(
                sql: "UPDATE outbox SET state = 0, next_attempt_at = ? WHERE id = ? AND account = ? AND state = 1"
            )
            for id in ids {
                try update.execute(arguments: [retryAt.storeMilliseconds, id.storeKey, account])
            }
        }
    }

    public func expireOutbox(now: Date, horizon: Duration) async throws -> Int {
        let createdBefore = now.addingTimeInterval(-horizon.timeInterval).storeMilliseconds
        return try await writer.write(.full) { batch in
            let expiring = try Row.fetchAll(
                batch.db,
                sql: "SELECT id, account FROM outbox WHERE state IN (0, 1) AND created_at < ?",
                arguments: [createdBefore]
            )
            for row in expiring {
                try Self.close(CMPPMessageID(storeKey: row[0]), account: row[1], as: .expired, at: now, in: batch)
            }
            return expiring.count
        }
    }

    /// Closes an open entry of `account` (acknowledged or expired) and carries that over to the report or
    /// MO it carries; does nothing for an entry of another account or one already closed.
    private static func close(
        _ id: CMPPMessageID,
        account: String,
        as state: OutboxEntry.State,
        at date: Date,
        in batch: SQLiteWriteBatch
    ) throws {
        let db = batch.db
        var open: (kind: Int, messageKey: Int64, index: Int)?
        try SQLiteRawStatement(
            db,
            sql: """
                SELECT kind, report_message_id, report_index FROM outbox
                WHERE id = ? AND account = ? AND state IN (0, 1)
                """
        ).query { row in
            row.bind(id.storeKey)
            row.bind(account)
        } _: { columns in
            open = (columns.int(0), columns.int64(1), columns.int(2))
        }
        guard let open else { return }
        try SQLiteRawStatement(db, sql: "UPDATE outbox SET state = ?, closed_at = ? WHERE id = ?").execute { update in
            update.bind(state.rawValue)
            update.bind(date.storeMilliseconds)
            update.bind(id.storeKey)
        }
        if open.kind == OutboxKindCode.statusReport {
            let key = RecipientKey(messageID: CMPPMessageID(storeKey: open.messageKey), index: open.index)
            try Self.setReportState(state.reportState, of: key, in: batch)
            return
        }
        guard
            let mo = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT account, day, service_id, state FROM mo_message WHERE id = ?"),
                arguments: [id.storeKey]
            ),
            mo[3] as Int == MobileOriginatedMessage.State.waiting.rawValue,
            let moAccount = mo[0] as String?
        else { return }
        let moState: MobileOriginatedMessage.State = state == .acknowledged ? .delivered : .failed
        try db.cachedStatement(sql: "UPDATE mo_message SET state = ? WHERE id = ?")
            .execute(arguments: [moState.rawValue, id.storeKey])
        batch.add(
            state == .acknowledged ? QueryStatistics(moDelivered: 1) : QueryStatistics(moFailed: 1),
            to: DailyStatisticsKey(account: moAccount, day: mo[1], serviceID: mo[2])
        )
    }

    public func accountsWithDueOutbox(now: Date) async throws -> [String] {
        try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT account FROM outbox WHERE state IN (0, 1) AND next_attempt_at <= ?
                    ORDER BY account
                    """,
                arguments: [now.storeMilliseconds]
            )
        }
    }

    // MARK: - MO messages

    public func recordMobileOriginated(_ messages: [MobileOriginatedMessage]) async throws {
        // Full: the downstream is acknowledged once the MO is stored.
        try await writer.write(.full) { batch in
            let insert = try batch.db.cachedStatement(
                sql: """
                    INSERT INTO mo_message (id, src_terminal_id, dest_id, service_id, tp_pid, tp_udhi, msg_fmt,
                        content, received_at, day, account, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for message in messages {
                let day = batch.day(of: message.receivedAt)
                let state: MobileOriginatedMessage.State = message.account == nil ? .unrouted : .waiting
                do {
                    try insert.execute(arguments: [
                        message.messageID.storeKey, message.sourceTerminalID, message.destinationID,
                        message.serviceID, message.tpPID, message.tpUDHI, message.messageFormat.rawValue,
                        Data(message.content.readableBytesView), message.receivedAt.storeMilliseconds, day,
                        message.account, state.rawValue,
                    ])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw GatewayStoreError.duplicateMessageID(message.messageID)
                }
                batch.noteMessageID(message.messageID)
                if let account = message.account, let entry = message.outboxEntry {
                    batch.add(
                        QueryStatistics(moReceived: 1),
                        to: DailyStatisticsKey(account: account, day: day, serviceID: message.serviceID)
                    )
                    try Self.insert(entry, into: batch)
                }
            }
        }
    }

    public func mobileOriginated(_ messageID: CMPPMessageID) async throws -> MobileOriginatedMessage? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mo_message WHERE id = ?", arguments: [messageID.storeKey])
                .map(Self.mobileOriginated)
        }
    }

    // MARK: - Statistics

    public func statistics(account: String, day: String, serviceID: String?) async throws -> QueryStatistics {
        guard StatisticsDay.isValid(day) else {
            throw GatewayStoreError.invalidArgument("the day is not YYYYMMDD")
        }
        return try await read { db in
            var sql = """
                SELECT coalesce(sum(mt_messages), 0), coalesce(sum(mt_recipients), 0),
                    coalesce(sum(mt_delivered), 0), coalesce(sum(mt_failed), 0), coalesce(sum(mo_received), 0),
                    coalesce(sum(mo_delivered), 0), coalesce(sum(mo_failed), 0)
                FROM daily_statistics WHERE account = ? AND day = ?
                """
            var arguments: StatementArguments = [account, day]
            if let serviceID {
                sql += " AND service_id = ?"
                arguments += [serviceID]
            }
            guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return QueryStatistics() }
            return QueryStatistics(
                mtMessages: row[0],
                mtRecipients: row[1],
                mtDelivered: row[2],
                mtFailed: row[3],
                moReceived: row[4],
                moDelivered: row[5],
                moFailed: row[6]
            )
        }
    }

    // MARK: - Life cycle

    public func close() async throws {
        // A fold stops between two of its transactions: what it leaves is folded when the store opens again,
        // and a gateway shutting down does not wait seconds for it.
        let watch = quietFoldWatch.withLock { $0 }
        watch?.cancel()
        await watch?.value
        if let fold = foldTask.withLock({ $0 }) {
            fold.cancel()
            await fold.value
        }
        guard await writer.close() else { return }
        checkpointer.stop()
        do {
            try pool.close()
        } catch {
            throw GatewayStoreError.database(error)
        }
    }
}

/// The `kind` column of the outbox table.
enum OutboxKindCode {
    static let statusReport = 0
    static let mobileOriginated = 1
}
