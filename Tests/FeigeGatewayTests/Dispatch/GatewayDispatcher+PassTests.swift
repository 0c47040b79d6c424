import CMPPCore
import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import FeigeGateway

/// The dispatcher's passes: at most one per pass interval, so what arrives in between goes downstream together.
@Suite("GatewayDispatcher passes")
struct GatewayDispatcherPassTests {
    /// Takes every batch at once, recording each batch's Msg_Ids and when it came.
    final class BatchRecordingDownstream: GatewayDownstream {
        private let batches = NIOLockedValueBox<[(ids: [CMPPMessageID], at: ContinuousClock.Instant)]>([])

        var recorded: [(ids: [CMPPMessageID], at: ContinuousClock.Instant)] { batches.withLockedValue { $0 } }

        func run(sink: any GatewayDownstreamSink) async throws {
            try await Task.sleep(for: .seconds(3600))
        }

        func submit(_ message: DownstreamMessage) async -> DownstreamAcceptance {
            await submit([message])[0]
        }

        func submit(_ messages: [DownstreamMessage]) async -> [DownstreamAcceptance] {
            let ids = messages.map(\.message.messageID)
            batches.withLockedValue { $0.append((ids, ContinuousClock.now)) }
            return Array(repeating: .accepted, count: messages.count)
        }
    }

    /// A message dispatched after a quiet spell goes at once; two dispatched right after it wait for the rest
    /// of the pass interval and go downstream in one batch, not one pass each.
    @Test func whatArrivesWithinAPassIntervalGoesDownstreamTogether() async throws {
        let store = InMemoryGatewayStore()
        let downstream = BatchRecordingDownstream()
        let interval = Duration.seconds(1)
        let dispatcher = try GatewayDispatcher.forTesting(
            store: store,
            downstream: downstream,
            passInterval: interval
        )
        let task = Task { await dispatcher.run() }
        defer { task.cancel() }
        let messages = (0...3).map { Fixture.message($0, account: GatewayDefaults.DemoAccount.spID, at: Date()) }
        // A pass of its own for a first message, once recovery has run (which would otherwise find the others
        // in the store and send them itself), then a quiet spell longer than the interval (the loop has no other
        // reason to run: no outcomes, no schedule), so the next message starts a pass at once. The spell is two
        // intervals: recovery may have found the first message in the store and sent it, and then the dispatch's
        // signal still makes a (empty) pass one interval later, which a spell of one interval could end right
        // behind, holding the next message back for a whole interval.
        try await store.accept([messages[0]])
        dispatcher.dispatch([messages[0]])
        #expect(await GatewayHarness.eventually { downstream.recorded.count == 1 })
        try await store.accept(Array(messages[1...]))
        try await Task.sleep(for: interval * 2 + .milliseconds(200))

        let first = ContinuousClock.now
        dispatcher.dispatch([messages[1]])
        #expect(await GatewayHarness.eventually { downstream.recorded.count == 2 })
        dispatcher.dispatch([messages[2]])
        dispatcher.dispatch([messages[3]])
        #expect(await GatewayHarness.eventually { downstream.recorded.count == 3 })

        let batches = Array(downstream.recorded.dropFirst())
        #expect(batches.map(\.ids) == [[messages[1].messageID], [messages[2].messageID, messages[3].messageID]])
        #expect(batches[0].at - first < interval, "the first after a quiet spell is not held back")
        #expect(batches[1].at - batches[0].at >= interval - .milliseconds(50), "the next pass waited its turn")
        task.cancel()
        await task.value
    }
}
