import CMPPCore
import Foundation
import HashTreeCollections
import Synchronization

/// A ``GatewayStore`` in memory: the same semantics as ``SQLiteGatewayStore`` without durability, for
/// tests and for `feige bench --store memory` (issue #6), which measures the gateway without the disk.
///
/// Every call is one transaction under one lock: it checks everything first and changes nothing when it
/// fails. Instants are kept to the millisecond, as the SQLite store keeps them. ``accept(_:completion:)``
/// calls its completion before it returns.
///
/// What only grows (every MT and MO message, the ids of closed outbox entries) is kept in hash trees
/// (`TreeDictionary`, `TreeSet`), not in `Dictionary` and `Set`: a hash table that doubles copies every
/// entry under the lock, and at 65 000 messages that held the gateway's event loop for 31 ms (issue #6,
/// `feige bench --store memory`, perf). A tree grows one node at a time.
public final class InMemoryGatewayStore: GatewayStore {
    private struct MessageRecord {
        var message: AcceptedMessage
        var day: String
        var recipients: [StoredRecipient]

        var statisticsKey: DailyStatisticsKey {
            DailyStatisticsKey(account: message.account, day: day, serviceID: message.serviceID)
        }

        /// Moves recipient `index` from accepted to sent downstream; false when it is not accepted (or unknown).
        mutating func markSentDownstream(_ index: Int, at date: Date) -> Bool {
            guard recipients.indices.contains(index), recipients[index].state == .accepted else { return false }
            recipients[index].state = .sentDownstream
            recipients[index].sentAt = date
            return true
        }

        /// Gives recipient `index` its final state; false when it already had one.
        mutating func decide(_ index: Int, as outcome: DeliveryOutcome) -> Bool {
            guard !recipients[index].state.isFinal else { return false }
            recipients[index].state = outcome.state
            recipients[index].stat = outcome.stat
            recipients[index].doneAt = outcome.doneAt.truncatedToStoreMilliseconds
            return true
        }
    }

    private struct MobileOriginatedRecord {
        var message: MobileOriginatedMessage
        var day: String
    }

    private struct State {
        var isClosed = false
        var messages: TreeDictionary<CMPPMessageID, MessageRecord> = [:]
        /// The open (pending or in-flight) outbox entries. A closed entry is dropped here and only its id kept
        /// in ``closedOutboxIDs``: nothing reads a closed entry again, and keeping them made every claim scan
        /// and sort every entry ever queued.
        var outbox: [CMPPMessageID: OutboxEntry] = [:]
        /// The ids of the open entries of each account.
        var openOutboxIDs: [String: Set<CMPPMessageID>] = [:]
        /// Each account's open entries in claim order, so a claim looks at the entries it takes only.
        var outboxDue: [String: OutboxDueQueue] = [:]
        /// The ids of acknowledged and expired entries: still stored Msg_Ids, so never reused.
        var closedOutboxIDs: TreeSet<CMPPMessageID> = []
        var mobileOriginated: TreeDictionary<CMPPMessageID, MobileOriginatedRecord> = [:]
        var statistics: [DailyStatisticsKey: QueryStatistics] = [:]
        var latestMessageIDs: [Int: CMPPMessageID] = [:]
        var transactions = 0
        /// The minute (since 1970) of the last day looked up, and its day: most writes share it.
        var lastMinute: (minute: Int64, day: String)?

        /// The QUERY day of `date`; zones differ from UTC by whole minutes, so a day never changes within one.
        mutating func day(of date: Date, in days: StatisticsDay) -> String {
            let minute = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
            if let lastMinute, lastMinute.minute == minute {
                return lastMinute.day
            }
            let day = days.string(for: date)
            lastMinute = (minute, day)
            return day
        }

        mutating func noteMessageID(_ id: CMPPMessageID) {
            let gateway = id.parts.gateway
            if let latest = latestMessageIDs[gateway] {
                latestMessageIDs[gateway] = MessageIDRecency.later(id, latest)
            } else {
                latestMessageIDs[gateway] = id
            }
        }

        func isStored(_ id: CMPPMessageID) -> Bool {
            outbox[id] != nil || closedOutboxIDs.contains(id)
        }

        /// Keeps `entry` with the open entries, or only its id once it is closed.
        mutating func storeOutbox(_ entry: OutboxEntry) {
            if entry.state.isOpen {
                outbox[entry.id] = entry
                // Each account-keyed collection is looked up once (in place): hashing the account's name
                // was a large share of an outbox update. Every store of an open entry marks its due time,
                // even an unchanged one: its earlier mark may have been taken by the claim that stores it.
                let openCount = Self.insert(entry.id, into: &openOutboxIDs[entry.account, default: []])
                let markCount = outboxDue[entry.account, default: OutboxDueQueue()]
                    .push(entry.id, due: entry.nextAttemptAt)
                if OutboxDueQueue.needsCompaction(markCount: markCount, openCount: openCount) {
                    compactOutboxDue(account: entry.account)
                }
            } else {
                removeOpenOutbox(entry)
                closedOutboxIDs.insert(entry.id)
            }
        }

        private mutating func removeOpenOutbox(_ entry: OutboxEntry) {
            guard outbox.removeValue(forKey: entry.id) != nil else { return }
            // The account's set and queue stay (empty) for its next entries: an outbox that drains and
            // fills again does not build them up from nothing each time.
            if Self.remove(entry.id, from: &openOutboxIDs[entry.account, default: []]) == 0 {
                outboxDue[entry.account]?.removeAll()  // every mark left is stale
            }
        }

        /// Removes `id` from `ids` and returns how many ids are left.
        private static func remove(_ id: CMPPMessageID, from ids: inout Set<CMPPMessageID>) -> Int {
            ids.remove(id)
            return ids.count
        }

        /// Inserts `id` into `ids` and returns how many ids it holds.
        private static func insert(_ id: CMPPMessageID, into ids: inout Set<CMPPMessageID>) -> Int {
            ids.insert(id)
            return ids.count
        }

        /// Rebuilds `account`'s due queue from its open entries (see ``OutboxDueQueue/compact(open:)``).
        private mutating func compactOutboxDue(account: String) {
            guard var queue = outboxDue.removeValue(forKey: account) else { return }
            let open = openOutboxIDs[account] ?? []
            queue.compact(
                open: open.compactMap { id in outbox[id].map { OutboxDueQueue.Mark(due: $0.nextAttemptAt, id: id) } }
            )
            outboxDue[account] = queue
        }

        /// Whether `mark` still describes an open entry's next attempt.
        func isCurrent(_ mark: OutboxDueQueue.Mark) -> Bool {
            outbox[mark.id]?.nextAttemptAt == mark.due
        }

        /// The ids of at most `limit` open entries of `account` due at `now`, in claim order.
        mutating func popDueOutbox(account: String, now: Date, limit: Int) -> [CMPPMessageID] {
            guard var queue = outboxDue.removeValue(forKey: account) else { return [] }
            let ids = queue.popDue(now: now, limit: limit) { isCurrent($0) }
            outboxDue[account] = queue
            return ids
        }

        /// When the earliest open entry of `account` is due.
        mutating func earliestDueOutbox(account: String) -> Date? {
            guard var queue = outboxDue.removeValue(forKey: account) else { return nil }
            let due = queue.earliestDue { isCurrent($0) }
            outboxDue[account] = queue
            return due
        }
    }

    private let state = Mutex(State())
    private let days: StatisticsDay

    /// - Parameter timeZone: the zone QUERY days are counted in; China Standard Time by default.
    public init(timeZone: TimeZone = CMPPTimestamp.chinaStandardTime) {
        self.days = StatisticsDay(timeZone: timeZone)
    }

    /// How many write transactions the store has committed (one per mutating call, one per slice of outcomes).
    public var committedTransactions: Int {
        state.withLock { $0.transactions }
    }

    /// Runs `body` as one transaction: fails when closed, counts the commit when `body` returns.
    private func write<T>(_ body: (inout State) throws -> T) throws -> T {
        try state.withLock { state in
            guard !state.isClosed else { throw GatewayStoreError.closed() }
            let result = try body(&state)
            state.transactions += 1
            return result
        }
    }

    private func read<T>(_ body: (borrowing State) throws -> T) throws -> T {
        try state.withLock { state in
            guard !state.isClosed else { throw GatewayStoreError.closed() }
            return try body(state)
        }
    }

    // MARK: - MT messages

    public func accept(
        _ messages: [AcceptedMessage],
        completion: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) {
        completion(
            Result {
                try write { state in
                    try Self.checkNewMessageIDs(messages, in: state)
                    // Runs of messages of one account, day and Service_Id (nearly always the whole call) add
                    // to their statistics with one lookup; runs of one gateway code note their latest id once.
                    var counted: (key: DailyStatisticsKey, delta: QueryStatistics)?
                    var latest: CMPPMessageID?
                    for var message in messages {
                        message.submittedAt = message.submittedAt.truncatedToStoreMilliseconds
                        if let validUntil = message.validUntil {
                            message.validUntil = validUntil.truncatedToStoreMilliseconds
                        }
                        if let deliverAt = message.deliverAt {
                            message.deliverAt = deliverAt.truncatedToStoreMilliseconds
                        }
                        let messageID = message.messageID
                        var recipients: [StoredRecipient] = []
                        recipients.reserveCapacity(message.recipients.count)
                        for (index, terminalID) in message.recipients.enumerated() {
                            let key = RecipientKey(messageID: messageID, index: index)
                            recipients.append(StoredRecipient(key: key, terminalID: terminalID))
                        }
                        let record = MessageRecord(
                            message: message,
                            day: state.day(of: message.submittedAt, in: days),
                            recipients: recipients
                        )
                        let delta = QueryStatistics(mtMessages: 1, mtRecipients: recipients.count)
                        let key = record.statisticsKey
                        if let current = counted, current.key == key {
                            counted?.delta += delta
                        } else {
                            if let current = counted {
                                state.statistics[current.key, default: QueryStatistics()] += current.delta
                            }
                            counted = (key, delta)
                        }
                        state.messages[messageID] = record
                        if let previous = latest, previous.parts.gateway == messageID.parts.gateway {
                            latest = MessageIDRecency.later(messageID, previous)
                        } else {
                            if let previous = latest { state.noteMessageID(previous) }
                            latest = messageID
                        }
                    }
                    if let current = counted {
                        state.statistics[current.key, default: QueryStatistics()] += current.delta
                    }
                    if let latest { state.noteMessageID(latest) }
                }
            }
        )
    }

    /// Throws ``GatewayStoreError/Code/duplicateMessageID`` when a Msg_Id of `messages` is stored already or
    /// repeated among them.
    private static func checkNewMessageIDs(_ messages: [AcceptedMessage], in state: borrowing State) throws {
        for message in messages where state.messages[message.messageID] != nil {
            throw GatewayStoreError.duplicateMessageID(message.messageID)
        }
        guard messages.count > 1 else { return }
        // Sorted ids instead of a set: no hashing, one allocation.
        var ids = messages.map(\.messageID.rawValue)
        ids.sort()
        for index in 1..<ids.count where ids[index] == ids[index - 1] {
            throw GatewayStoreError.duplicateMessageID(CMPPMessageID(rawValue: ids[index]))
        }
    }

    public func markSentDownstream(_ recipients: [RecipientKey], at date: Date) async throws -> [RecipientKey] {
        let date = date.truncatedToStoreMilliseconds
        return try write { state in
            var moved: [RecipientKey] = []
            moved.reserveCapacity(recipients.count)
            // In place: a copy of the record out of the dictionary would copy its recipients on write.
            for key in recipients where state.messages[key.messageID]?.markSentDownstream(key.index, at: date) == true {
                moved.append(key)
            }
            return moved
        }
    }

    /// Outcomes recorded per transaction, so per hold of the store's one lock.
    static let outcomesPerTransaction = 256

    public func recordOutcomes(_ outcomes: [DeliveryOutcome]) async throws {
        // In slices, each a transaction of its own as the protocol allows: a SUBMIT's `accept` waits for one
        // slice under the lock, not for a whole batch (issue #6: 2 500 outcomes held it for milliseconds).
        for start in stride(from: 0, to: outcomes.count, by: Self.outcomesPerTransaction) {
            try recordAtomically(outcomes[start..<min(start + Self.outcomesPerTransaction, outcomes.count)])
        }
    }

    /// Records `outcomes` in one transaction: all of them, or none when one is refused.
    private func recordAtomically(_ outcomes: ArraySlice<DeliveryOutcome>) throws {
        try write { state in
            var newReports = Set<CMPPMessageID>()
            for outcome in outcomes {
                switch outcome.state {
                case .delivered, .failed, .expired: break
                default:
                    throw GatewayStoreError.invalidTransition("an outcome must be delivered, failed or expired")
                }
                guard let record = state.messages[outcome.recipient.messageID],
                    record.recipients.indices.contains(outcome.recipient.index)
                else {
                    throw GatewayStoreError.unknownMessage("recipient \(outcome.recipient)")
                }
                if let report = outcome.report {
                    guard !state.isStored(report.id), newReports.insert(report.id).inserted else {
                        throw GatewayStoreError.duplicateMessageID(report.id)
                    }
                    try Self.checkReportTarget(report, in: state)
                    _ = try report.encodedDeliver()
                }
            }
            // Consecutive outcomes mostly count for the same account, day and Service_Id: their statistics
            // are summed first and added with one lookup.
            var counted: (key: DailyStatisticsKey, delta: QueryStatistics)?
            for outcome in outcomes {
                let key = outcome.recipient
                // In place: a copy of the record out of the dictionary would copy its recipients on write.
                guard state.messages[key.messageID]?.decide(key.index, as: outcome) == true,
                    let statisticsKey = state.messages[key.messageID]?.statisticsKey
                else { continue }
                let delta =
                    outcome.state == .delivered ? QueryStatistics(mtDelivered: 1) : QueryStatistics(mtFailed: 1)
                if let current = counted, current.key == statisticsKey {
                    counted?.delta += delta
                } else {
                    if let current = counted {
                        state.statistics[current.key, default: QueryStatistics()] += current.delta
                    }
                    counted = (statisticsKey, delta)
                }
                if let report = outcome.report {
                    Self.insert(report, into: &state)
                }
            }
            if let current = counted { state.statistics[current.key, default: QueryStatistics()] += current.delta }
        }
    }

    public func cancel(_ messageID: CMPPMessageID, account: String, at date: Date) async throws -> CancelOutcome {
        let date = date.truncatedToStoreMilliseconds
        return try write { state in
            guard var record = state.messages[messageID] else { return .notFound }
            guard record.message.account == account else { return .notOwner }
            guard record.recipients.allSatisfy({ $0.state == .accepted }) else { return .alreadySent }
            for index in record.recipients.indices {
                record.recipients[index].state = .cancelled
                record.recipients[index].doneAt = date
            }
            state.statistics[record.statisticsKey, default: QueryStatistics()].mtFailed += record.recipients.count
            state.messages[messageID] = record
            return .cancelled
        }
    }

    public func message(_ messageID: CMPPMessageID) async throws -> StoredMessage? {
        try read { state in
            state.messages[messageID].map { StoredMessage(message: $0.message, recipients: $0.recipients) }
        }
    }

    // MARK: - Recovery

    public func undispatchedMessages(after cursor: CMPPMessageID?, limit: Int) async throws -> [StoredMessage] {
        try messages(after: cursor, limit: limit) { $0.state == .accepted }
    }

    public func undecidedMessages(after cursor: CMPPMessageID?, limit: Int) async throws -> [StoredMessage] {
        try messages(after: cursor, limit: limit) { $0.state == .sentDownstream }
    }

    public func scheduledMessages(
        dueAfter start: Date,
        through end: Date,
        after cursor: CMPPMessageID?,
        limit: Int
    ) async throws -> [StoredMessage] {
        try messages(after: cursor, limit: limit) { $0.state == .accepted } having: { message in
            message.deliverAt.map { $0 > start && $0 <= end } ?? false
        }
    }

    private func messages(
        after cursor: CMPPMessageID?,
        limit: Int,
        where matches: (StoredRecipient) -> Bool,
        having qualifies: (AcceptedMessage) -> Bool = { _ in true }
    ) throws -> [StoredMessage] {
        guard limit >= 0 else { throw GatewayStoreError.invalidArgument("limit \(limit) is negative") }
        return try read { state in
            let start = cursor?.storeKey ?? .min
            return state.messages.values
                .filter { $0.message.messageID.storeKey > start || cursor == nil }
                .filter { qualifies($0.message) && $0.recipients.contains(where: matches) }
                .sorted { $0.message.messageID.storeKey < $1.message.messageID.storeKey }
                .prefix(limit)
                .map { StoredMessage(message: $0.message, recipients: $0.recipients) }
        }
    }

    public func latestMessageID(gateway: Int) async throws -> CMPPMessageID? {
        try read { $0.latestMessageIDs[gateway] }
    }

    // MARK: - Outbox

    public func enqueue(_ entries: [OutboxEntry]) async throws {
        try write { state in
            var seen = Set<CMPPMessageID>()
            for entry in entries {
                guard !state.isStored(entry.id), seen.insert(entry.id).inserted else {
                    throw GatewayStoreError.duplicateMessageID(entry.id)
                }
                try Self.checkReportTarget(entry, in: state)
                _ = try entry.encodedDeliver()
            }
            for entry in entries {
                Self.insert(entry, into: &state)
            }
        }
    }

    /// Throws when a status-report entry names a recipient the store does not hold.
    private static func checkReportTarget(_ entry: OutboxEntry, in state: borrowing State) throws {
        guard case .statusReport(let key) = entry.kind else { return }
        guard let record = state.messages[key.messageID], record.recipients.indices.contains(key.index) else {
            throw GatewayStoreError.unknownMessage("recipient \(key)")
        }
    }

    private static func insert(_ entry: OutboxEntry, into state: inout State) {
        var entry = entry
        entry.createdAt = entry.createdAt.truncatedToStoreMilliseconds
        entry.nextAttemptAt = entry.nextAttemptAt.truncatedToStoreMilliseconds
        entry.closedAt = entry.closedAt?.truncatedToStoreMilliseconds
        state.storeOutbox(entry)
        state.noteMessageID(entry.id)
        if case .statusReport(let key) = entry.kind {
            setReportState(entry.state.reportState, of: key, in: &state)
        }
    }

    private static func setReportState(_ reportState: StatusReportState, of key: RecipientKey, in state: inout State) {
        // In place: a copy of the record out of the dictionary would copy its recipients on write.
        guard let count = state.messages[key.messageID]?.recipients.count, key.index >= 0, key.index < count else {
            return
        }
        state.messages[key.messageID]?.recipients[key.index].reportState = reportState
    }

    public func claimDue(account: String, limit: Int, now: Date, lease: Duration) async throws -> [OutboxEntry] {
        guard limit >= 0 else { throw GatewayStoreError.invalidArgument("limit \(limit) is negative") }
        let now = now.truncatedToStoreMilliseconds
        let leaseEnd = now.addingTimeInterval(lease.timeInterval).truncatedToStoreMilliseconds
        return try write { state in
            // The `limit` earliest due entries, in (next attempt, id) order, from the account's due queue.
            let picked = limit > 0 ? state.popDueOutbox(account: account, now: now, limit: limit) : []
            var claimed: [OutboxEntry] = []
            claimed.reserveCapacity(picked.count)
            for id in picked {
                guard var entry = state.outbox[id] else { continue }
                entry.state = .inFlight
                entry.attempts += 1
                entry.nextAttemptAt = leaseEnd
                state.storeOutbox(entry)
                if case .statusReport(let key) = entry.kind {
                    Self.setReportState(.sentToSP, of: key, in: &state)
                }
                claimed.append(entry)
            }
            return claimed
        }
    }

    public func acknowledge(_ ids: [CMPPMessageID], account: String, at date: Date) async throws {
        let date = date.truncatedToStoreMilliseconds
        try write { state in
            for id in ids {
                guard var entry = state.outbox[id], entry.account == account, entry.state.isOpen else { continue }
                entry.state = .acknowledged
                entry.closedAt = date
                state.storeOutbox(entry)
                Self.close(entry, in: &state)
            }
        }
    }

    public func release(_ ids: [CMPPMessageID], account: String, retryAt: Date) async throws {
        let retryAt = retryAt.truncatedToStoreMilliseconds
        try write { state in
            for id in ids {
                guard var entry = state.outbox[id], entry.account == account, entry.state == .inFlight else {
                    continue
                }
                entry.state = .pending
                entry.nextAttemptAt = retryAt
                state.storeOutbox(entry)
            }
        }
    }

    public func expireOutbox(now: Date, horizon: Duration) async throws -> Int {
        let now = now.truncatedToStoreMilliseconds
        let createdBefore = now.addingTimeInterval(-horizon.timeInterval).truncatedToStoreMilliseconds
        return try write { state in
            let expired = state.outbox.values.filter { $0.createdAt < createdBefore }
            for var entry in expired {
                entry.state = .expired
                entry.closedAt = now
                state.storeOutbox(entry)
                Self.close(entry, in: &state)
            }
            return expired.count
        }
    }

    /// Carries an entry's final state (acknowledged or expired) over to the report or MO it carries.
    private static func close(_ entry: OutboxEntry, in state: inout State) {
        switch entry.kind {
        case .statusReport(let key):
            setReportState(entry.state.reportState, of: key, in: &state)
        case .mobileOriginated:
            guard var record = state.mobileOriginated[entry.id], record.message.state == .waiting,
                let account = record.message.account
            else { return }
            let key = DailyStatisticsKey(account: account, day: record.day, serviceID: record.message.serviceID)
            if entry.state == .acknowledged {
                record.message.state = .delivered
                state.statistics[key, default: QueryStatistics()].moDelivered += 1
            } else {
                record.message.state = .failed
                state.statistics[key, default: QueryStatistics()].moFailed += 1
            }
            state.mobileOriginated[entry.id] = record
        }
    }

    public func accountsWithDueOutbox(now: Date) async throws -> [String] {
        let now = now.truncatedToStoreMilliseconds
        // A read: it only drops stale marks from the due queues, so it counts no transaction.
        return try state.withLock { state in
            guard !state.isClosed else { throw GatewayStoreError.closed() }
            var accounts: [String] = []
            for account in Array(state.outboxDue.keys) {
                if let due = state.earliestDueOutbox(account: account), due <= now {
                    accounts.append(account)
                }
            }
            return accounts.sorted()
        }
    }

    // MARK: - MO messages

    public func recordMobileOriginated(_ messages: [MobileOriginatedMessage]) async throws {
        try write { state in
            var seen = Set<CMPPMessageID>()
            for message in messages {
                guard state.mobileOriginated[message.messageID] == nil, !state.isStored(message.messageID),
                    seen.insert(message.messageID).inserted
                else {
                    throw GatewayStoreError.duplicateMessageID(message.messageID)
                }
                _ = try message.outboxEntry?.encodedDeliver()
            }
            for var message in messages {
                message.receivedAt = message.receivedAt.truncatedToStoreMilliseconds
                message.state = message.account == nil ? .unrouted : .waiting
                let day = state.day(of: message.receivedAt, in: days)
                state.mobileOriginated[message.messageID] = MobileOriginatedRecord(message: message, day: day)
                state.noteMessageID(message.messageID)
                if let account = message.account, let entry = message.outboxEntry {
                    let key = DailyStatisticsKey(account: account, day: day, serviceID: message.serviceID)
                    state.statistics[key, default: QueryStatistics()].moReceived += 1
                    Self.insert(entry, into: &state)
                }
            }
        }
    }

    public func mobileOriginated(_ messageID: CMPPMessageID) async throws -> MobileOriginatedMessage? {
        try read { $0.mobileOriginated[messageID]?.message }
    }

    // MARK: - Statistics

    public func statistics(account: String, day: String, serviceID: String?) async throws -> QueryStatistics {
        guard StatisticsDay.isValid(day) else {
            throw GatewayStoreError.invalidArgument("the day is not YYYYMMDD")
        }
        return try read { state in
            if let serviceID {
                return state.statistics[DailyStatisticsKey(account: account, day: day, serviceID: serviceID)]
                    ?? QueryStatistics()
            }
            return state.statistics.filter { $0.key.account == account && $0.key.day == day }.values
                .reduce(QueryStatistics(), +)
        }
    }

    // MARK: - Life cycle

    public func close() async throws {
        state.withLock { $0.isClosed = true }
    }
}

extension OutboxEntry.State {
    /// The ``StatusReportState`` of a report whose outbox entry is in this state.
    var reportState: StatusReportState {
        switch self {
        case .pending: .queued
        case .inFlight: .sentToSP
        case .acknowledged: .acknowledged
        case .expired: .expired
        }
    }
}
