import CMPPCore
import Foundation
import Testing

@testable import FeigeGateway

/// How the dispatcher holds At_Time messages: those due within its horizon in memory, the others in the store.
@Suite("GatewayDispatcher schedule")
struct GatewayDispatcherScheduleTests {
    typealias TestClock = GatewayDispatcherBacklogTests.TestClock

    @Test("only messages due within the horizon wait in memory; a later one is read back and sent at its time")
    func laterMessagesStayInTheStore() async throws {
        let clock = TestClock()
        let store = HeldCommitStore()
        let downstream = RecordingDownstream()
        let dispatcher = try GatewayDispatcher.forTesting(
            store: store,
            downstream: downstream,
            now: { clock.now },
            scheduleHorizon: .seconds(60)
        )
        let task = Task { await dispatcher.run() }
        // Recovered first, so that the messages below are not also read back by recovery.
        #expect(await GatewayHarness.eventually { store.undecidedScans > 0 })
        // The dispatcher sleeps in real time; after the test moves its clock, a withdrawal of a Msg_Id it does
        // not hold wakes it without changing anything.
        let wake = { dispatcher.withdraw(Fixture.messageID(99)) }
        let start = clock.now
        func scheduled(_ n: Int, after seconds: TimeInterval) -> AcceptedMessage {
            var message = Fixture.message(n, account: GatewayDefaults.DemoAccount.spID, recipients: 1, at: start)
            message.deliverAt = start.addingTimeInterval(seconds)
            return message
        }
        let near = scheduled(1, after: 30)
        let later = scheduled(2, after: 200)
        try await store.accept([near, later])
        dispatcher.dispatch([near, later])
        #expect(await GatewayHarness.eventually { dispatcher.scheduledMessagesInMemory == 1 })

        clock.advance(by: 31)
        wake()
        #expect(await GatewayHarness.eventually { downstream.messages.count == 1 })
        #expect(downstream.messages.first?.messageID == near.messageID)
        #expect(await GatewayHarness.eventually { dispatcher.scheduledMessagesInMemory == 0 })

        // 181 s in: the horizon reaches 241 s, past the later message's 200 s, so it is read back.
        clock.advance(by: 150)
        wake()
        #expect(await GatewayHarness.eventually { dispatcher.scheduledMessagesInMemory == 1 })
        #expect(downstream.messages.count == 1)

        clock.advance(by: 20)
        wake()
        #expect(await GatewayHarness.eventually { downstream.messages.count == 2 })
        #expect(downstream.messages.last?.messageID == later.messageID)
        task.cancel()
        await task.value
        try await store.close()
    }
}
