import CMPPCore
import Foundation
import Testing

@testable import FeigeGateway

/// What the dispatcher does with the outcomes a downstream reports.
@Suite("GatewayDispatcher outcomes")
struct GatewayDispatcherOutcomeTests {
    /// Runs a dispatcher over `store` with a downstream that takes everything, dispatches a two-recipient message
    /// that wants reports, reports `outcomes(keys)` once it is sent, and runs `check` with the message.
    private func dispatchAndDecide(
        _ store: any GatewayStore,
        _ outcomes: ([RecipientKey]) -> [RecipientKey],
        then check: (AcceptedMessage) async throws -> Void
    ) async throws {
        let downstream = RecordingDownstream()
        let dispatcher = try GatewayDispatcher.forTesting(store: store, downstream: downstream)
        let task = Task { await dispatcher.run() }
        let message = Fixture.message(1, account: GatewayDefaults.DemoAccount.spID, recipients: 2, at: Date())
        do {
            try await store.accept([message])
            dispatcher.dispatch([message])
            #expect(await GatewayHarness.eventually { downstream.messages.count == 1 })
            dispatcher.record(
                outcomes(message.recipientKeys).map {
                    DownstreamOutcome(recipient: $0, stat: .delivered, doneAt: Date())
                }
            )
            try await check(message)
        } catch {
            task.cancel()
            await task.value
            throw error
        }
        task.cancel()
        await task.value
        try await store.close()
    }

    /// The status reports due for the demo account, by the Msg_Id they report on.
    private func reportedMessageIDs(_ store: any GatewayStore) async throws -> [CMPPMessageID] {
        try await store.claimDue(
            account: GatewayDefaults.DemoAccount.spID,
            limit: 10,
            now: Date().addingTimeInterval(1),
            lease: .seconds(60)
        ).compactMap(\.deliver.statusReport?.messageID)
    }

    @Test("an outcome for a recipient the message does not have is dropped, and the others are recorded")
    func outcomeForAnUnknownRecipient() async throws {
        let store = InMemoryGatewayStore()
        // Index 7 of a two-recipient message: only a faulty downstream reports it.
        let stray = { (keys: [RecipientKey]) in
            [keys[0], RecipientKey(messageID: keys[0].messageID, index: 7), keys[1]]
        }
        try await dispatchAndDecide(store, stray) { message in
            let decided = try await GatewayHarness.eventually {
                try await store.message(message.messageID)?.recipients.map(\.state) == [.delivered, .delivered]
            }
            #expect(decided)
            let reported = try await reportedMessageIDs(store)
            #expect(reported == [message.messageID, message.messageID])
        }
    }

    @Test("an outcome the store refuses is dropped after its batch is recorded one by one; the others are recorded")
    func outcomeRefusedByTheStore() async throws {
        let store = HeldCommitStore()
        let refusingTheFirst = { (keys: [RecipientKey]) in
            store.refuseOutcomes(of: keys[0])
            return keys
        }
        try await dispatchAndDecide(store, refusingTheFirst) { message in
            let decided = try await GatewayHarness.eventually {
                try await store.message(message.messageID)?.recipients.map(\.state) == [.sentDownstream, .delivered]
            }
            #expect(decided)
            let reported = try await reportedMessageIDs(store)
            #expect(reported == [message.messageID])
        }
    }

    @Test("stopping, the dispatcher records what was decided, dropping only the outcomes the store refuses")
    func refusedOutcomeWhileStopping() async throws {
        let store = HeldCommitStore()
        let downstream = RecordingDownstream()
        let dispatcher = try GatewayDispatcher.forTesting(store: store, downstream: downstream)
        let task = Task { await dispatcher.run() }
        #expect(await GatewayHarness.eventually { store.undecidedScans > 0 })
        let first = Fixture.message(1, account: GatewayDefaults.DemoAccount.spID, recipients: 1, at: Date())
        let second = Fixture.message(2, account: GatewayDefaults.DemoAccount.spID, recipients: 2, at: Date())
        try await store.accept([first, second])
        dispatcher.dispatch([first, second])
        #expect(await GatewayHarness.eventually { downstream.messages.count == 2 })
        // The first outcome is recorded at once and starts the flush interval; the next ones wait in the
        // dispatcher for it, so stopping right away leaves them to the stopping path (on a slow machine the loop
        // may record them first, the same way).
        dispatcher.record([DownstreamOutcome(recipient: first.recipientKeys[0], stat: .delivered, doneAt: Date())])
        let recorded = try await GatewayHarness.eventually {
            try await store.message(first.messageID)?.recipients.first?.state == .delivered
        }
        #expect(recorded)
        store.refuseOutcomes(of: second.recipientKeys[0])
        dispatcher.record(
            second.recipientKeys.map { DownstreamOutcome(recipient: $0, stat: .delivered, doneAt: Date()) }
        )
        task.cancel()
        await task.value
        let states = try await store.message(second.messageID)?.recipients.map(\.state)
        #expect(states == [.sentDownstream, .delivered])
        try await store.close()
    }
}
