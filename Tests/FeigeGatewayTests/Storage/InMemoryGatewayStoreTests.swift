import CMPPCore
import FeigeGateway
import Foundation
import Testing

/// What ``InMemoryGatewayStore`` does beyond the behaviour both stores share (``GatewayStoreTests``): its
/// outbox claims come from a due-time queue per account, which must give the same answers as a scan of every
/// open entry.
@Suite("InMemoryGatewayStore")
struct InMemoryGatewayStoreTests {
    /// A claim with no lease leaves the entry due at once: the claim took its mark, the update must add one.
    @Test func anEntryClaimedWithoutALeaseIsDueAgainAtOnce() async throws {
        let store = InMemoryGatewayStore()
        let message = Fixture.message(1)
        try await store.accept([message])
        try await store.enqueue([
            Fixture.report(for: message.recipientKeys[0], deliverID: Fixture.deliverID(1), at: Fixture.now)
        ])
        let first = try await store.claimDue(account: Fixture.account, limit: 10, now: Fixture.now, lease: .zero)
        #expect(first.map(\.id) == [Fixture.deliverID(1)])
        let again = try await store.claimDue(account: Fixture.account, limit: 10, now: Fixture.now, lease: .zero)
        #expect(again.map(\.id) == [Fixture.deliverID(1)] && again[0].attempts == 2)
        #expect(try await store.accountsWithDueOutbox(now: Fixture.now) == [Fixture.account])
    }

    /// A backlog claimed a window at a time, acknowledged and re-filled (as the outbox pusher does): every
    /// entry comes out once, in due-time order, and an emptied outbox answers no account.
    @Test func aBacklogIsClaimedInOrderAWindowAtATime() async throws {
        let store = InMemoryGatewayStore()
        let count = 600
        let messages = (1...count).map { Fixture.message($0) }
        try await store.accept(messages)
        // Due times descending with the id, so claim order (by due time) is the reverse of insertion order.
        try await store.enqueue(
            messages.enumerated().map { offset, message in
                Fixture.report(
                    for: message.recipientKeys[0],
                    deliverID: Fixture.deliverID(offset + 1),
                    at: Fixture.now.addingTimeInterval(-Double(offset))
                )
            }
        )
        var claimed: [CMPPMessageID] = []
        while true {
            let window = try await store.claimDue(
                account: Fixture.account,
                limit: 16,
                now: Fixture.now,
                lease: .seconds(60)
            )
            guard !window.isEmpty else { break }
            claimed += window.map(\.id)
            try await store.acknowledge(window.map(\.id), account: Fixture.account, at: Fixture.now)
        }
        #expect(claimed == (1...count).reversed().map { Fixture.deliverID($0) })
        #expect(try await store.accountsWithDueOutbox(now: Fixture.now.addingTimeInterval(3600)).isEmpty)
    }

    /// A large batch of outcomes is recorded in slices, one transaction (one hold of the lock) each.
    @Test func outcomesAreRecordedInSlicesOfTheirOwnTransaction() async throws {
        let store = InMemoryGatewayStore()
        let messages = (1...6).map { Fixture.message($0, recipients: 100, report: false) }
        try await store.accept(messages)
        let keys = messages.flatMap(\.recipientKeys)
        let before = store.committedTransactions
        try await store.recordOutcomes(
            keys.map { DeliveryOutcome(recipient: $0, state: .delivered, stat: .delivered, doneAt: Fixture.now) }
        )
        // 600 outcomes, 256 per transaction.
        #expect(store.committedTransactions - before == 3)
        let counts = try await store.statistics(account: Fixture.account, day: Fixture.day, serviceID: nil)
        #expect(counts.mtDelivered == 600)
    }
}
