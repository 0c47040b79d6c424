import CMPPCore
import Foundation

/// The gateway's durable record of every message and every state it passes through (issue #5 §4).
///
/// The seam between the gateway and its database: ``SQLiteGatewayStore`` (embedded, the default) and
/// ``InMemoryGatewayStore`` (tests, `feige bench --store memory`) implement it today; a PostgreSQL store
/// shared by several gateway nodes can implement it later. It therefore speaks only in CMPP terms, every
/// call is asynchronous, and the calls on the hot path take batches.
///
/// ### Durability and group commit
/// A SUBMIT is answered with Result 0 only after ``accept(_:completion:)`` completes: the message is then
/// committed (with ``SQLiteGatewayStore`` and `synchronous` FULL, it survives a power loss). Writes from
/// all connections are queued and committed together, one transaction per batch, so durability does not
/// cost a disk flush per message.
///
/// ### Message life cycle (MT)
/// 1. ``accept(_:completion:)``: every recipient ``RecipientDeliveryState/accepted``.
/// 2. ``markSentDownstream(_:at:)`` just before handing recipients to the downstream network.
/// 3. ``recordOutcomes(_:)`` with the final state, queueing the status report (§7.4.5.1) in the outbox.
/// 4. The outbox: ``claimDue(account:limit:now:lease:)`` (report ``StatusReportState/sentToSP``), then
///    ``acknowledge(_:account:at:)`` on DELIVER_RESP (report ``StatusReportState/acknowledged``), or
///    ``release(_:account:retryAt:)`` to try again, or ``expireOutbox(now:horizon:)``.
///
/// ### Recovery after a restart
/// ``undispatchedMessages(after:limit:)`` (to dispatch again), ``undecidedMessages(after:limit:)`` (for
/// the downstream network to decide again), ``scheduledMessages(dueAfter:through:after:limit:)`` (At_Time
/// messages as their time approaches), ``accountsWithDueOutbox(now:)`` (in-flight entries whose
/// lease ran out are due again by themselves), ``latestMessageID(gateway:)`` (to start the Msg_Id
/// generator after it).
///
/// Msg_Ids are compared and paged in the order of their 64-bit pattern read as a signed integer, the
/// order both SQLite and PostgreSQL keep a `BIGINT` key in.
public protocol GatewayStore: Sendable {
    // MARK: - MT messages (§7.4.3 CMPP_SUBMIT)

    /// Stores accepted SUBMITs durably and calls `completion` once they are committed (or failed).
    ///
    /// For callers on a NIO event loop: the call only enqueues; `completion` runs on the store's writer,
    /// so hop back to the channel's event loop to write SUBMIT_RESP. A message whose Msg_Id is already
    /// stored fails the call with ``GatewayStoreError/Code/duplicateMessageID`` and stores none of the
    /// messages passed in it.
    func accept(_ messages: [AcceptedMessage], completion: @escaping @Sendable (Result<Void, any Error>) -> Void)

    /// Marks recipients as handed to the downstream network and returns those that moved from
    /// ``RecipientDeliveryState/accepted``: only these may be sent (the others were cancelled, decided or
    /// already sent meanwhile). Unknown recipients are left out of the result.
    func markSentDownstream(_ recipients: [RecipientKey], at date: Date) async throws -> [RecipientKey]

    /// Records final states and queues their status reports. Recipients that already have a final state are
    /// skipped (with their reports), so recording the same outcomes again is harmless; an unknown recipient
    /// fails the call with ``GatewayStoreError/Code/unknownMessage`` and a non-final state with
    /// ``GatewayStoreError/Code/invalidTransition``.
    ///
    /// An outcome and its report are recorded together, but a large call may be committed in several
    /// transactions (the store picks their size and order), and a failed call may have recorded some of its
    /// outcomes: the caller retries the whole call.
    func recordOutcomes(_ outcomes: [DeliveryOutcome]) async throws

    /// CMPP_CANCEL (§7.4.6): cancels the message if `account` owns it and no recipient has been sent
    /// downstream yet.
    func cancel(_ messageID: CMPPMessageID, account: String, at date: Date) async throws -> CancelOutcome

    /// The stored message with this Msg_Id and its recipients' states.
    func message(_ messageID: CMPPMessageID) async throws -> StoredMessage?

    // MARK: - Recovery

    /// Messages with at least one recipient still ``RecipientDeliveryState/accepted``, in Msg_Id order,
    /// after `cursor` (exclusive; `nil` from the start), at most `limit`.
    func undispatchedMessages(after cursor: CMPPMessageID?, limit: Int) async throws -> [StoredMessage]

    /// Messages with at least one recipient ``RecipientDeliveryState/sentDownstream`` (no final state), in
    /// Msg_Id order, after `cursor`, at most `limit`.
    func undecidedMessages(after cursor: CMPPMessageID?, limit: Int) async throws -> [StoredMessage]

    /// Messages with at least one recipient still ``RecipientDeliveryState/accepted`` whose At_Time
    /// (``AcceptedMessage/deliverAt``) is after `start` and at or before `end`, in Msg_Id order after `cursor`
    /// (exclusive; `nil` from the start), at most `limit`: the dispatcher keeps only the messages due soon in
    /// memory and reads the later ones back as their time approaches.
    func scheduledMessages(
        dueAfter start: Date,
        through end: Date,
        after cursor: CMPPMessageID?,
        limit: Int
    ) async throws -> [StoredMessage]

    /// The latest Msg_Id of this gateway code the store has seen (MT, MO or outbox): what
    /// `CMPPMessageIDGenerator(startingAfter:)` needs after a restart. "Latest" reads the year-less stamps
    /// on a one-year circle, so January's ids follow December's.
    func latestMessageID(gateway: Int) async throws -> CMPPMessageID?

    // MARK: - Outbox (§7.4.5 CMPP_DELIVER)

    /// Queues DELIVERs for SPs. A status-report entry sets its recipient's report to
    /// ``StatusReportState/queued``. Normally reports are queued by ``recordOutcomes(_:)`` and MO messages
    /// by ``recordMobileOriginated(_:)``; this is for anything else the gateway sends (e.g. a duplicate
    /// report injected as a fault).
    func enqueue(_ entries: [OutboxEntry]) async throws

    /// Claims up to `limit` entries of `account` that are due at `now` (pending and due, or in flight with
    /// the lease run out), oldest due first: each becomes ``OutboxEntry/State-swift.enum/inFlight`` with its
    /// attempts counted and `now + lease` as its next attempt.
    func claimDue(account: String, limit: Int, now: Date, lease: Duration) async throws -> [OutboxEntry]

    /// Marks entries acknowledged by the SP's DELIVER_RESP (§7.4.5.2). Entries of other accounts and
    /// entries no longer open are ignored.
    func acknowledge(_ ids: [CMPPMessageID], account: String, at date: Date) async throws

    /// Puts in-flight entries back to pending, due at `retryAt` (the link dropped, the SP answered with an
    /// error Result, or the gateway gave up waiting).
    func release(_ ids: [CMPPMessageID], account: String, retryAt: Date) async throws

    /// Expires the open entries queued more than `horizon` before `now` and returns how many: their
    /// reports become ``StatusReportState/expired`` and their MO messages
    /// ``MobileOriginatedMessage/State-swift.enum/failed``.
    func expireOutbox(now: Date, horizon: Duration) async throws -> Int

    /// The accounts with at least one entry due at `now`.
    func accountsWithDueOutbox(now: Date) async throws -> [String]

    // MARK: - MO messages

    /// Records MO messages with their routing result and queues the routed ones in their accounts'
    /// outboxes, in one transaction.
    func recordMobileOriginated(_ messages: [MobileOriginatedMessage]) async throws

    /// The stored MO message with this Msg_Id.
    func mobileOriginated(_ messageID: CMPPMessageID) async throws -> MobileOriginatedMessage?

    // MARK: - Statistics (§7.4.4 CMPP_QUERY)

    /// The counts of ``QueryStatistics`` for `account` on `day` (`YYYYMMDD`): for one Service_Id
    /// (Query_Type 1) or, with `nil`, all of them (Query_Type 0).
    func statistics(account: String, day: String, serviceID: String?) async throws -> QueryStatistics

    // MARK: - Life cycle

    /// Commits what is queued, then closes. Later calls fail with ``GatewayStoreError/Code/closed``.
    func close() async throws
}

extension GatewayStore {
    /// Stores accepted SUBMITs durably; returns once they are committed. See ``accept(_:completion:)``.
    public func accept(_ messages: [AcceptedMessage]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            accept(messages) { result in
                continuation.resume(with: result)
            }
        }
    }

    /// The counts a CMPP_QUERY (§7.4.4.1) asks for: Query_Type 0 totals, 1 for the Service_Id in
    /// Query_Code.
    public func statistics(for query: CMPPQuery, account: String) async throws -> QueryStatistics {
        switch query.queryType {
        case 0:
            return try await statistics(account: account, day: query.time, serviceID: nil)
        case 1:
            return try await statistics(account: account, day: query.time, serviceID: query.queryCode)
        default:
            throw GatewayStoreError.invalidArgument("Query_Type \(query.queryType) is neither 0 nor 1")
        }
    }

    /// Expires the open outbox entries older than the gateway's default horizon, 48 hours
    /// (``GatewayDefaults/outboxExpiry``).
    public func expireOutbox(now: Date) async throws -> Int {
        try await expireOutbox(now: now, horizon: GatewayDefaults.outboxExpiry)
    }
}
