import CMPPCore
import Foundation
import Testing

@testable import FeigeGateway

/// What the dispatcher does at start with what the store left undone.
@Suite("GatewayDispatcher recovery")
struct GatewayDispatcherRecoveryTests {
    @Test("a store error during recovery pauses it; it goes on from where it failed and submits each message once")
    func recoveryGoesOnAfterAStoreError() async throws {
        let store = HeldCommitStore()
        let undecided = Fixture.message(1, account: GatewayDefaults.DemoAccount.spID, recipients: 1, at: Date())
        let undispatched = Fixture.message(2, account: GatewayDefaults.DemoAccount.spID, recipients: 1, at: Date())
        try await store.accept([undecided, undispatched])
        _ = try await store.markSentDownstream(undecided.recipientKeys, at: Date())
        store.failUndecidedScans(1)

        let downstream = RecordingDownstream()
        let dispatcher = try GatewayDispatcher.forTesting(store: store, downstream: downstream)
        let task = Task { await dispatcher.run() }
        // The failed scan, then the one after the retry delay: the undecided message goes to the network again.
        // (A long timeout: the retry delay is a real second, and a loaded machine may add several.)
        let resubmitted = await GatewayHarness.eventually(timeout: .seconds(30)) {
            downstream.messages.contains { $0.messageID == undecided.messageID }
        }
        #expect(resubmitted)
        #expect(store.undecidedScans >= 2)
        #expect(await GatewayHarness.eventually(timeout: .seconds(30)) { downstream.messages.count == 2 })
        let submitted = downstream.messages.map(\.messageID).sorted { $0.storeKey < $1.storeKey }
        #expect(submitted == [undecided.messageID, undispatched.messageID])
        task.cancel()
        await task.value
        try await store.close()
    }
}
