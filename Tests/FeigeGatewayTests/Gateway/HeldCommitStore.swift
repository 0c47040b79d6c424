import CMPPCore
import FeigeGateway
import Foundation
import NIOConcurrencyHelpers

/// An in-memory store whose commits of accepted SUBMITs can be held back (to fill a link's window) or
/// failed (to see Result 9), whose "sent downstream" marks can be failed (to see the dispatcher retry), whose
/// outcomes of one recipient can be refused (to see the dispatcher drop them) and whose scans for undecided
/// messages can fail (to see recovery go on);
/// everything else goes straight to the wrapped store.
final class HeldCommitStore: GatewayStore {
    private struct State {
        var isHolding = false
        var failure: (any Error)?
        var held: [([AcceptedMessage], @Sendable (Result<Void, any Error>) -> Void)] = []
        var acceptedCount = 0
        var markFailure: (any Error)?
        var markAttempts = 0
        var refusedOutcome: RecipientKey?
        var failingScans = 0
        var undecidedScans = 0
    }

    let base = InMemoryGatewayStore()
    private let state = NIOLockedValueBox(State())

    init(holding: Bool = false, failing failure: (any Error)? = nil) {
        state.withLockedValue {
            $0.isHolding = holding
            $0.failure = failure
        }
    }

    /// How many messages were handed to ``accept(_:completion:)`` so far.
    var acceptedCount: Int { state.withLockedValue { $0.acceptedCount } }

    /// How many times ``markSentDownstream(_:at:)`` was called so far.
    var markAttempts: Int { state.withLockedValue { $0.markAttempts } }

    /// How many times ``undecidedMessages(after:limit:)`` was called so far: a dispatcher's recovery reads
    /// the undispatched messages first, so once this is above 0 it has read them all.
    var undecidedScans: Int { state.withLockedValue { $0.undecidedScans } }

    /// Makes ``markSentDownstream(_:at:)`` throw `failure` from now on; `nil` lets it through again.
    func failMarkingSentDownstream(_ failure: (any Error)?) {
        state.withLockedValue { $0.markFailure = failure }
    }

    /// Makes the next `count` calls of ``undecidedMessages(after:limit:)`` fail, as a database error would.
    func failUndecidedScans(_ count: Int) {
        state.withLockedValue { $0.failingScans = count }
    }

    /// Makes every ``recordOutcomes(_:)`` call that holds an outcome of `recipient` fail, recording nothing,
    /// as a store refuses a record it cannot take (``GatewayStoreError/Code/invalidTransition``).
    func refuseOutcomes(of recipient: RecipientKey) {
        state.withLockedValue { $0.refusedOutcome = recipient }
    }

    /// Stops holding and commits everything held.
    func release() {
        let held = state.withLockedValue { state in
            state.isHolding = false
            defer { state.held.removeAll() }
            return state.held
        }
        for (messages, completion) in held { base.accept(messages, completion: completion) }
    }

    func accept(_ messages: [AcceptedMessage], completion: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        let (hold, failure) = state.withLockedValue { state -> (Bool, (any Error)?) in
            state.acceptedCount += messages.count
            if state.isHolding { state.held.append((messages, completion)) }
            return (state.isHolding, state.failure)
        }
        if let failure {
            completion(.failure(failure))
        } else if !hold {
            base.accept(messages, completion: completion)
        }
    }

    func markSentDownstream(_ recipients: [RecipientKey], at date: Date) async throws -> [RecipientKey] {
        let failure = state.withLockedValue { state in
            state.markAttempts += 1
            return state.markFailure
        }
        if let failure { throw failure }
        return try await base.markSentDownstream(recipients, at: date)
    }
    func recordOutcomes(_ outcomes: [DeliveryOutcome]) async throws {
        let refused = state.withLockedValue { $0.refusedOutcome }
        if let refused, outcomes.contains(where: { $0.recipient == refused }) {
            throw GatewayStoreError(.invalidTransition, reason: "refused by the test")
        }
        try await base.recordOutcomes(outcomes)
    }
    func cancel(_ messageID: CMPPMessageID, account: String, at date: Date) async throws -> CancelOutcome {
        try await base.cancel(messageID, account: account, at: date)
    }
    func message(_ messageID: CMPPMessageID) async throws -> StoredMessage? { try await base.message(messageID) }
    func scheduledMessages(
        dueAfter start: Date,
        through end: Date,
        after cursor: CMPPMessageID?,
        limit: Int
    ) async throws -> [StoredMessage] {
        try await base.scheduledMessages(dueAfter: start, through: end, after: cursor, limit: limit)
    }
    func undispatchedMessages(after cursor: CMPPMessageID?, limit: Int) async throws -> [StoredMessage] {
        try await base.undispatchedMessages(after: cursor, limit: limit)
    }
    func undecidedMessages(after cursor: CMPPMessageID?, limit: Int) async throws -> [StoredMessage] {
        let fails = state.withLockedValue { state in
            state.undecidedScans += 1
            defer { state.failingScans = max(0, state.failingScans - 1) }
            return state.failingScans > 0
        }
        if fails { throw GatewayStoreError(.database, reason: "failed by the test") }
        return try await base.undecidedMessages(after: cursor, limit: limit)
    }
    func latestMessageID(gateway: Int) async throws -> CMPPMessageID? {
        try await base.latestMessageID(gateway: gateway)
    }
    func enqueue(_ entries: [OutboxEntry]) async throws { try await base.enqueue(entries) }
    func claimDue(account: String, limit: Int, now: Date, lease: Duration) async throws -> [OutboxEntry] {
        try await base.claimDue(account: account, limit: limit, now: now, lease: lease)
    }
    func acknowledge(_ ids: [CMPPMessageID], account: String, at date: Date) async throws {
        try await base.acknowledge(ids, account: account, at: date)
    }
    func release(_ ids: [CMPPMessageID], account: String, retryAt: Date) async throws {
        try await base.release(ids, account: account, retryAt: retryAt)
    }
    func expireOutbox(now: Date, horizon: Duration) async throws -> Int {
        try await base.expireOutbox(now: now, horizon: horizon)
    }
    func accountsWithDueOutbox(now: Date) async throws -> [String] { try await base.accountsWithDueOutbox(now: now) }
    func recordMobileOriginated(_ messages: [MobileOriginatedMessage]) async throws {
        try await base.recordMobileOriginated(messages)
    }
    func mobileOriginated(_ messageID: CMPPMessageID) async throws -> MobileOriginatedMessage? {
        try await base.mobileOriginated(messageID)
    }
    func statistics(account: String, day: String, serviceID: String?) async throws -> QueryStatistics {
        try await base.statistics(account: account, day: day, serviceID: serviceID)
    }
    func close() async throws {
        release()
        try await base.close()
    }
}
