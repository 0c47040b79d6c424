import CMPPCore
import Foundation
import Logging
import Synchronization

/// Moves accepted MT messages to the ``GatewayDownstream`` and brings back what happens to them (issue #5
/// §4–§6), from one loop that works in batches:
///
/// - **MT**: a message committed by the store (SUBMIT_RESP Result 0 sent) is handed over when its At_Time
///   comes (scheduled ones due within ``scheduleHorizon`` wait in a time-ordered queue; later ones stay in the
///   store only and are read back as their time approaches, so memory does not grow with how much SPs schedule
///   ahead); one whose ValId_Time has passed is not sent and gets `EXPIRED`. Recipients are recorded as sent
///   downstream first (``GatewayStore/markSentDownstream(_:at:)``
///   returns only those still accepted, so a message cancelled meanwhile is never sent).
/// - **Outcomes** from the downstream are recorded with their status reports (Registered_Delivery 1, §7.4.5.1)
///   in batches — gathered for up to ``outcomeFlushInterval`` — and the accounts' outbox pushers are woken.
/// - **MO** messages get a Msg_Id, are routed to the account whose service code is the longest prefix of
///   `Dest_Id` (or to a lenient account whose SP_Id prefixes it), and are stored with their outbox entries; an unroutable one is stored as unrouted and logged
///   at debug.
/// - **Recovery** at start: messages with recipients still accepted are dispatched again, those sent
///   downstream without an outcome are submitted again for the downstream to decide.
///
/// A store error keeps the batch and tries again after ``retryDelay``. Outcomes are the exception when the store
/// refuses what it is given (``recordOutcomes(_:)``): their batch is recorded one outcome at a time and the
/// refused ones are dropped with a warning, as are outcomes for a recipient the message does not have, so one
/// bad outcome from a downstream never holds back the reports after it.
///
/// **Back-pressure**: the MT messages committed but not yet handed downstream — the inbox and the batch
/// being sent, not those waiting for their At_Time — are counted in a ``DispatchBacklog``, at whose limit
/// the gateway answers new SUBMITs with Result 8 (§7.4.3.2).
final class GatewayDispatcher: GatewayDownstreamSink, Sendable {
    private struct Inbox {
        var accepted: [AcceptedMessage] = []
        var outcomes: [DownstreamOutcome] = []
        var mobileOriginated: [DownstreamMobileOriginated] = []
        var withdrawn: Set<CMPPMessageID> = []
    }

    /// How long a batch the store refused waits before the next try.
    static let retryDelay: Duration = .seconds(1)
    /// How long outcomes may wait to be recorded together: gathered, they go into the store in fewer, fuller
    /// transactions; but each gathering is written in one burst of slices, which the SUBMITs committed meanwhile
    /// share the writer with. Issue #6, seventh round: since the SQLite store appends outcomes (no longer
    /// rewriting the recipients' rows, which favoured long gatherings), 100 ms beat 250 ms in every interleaved
    /// group (p99 medians 1.96, 2.30, 2.02 ms against 2.93, 2.85, 2.14 ms at half the peak), and 50 ms did about
    /// as well as 100. A status report waits this much longer at most: nothing next to the network's own seconds.
    static let outcomeFlushInterval: Duration = .milliseconds(100)
    /// Outcomes recorded at once without waiting for the interval.
    static let outcomeBatchSize = 8192
    /// The shortest time from the start of one of the loop's passes to the start of the next: woken sooner,
    /// the loop waits out the rest, and what arrives meanwhile goes into the next pass. At 10 000 SUBMITs/s the
    /// loop was woken for every commit of two or three messages, and each pass queued its own "sent downstream"
    /// marks on the store's writer, beside the SUBMITs. Gathered for 2 ms, a pass takes ~20 messages: fewer
    /// wake-ups of the loop and fewer, fuller relaxed transactions. Issue #6, eighth round: the p99 median was
    /// lower in seven of eight interleaved groups at half the peak (group medians 2.39–5.21 ms, median 2.97,
    /// against 2.94–11.4 ms, median 4.17); 10 ms was worse (6.2 ms). A message reaches the downstream at most
    /// this much later.
    static let minimumPassInterval: Duration = .milliseconds(2)
    /// Messages read per page during recovery.
    static let recoveryPageSize = 1000
    /// How many store errors in a row recovery waits out (``retryDelay`` apart) before it gives up.
    static let recoveryAttempts = 30
    /// How far ahead scheduled messages are kept in memory: those due later are read back from the store
    /// (``GatewayStore/scheduledMessages(dueAfter:through:after:limit:)``) once less than half of it is left.
    static let scheduleHorizon: Duration = .seconds(600)

    private let store: any GatewayStore
    private let downstream: any GatewayDownstream
    private let directory: AccountDirectory
    private let generator: CMPPMessageIDGenerator
    private let reports: StatusReportFactory
    private let outboxChanged: @Sendable (Set<String>) -> Void
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let inbox = Mutex(Inbox())
    private let wake = WakeSignal()
    private let backlog: DispatchBacklog
    private let scheduleHorizon: TimeInterval
    private let passInterval: Duration
    private let scheduledInMemory = Atomic<Int>(0)

    /// - Parameters:
    ///   - backlog: counts the recipients of committed messages until they are handed downstream.
    ///   - scheduleHorizon: how far ahead scheduled messages are kept in memory.
    ///   - passInterval: the shortest time between the starts of two passes (``minimumPassInterval``).
    ///   - outboxChanged: called with the accounts whose outbox got new entries.
    init(
        store: any GatewayStore,
        downstream: any GatewayDownstream,
        directory: AccountDirectory,
        generator: CMPPMessageIDGenerator,
        backlog: DispatchBacklog,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() },
        scheduleHorizon: Duration = GatewayDispatcher.scheduleHorizon,
        passInterval: Duration = GatewayDispatcher.minimumPassInterval,
        outboxChanged: @escaping @Sendable (Set<String>) -> Void
    ) {
        self.scheduleHorizon = scheduleHorizon.timeInterval
        self.passInterval = passInterval
        self.store = store
        self.downstream = downstream
        self.directory = directory
        self.generator = generator
        self.reports = StatusReportFactory(generator: generator)
        self.backlog = backlog
        self.logger = logger
        self.now = now
        self.outboxChanged = outboxChanged
    }

    // MARK: - Incoming

    /// Messages the store has committed (their SUBMIT_RESP said Result 0); their recipients enter the backlog.
    func dispatch(_ messages: [AcceptedMessage]) {
        guard !messages.isEmpty else { return }
        backlog.enter(messages.recipientCount)
        inbox.withLock { $0.accepted.append(contentsOf: messages) }
        wake.signal()
    }

    /// A message cancelled by CMPP_CANCEL (§7.4.6): drop it from the schedule. (The store already refuses to
    /// mark a cancelled message as sent, so this only frees the memory early.)
    func withdraw(_ messageID: CMPPMessageID) {
        inbox.withLock { _ = $0.withdrawn.insert(messageID) }
        wake.signal()
    }

    func record(_ outcomes: [DownstreamOutcome]) {
        guard !outcomes.isEmpty else { return }
        inbox.withLock { $0.outcomes.append(contentsOf: outcomes) }
        wake.signal()
    }

    func receive(_ messages: [DownstreamMobileOriginated]) {
        guard !messages.isEmpty else { return }
        inbox.withLock { $0.mobileOriginated.append(contentsOf: messages) }
        wake.signal()
    }

    // MARK: - Loop

    /// Recovers what the store left undone, then dispatches until the task is cancelled.
    func run() async {
        var loop = Loop()
        // Recovered messages scheduled later than this stay in the store until their time approaches.
        loop.scheduledThrough = now().addingTimeInterval(scheduleHorizon)
        await recover(into: &loop)
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let passStarted = clock.now
            let incoming = inbox.withLock { inbox in
                defer { inbox = Inbox() }
                return inbox
            }
            loop.withdrawn.formUnion(incoming.withdrawn)
            let current = now()
            var failedAgain = false

            var due: [AcceptedMessage] = []
            var expired: [AcceptedMessage] = []
            // The backlog: the inbox's recipients are in it; those of messages due from the schedule enter it
            // while they are sent; what is scheduled for later or has expired leaves it now, the rest once sent.
            var classified = 0
            for message in incoming.accepted {
                classified += message.recipients.count
                loop.classify(message, now: current, due: &due, expired: &expired)
            }
            var dueAgain = 0
            for message in loop.scheduled.popDue(now: current) {
                if loop.withdrawn.remove(message.messageID) != nil { continue }
                dueAgain += message.recipients.count
                loop.classify(message, now: current, due: &due, expired: &expired)
            }
            // After the inbox is classified: a message it holds that the store also returns is then kept once.
            var scheduleRetry: Date?
            if loop.scheduledThrough.addingTimeInterval(-scheduleHorizon / 2) <= current {
                do {
                    try await readSchedule(into: &loop, through: current.addingTimeInterval(scheduleHorizon))
                } catch {
                    logger.debug("scheduled messages not read, retrying", metadata: ["feige.error": "\(error)"])
                    scheduleRetry = current.addingTimeInterval(Self.retryDelay.timeInterval)
                }
            }
            let nextScheduleRead = scheduleRetry ?? loop.scheduledThrough.addingTimeInterval(-scheduleHorizon / 2)
            if loop.scheduled.isEmpty { loop.withdrawn.removeAll() }
            scheduledInMemory.store(loop.scheduled.count, ordering: .relaxed)
            let sending = due.recipientCount
            backlog.enter(dueAgain)
            backlog.leave(classified + dueAgain - sending)

            loop.outcomes += incoming.outcomes
            for message in expired {
                let context = StatusReportFactory.MessageContext(message)
                loop.contexts[message.messageID] = (context, message.recipients.count)
                let doneAt = message.validUntil.map { max($0, message.submittedAt) } ?? current
                loop.outcomes += message.recipientKeys.map {
                    DownstreamOutcome(recipient: $0, stat: .expired, doneAt: doneAt)
                }
            }
            if !due.isEmpty {
                do {
                    loop.outcomes += try await send(due, loop: &loop, now: current)
                    backlog.leave(sending)
                } catch {
                    // Back to the inbox, still in the backlog.
                    logger.debug("dispatch batch not recorded, retrying", metadata: ["feige.error": "\(error)"])
                    inbox.withLock { $0.accepted.insert(contentsOf: due, at: 0) }
                    failedAgain = true
                }
            }
            // Outcomes become records (their status reports made) as they come, so that work is spread out;
            // the records wait up to one flush interval to be stored together: reports are not urgent, and
            // larger batches rewrite fewer of the store's pages. The store cuts a batch into transactions of its
            // own size, so the SUBMITs waiting for their commit go between them.
            if !loop.outcomes.isEmpty {
                do {
                    try await prepareOutcomes(&loop, now: current)
                } catch {
                    logger.debug("outcomes not prepared, retrying", metadata: ["feige.error": "\(error)"])
                    failedAgain = true
                }
            }
            var outcomesDue: Date?
            if !loop.records.isEmpty {
                let flushAt = loop.lastOutcomeFlush.addingTimeInterval(Self.outcomeFlushInterval.timeInterval)
                if current >= flushAt || loop.records.count >= Self.outcomeBatchSize {
                    let (records, accounts) = (loop.records, loop.reportAccounts)
                    (loop.records, loop.reportAccounts) = ([], [])
                    loop.lastOutcomeFlush = current
                    do {
                        let left = try await recordOutcomes(records)
                        if !accounts.isEmpty { outboxChanged(accounts) }
                        if !left.isEmpty {
                            loop.records = left + loop.records
                            loop.reportAccounts.formUnion(accounts)
                            failedAgain = true
                        }
                    } catch {
                        // Recorded outcomes are skipped when recorded again: the whole batch is retried.
                        logger.debug("outcomes not recorded, retrying", metadata: ["feige.error": "\(error)"])
                        loop.records = records + loop.records
                        loop.reportAccounts.formUnion(accounts)
                        failedAgain = true
                    }
                } else {
                    outcomesDue = flushAt
                }
            }
            if !incoming.mobileOriginated.isEmpty {
                do {
                    try await recordMobileOriginated(incoming.mobileOriginated, now: current)
                } catch {
                    logger.debug("MO batch not recorded, retrying", metadata: ["feige.error": "\(error)"])
                    inbox.withLock { $0.mobileOriginated.insert(contentsOf: incoming.mobileOriginated, at: 0) }
                    failedAgain = true
                }
            }

            var timeout = min(loop.scheduled.nextDue ?? nextScheduleRead, nextScheduleRead).duration(since: now())
            if let outcomesDue { timeout = min(timeout, outcomesDue.duration(since: now())) }
            if failedAgain { timeout = min(timeout, Self.retryDelay) }
            await wake.wait(timeout: timeout)
            // Gather: what arrives before the pass interval is up joins the next pass (cancelled, it stops). On
            // the loop the dispatcher runs on: see ``CallerLoopTimer``.
            let nextPass = passStarted + passInterval
            if nextPass > clock.now {
                await CallerLoopTimer.sleep(until: nextPass)
            }
        }
        // Stopping: record what was decided (the store closes after this task); anything left undecided is
        // decided again after a restart, which means sent to the network again, so a refused record does not
        // take the others of its batch with it.
        loop.outcomes += inbox.withLock { $0.outcomes }
        try? await prepareOutcomes(&loop, now: now())
        if !loop.records.isEmpty {
            do {
                _ = try await recordOutcomes(loop.records)
            } catch {
                logger.debug("outcomes not recorded before stopping", metadata: ["feige.error": "\(error)"])
            }
        }
    }

    /// What the loop task alone owns.
    private struct Loop {
        /// Messages waiting for their At_Time, those due up to ``scheduledThrough``.
        var scheduled = TimedQueue<AcceptedMessage>()
        /// Every message scheduled up to this instant is in ``scheduled`` (or sent); those scheduled later are in
        /// the store only.
        var scheduledThrough = Date.distantPast
        /// Cancelled Msg_Ids still to be dropped from ``scheduled``.
        var withdrawn: Set<CMPPMessageID> = []
        /// Outcomes not yet turned into records.
        var outcomes: [DownstreamOutcome] = []
        /// Records of outcomes, with their status reports, waiting to be stored.
        var records: [DeliveryOutcome] = []
        /// The accounts whose status reports are among ``records``.
        var reportAccounts: Set<String> = []
        /// When outcomes were last recorded.
        var lastOutcomeFlush = Date.distantPast
        /// Messages sent downstream, with the number of outcomes still expected.
        var contexts: [CMPPMessageID: (context: StatusReportFactory.MessageContext, remaining: Int)] = [:]

        mutating func classify(
            _ message: AcceptedMessage,
            now: Date,
            due: inout [AcceptedMessage],
            expired: inout [AcceptedMessage]
        ) {
            if let validUntil = message.validUntil, validUntil <= now {
                expired.append(message)
            } else if let deliverAt = message.deliverAt, deliverAt > now {
                // Scheduled beyond the horizon: committed, so read back from the store in time.
                if deliverAt <= scheduledThrough {
                    scheduled.insert(message, due: deliverAt)
                }
            } else {
                due.append(message)
            }
        }
    }

    /// How many scheduled messages the dispatcher holds in memory (as of its last pass).
    var scheduledMessagesInMemory: Int {
        scheduledInMemory.load(ordering: .relaxed)
    }

    /// Reads the messages scheduled after `loop.scheduledThrough` and up to `end` from the store into the
    /// schedule, and moves `loop.scheduledThrough` to `end`; on a store error, takes none of them.
    private func readSchedule(into loop: inout Loop, through end: Date) async throws {
        var read: [AcceptedMessage] = []
        var cursor: CMPPMessageID?
        while true {
            let page = try await store.scheduledMessages(
                dueAfter: loop.scheduledThrough,
                through: end,
                after: cursor,
                limit: Self.recoveryPageSize
            )
            read += page.map(\.message)
            guard page.count == Self.recoveryPageSize, let last = page.last else { break }
            cursor = last.message.messageID
        }
        for message in read {
            if let deliverAt = message.deliverAt {
                loop.scheduled.insert(message, due: deliverAt)
            }
        }
        loop.scheduledThrough = end
    }

    /// Records `messages`' recipients as sent downstream and submits those the store let through; returns
    /// the failures of parts the downstream refused.
    private func send(_ messages: [AcceptedMessage], loop: inout Loop, now: Date) async throws -> [DownstreamOutcome] {
        let keys = messages.flatMap(\.recipientKeys)
        let moved = try await store.markSentDownstream(keys, at: now)
        guard !moved.isEmpty else { return [] }
        var parts: [DownstreamMessage] = []
        parts.reserveCapacity(messages.count)
        if moved.count == keys.count {
            // The common case: nothing was cancelled or sent meanwhile, every recipient of every message moved
            // (the store returns a subset of the keys, each once) — no need to match them up.
            for message in messages { parts.append(DownstreamMessage(message: message)) }
        } else {
            var movedByMessage: [CMPPMessageID: [Int]] = [:]
            for key in moved { movedByMessage[key.messageID, default: []].append(key.index) }
            for message in messages {
                guard let indices = movedByMessage.removeValue(forKey: message.messageID) else { continue }
                let recipients = indices.map { index in
                    DownstreamMessage.Recipient(
                        key: RecipientKey(messageID: message.messageID, index: index),
                        terminalID: message.recipients[index]
                    )
                }
                parts.append(DownstreamMessage(message: message, recipients: recipients))
            }
        }
        return await submit(parts, loop: &loop, now: now)
    }

    /// Hands `parts` to the downstream in one call, noting what their outcomes will need; returns the
    /// failures of parts it refused.
    private func submit(_ parts: [DownstreamMessage], loop: inout Loop, now: Date) async -> [DownstreamOutcome] {
        guard !parts.isEmpty else { return [] }
        for part in parts {
            let context = StatusReportFactory.MessageContext(part.message)
            let previous = loop.contexts[part.messageID]?.remaining ?? 0
            loop.contexts[part.messageID] = (context, previous + part.recipients.count)
        }
        let acceptances = await downstream.submit(parts)
        var failures: [DownstreamOutcome] = []
        for (part, acceptance) in zip(parts, acceptances) {
            if case .rejected(let stat) = acceptance {
                failures += part.recipients.map { DownstreamOutcome(recipient: $0.key, stat: stat, doneAt: now) }
            }
        }
        return failures
    }

    /// Whether the store refused what it was given (rather than failed to store it): the same records would
    /// be refused again.
    static func refusesRecords(_ error: GatewayStoreError) -> Bool {
        let refusals: [GatewayStoreError.Code] = [
            .unknownMessage, .invalidTransition, .invalidArgument, .duplicateMessageID, .corruptRecord,
        ]
        return refusals.contains(error.code)
    }

    /// Records `records` in one call. When the store refuses the batch (a record it refuses would fail it on
    /// every retry, and every later outcome with it), records them one at a time instead, dropping (and logging)
    /// each it refuses, and returns the records from the first that failed otherwise on, to be retried. Throws
    /// when the batch fails otherwise: then none of it is known to be recorded.
    private func recordOutcomes(_ records: [DeliveryOutcome]) async throws -> [DeliveryOutcome] {
        do {
            try await store.recordOutcomes(records)
            return []
        } catch let error as GatewayStoreError where Self.refusesRecords(error) {
            logger.debug("outcomes refused, recording them one by one", metadata: ["feige.error": "\(error)"])
        }
        for (offset, record) in records.enumerated() {
            do {
                try await store.recordOutcomes([record])
            } catch let error as GatewayStoreError where Self.refusesRecords(error) {
                logger.warning(
                    "outcome refused by the store, dropped",
                    metadata: ["cmpp.msg_id": "\(record.recipient.messageID)", "feige.error": "\(error)"]
                )
            } catch {
                return Array(records[offset...])
            }
        }
        return []
    }

    /// Turns `loop.outcomes` into records with their status reports (§7.4.5.1), in order, into `loop.records`;
    /// a store error looking up a message leaves that outcome and those after it for the next try.
    private func prepareOutcomes(_ loop: inout Loop, now: Date) async throws {
        var prepared = 0
        defer { loop.outcomes.removeFirst(prepared) }
        for outcome in loop.outcomes {
            let messageID = outcome.recipient.messageID
            var context = loop.contexts[messageID]?.context
            if context == nil, let stored = try await store.message(messageID) {
                context = StatusReportFactory.MessageContext(stored.message)
            }
            prepared += 1
            guard let context else {
                logger.debug("outcome for an unknown message dropped", metadata: ["cmpp.msg_id": "\(messageID)"])
                continue
            }
            // A downstream's bug, not a race: stored, it would fail its whole batch every time it is retried and
            // hold every later outcome back with it.
            guard context.recipients.indices.contains(outcome.recipient.index) else {
                logger.warning(
                    "outcome for a recipient the message does not have dropped",
                    metadata: ["cmpp.msg_id": "\(messageID)", "feige.recipient": "\(outcome.recipient.index)"]
                )
                continue
            }
            let record = reports.deliveryOutcome(outcome, of: context, now: now)
            if record.report != nil { loop.reportAccounts.insert(context.account) }
            loop.records.append(record)
            // A message's context goes with its last expected outcome: its record carries what it needs.
            if let index = loop.contexts.index(forKey: messageID) {
                if loop.contexts.values[index].remaining <= 1 {
                    loop.contexts.remove(at: index)
                } else {
                    loop.contexts.values[index].remaining -= 1
                }
            }
        }
    }

    private func recordMobileOriginated(_ messages: [DownstreamMobileOriginated], now: Date) async throws {
        var accounts: Set<String> = []
        let records = messages.map { message in
            let account = route(message.destinationID)
            if let account {
                accounts.insert(account.spID)
            } else {
                logger.debug("MO message matches no account's service code: recorded as unrouted")
            }
            return MobileOriginatedMessage(
                messageID: generator.next(at: now),
                sourceTerminalID: message.sourceTerminalID,
                destinationID: message.destinationID,
                serviceID: message.serviceID,
                tpPID: message.tpPID,
                tpUDHI: message.tpUDHI,
                messageFormat: message.messageFormat,
                content: message.content,
                receivedAt: message.receivedAt,
                routing: account.map { .account($0.spID) } ?? .unrouted
            )
        }
        try await store.recordMobileOriginated(records)
        if !accounts.isEmpty { outboxChanged(accounts) }
    }

    /// The account an MO to `destinationID` goes to: the longest service-code prefix (issue #5 §6); failing
    /// that, a lenient account whose SP_Id the number starts with — test tools put their SP_Id in Src_Id
    /// (issue #5 §9), so replies to their MT come back addressed to it.
    private func route(_ destinationID: String) -> GatewayAccount? {
        if let account = directory.account(forMODestination: destinationID) { return account }
        return directory.accounts.first { $0.isLenient && destinationID.hasPrefix($0.spID) }
    }

    // MARK: - Recovery

    /// Dispatches again what the store left undispatched, then submits again what it left undecided, page by
    /// page. A store error waits and reads the page that failed again (``recoveryPage(_:)``): giving up at once
    /// left those messages undecided until the next restart, and starting over would submit the pages before it
    /// to the network a second time.
    private func recover(into loop: inout Loop) async {
        var recovered = 0
        defer {
            if recovered > 0 {
                logger.debug("recovered messages from the store", metadata: ["feige.count": "\(recovered)"])
            }
        }
        let dispatched = await forEachRecoveryPage { cursor in
            try await self.store.undispatchedMessages(after: cursor, limit: Self.recoveryPageSize)
        } _: { page in
            recovered += page.count
            dispatch(page.map(\.message))
        }
        guard dispatched else { return }
        await forEachRecoveryPage { cursor in
            try await self.store.undecidedMessages(after: cursor, limit: Self.recoveryPageSize)
        } _: { page in
            recovered += page.count
            for stored in page {
                let recipients = stored.recipients.filter { $0.state == .sentDownstream }.map {
                    DownstreamMessage.Recipient(key: $0.key, terminalID: $0.terminalID)
                }
                guard !recipients.isEmpty else { continue }
                let refused = await submit(
                    [DownstreamMessage(message: stored.message, recipients: recipients)],
                    loop: &loop,
                    now: now()
                )
                record(refused)
            }
        }
    }

    /// Reads a recovery query page by page, each after the last Msg_Id of the one before
    /// (``recoveryPage(_:)`` waits out store errors), and hands each page to `body`, until one comes back empty;
    /// `false` when recovery gave up or the task was cancelled.
    @discardableResult
    private func forEachRecoveryPage(
        _ read: (CMPPMessageID?) async throws -> [StoredMessage],
        _ body: ([StoredMessage]) async -> Void
    ) async -> Bool {
        var cursor: CMPPMessageID?
        while true {
            guard let page = await recoveryPage({ try await read(cursor) }) else { return false }
            guard let last = page.last else { return true }
            cursor = last.message.messageID
            await body(page)
        }
    }

    /// One page of recovery's reads. A store error waits ``retryDelay`` and reads it again, up to
    /// ``recoveryAttempts`` times in a row (the dispatcher does not start before recovery ends), and not at all
    /// once the store is closed; `nil` when recovery gives up, or the task is cancelled.
    private func recoveryPage(_ read: () async throws -> [StoredMessage]) async -> [StoredMessage]? {
        var failures = 0
        while !Task.isCancelled {
            do {
                return try await read()
            } catch {
                failures += 1
                let closed = (error as? GatewayStoreError)?.code == .closed
                guard failures < Self.recoveryAttempts, !closed else {
                    logger.warning("recovery stopped by a store error", metadata: ["feige.error": "\(error)"])
                    return nil
                }
                logger.debug("recovery paused by a store error, retrying", metadata: ["feige.error": "\(error)"])
                try? await Task.sleep(for: Self.retryDelay)
            }
        }
        return nil
    }
}
