import CMPPCore
import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import FeigeGateway

/// The dispatcher's side of the back-pressure: what it counts in its ``DispatchBacklog`` and when.
@Suite("GatewayDispatcher backlog")
struct GatewayDispatcherBacklogTests {
    /// The dispatcher's clock, moved by the test (At_Time and ValId_Time are read against it).
    final class TestClock: Sendable {
        private let date = NIOLockedValueBox(Date())

        var now: Date { date.withLockedValue { $0 } }

        func advance(by seconds: TimeInterval) {
            date.withLockedValue { $0.addTimeInterval(seconds) }
        }
    }

    /// Runs a dispatcher for `body` once it has recovered what `store` held (so a message the test both
    /// stores and dispatches is not dispatched a second time by recovery), then cancels it and waits for it
    /// to stop.
    private func withDispatcher(
        store: HeldCommitStore,
        downstream: RecordingDownstream,
        backlog: DispatchBacklog,
        clock: TestClock = TestClock(),
        _ body: (GatewayDispatcher) async throws -> Void
    ) async throws {
        let dispatcher = try GatewayDispatcher.forTesting(
            store: store,
            downstream: downstream,
            backlog: backlog,
            now: { clock.now }
        )
        let task = Task { await dispatcher.run() }
        do {
            #expect(await GatewayHarness.eventually { store.undecidedScans > 0 })
            try await body(dispatcher)
        } catch {
            downstream.release()
            task.cancel()
            await task.value
            throw error
        }
        downstream.release()
        task.cancel()
        await task.value
    }

    private func message(_ n: Int, recipients: Int, clock: TestClock) -> AcceptedMessage {
        Fixture.message(n, account: GatewayDefaults.DemoAccount.spID, recipients: recipients, at: clock.now)
    }

    @Test("committed recipients count until the downstream has taken their batch")
    func risesAndFallsWithDispatch() async throws {
        let store = HeldCommitStore()
        let downstream = RecordingDownstream(holding: true)
        let backlog = DispatchBacklog(limit: 100, logger: quietLogger)
        let clock = TestClock()
        try await withDispatcher(store: store, downstream: downstream, backlog: backlog, clock: clock) { dispatcher in
            let first = [message(1, recipients: 1, clock: clock), message(2, recipients: 3, clock: clock)]
            try await store.accept(first)
            dispatcher.dispatch(first)
            #expect(backlog.count == 4)
            // The dispatcher hands the batch over; the downstream holds it: still counted.
            #expect(await GatewayHarness.eventually { downstream.heldCount == 1 })
            #expect(backlog.count == 4)
            // More committed meanwhile wait in the inbox, counted too.
            let second = [message(3, recipients: 2, clock: clock)]
            try await store.accept(second)
            dispatcher.dispatch(second)
            #expect(backlog.count == 6)

            downstream.release()
            #expect(await GatewayHarness.eventually { downstream.messages.count == 3 })
            #expect(await GatewayHarness.eventually { backlog.count == 0 })
        }
        try await store.close()
    }

    @Test("expired messages and those waiting for their At_Time leave the backlog; a due one enters it again")
    func scheduledAndExpiredMessages() async throws {
        let store = HeldCommitStore()
        let downstream = RecordingDownstream(holding: true)
        let backlog = DispatchBacklog(limit: 100, logger: quietLogger)
        let clock = TestClock()
        try await withDispatcher(store: store, downstream: downstream, backlog: backlog, clock: clock) { dispatcher in
            var expired = message(1, recipients: 1, clock: clock)
            expired.validUntil = clock.now.addingTimeInterval(-1)
            var scheduled = message(2, recipients: 2, clock: clock)
            scheduled.deliverAt = clock.now.addingTimeInterval(60)
            try await store.accept([expired, scheduled])
            dispatcher.dispatch([expired, scheduled])
            #expect(backlog.count == 3)
            #expect(await GatewayHarness.eventually { backlog.count == 0 })
            #expect(downstream.heldCount == 0)

            // An hour later by the dispatcher's clock, a new message wakes it: both are due and sent together.
            clock.advance(by: 3600)
            let now = message(3, recipients: 1, clock: clock)
            try await store.accept([now])
            dispatcher.dispatch([now])
            #expect(await GatewayHarness.eventually { downstream.heldCount == 1 })
            #expect(backlog.count == 3)

            downstream.release()
            #expect(await GatewayHarness.eventually { downstream.messages.count == 2 })
            #expect(await GatewayHarness.eventually { backlog.count == 0 })
            #expect(Set(downstream.messages.map(\.messageID)) == [scheduled.messageID, now.messageID])
        }
        try await store.close()
    }

    @Test("a batch the store fails to mark as sent stays in the backlog until it is sent")
    func storeFailureKeepsTheBatch() async throws {
        let store = HeldCommitStore()
        let downstream = RecordingDownstream()
        let backlog = DispatchBacklog(limit: 100, logger: quietLogger)
        let clock = TestClock()
        try await withDispatcher(store: store, downstream: downstream, backlog: backlog, clock: clock) { dispatcher in
            store.failMarkingSentDownstream(CocoaError(.fileWriteOutOfSpace))
            let first = message(1, recipients: 2, clock: clock)
            try await store.accept([first])
            dispatcher.dispatch([first])
            #expect(await GatewayHarness.eventually { store.markAttempts >= 1 })
            #expect(backlog.count == 2)
            #expect(downstream.messages.isEmpty)

            // The store recovers; the next commit wakes the dispatcher, which sends both.
            store.failMarkingSentDownstream(nil)
            let second = message(2, recipients: 1, clock: clock)
            try await store.accept([second])
            dispatcher.dispatch([second])
            #expect(await GatewayHarness.eventually { downstream.messages.count == 2 })
            #expect(await GatewayHarness.eventually { backlog.count == 0 })
        }
    }

    @Test("messages recovered from the store at start are counted like committed ones")
    func recoveredMessages() async throws {
        let store = HeldCommitStore()
        let clock = TestClock()
        try await store.accept([message(1, recipients: 2, clock: clock), message(2, recipients: 1, clock: clock)])
        let downstream = RecordingDownstream(holding: true)
        let backlog = DispatchBacklog(limit: 100, logger: quietLogger)
        try await withDispatcher(store: store, downstream: downstream, backlog: backlog, clock: clock) { _ in
            #expect(await GatewayHarness.eventually { downstream.heldCount == 1 })
            #expect(backlog.count == 3)
            downstream.release()
            #expect(await GatewayHarness.eventually { downstream.messages.count == 2 })
            #expect(await GatewayHarness.eventually { backlog.count == 0 })
        }
        try await store.close()
    }
}
