import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import Testing

/// The gateway's back-pressure (``DispatchBacklog``): SUBMIT_RESP Result 8, flow control error (§7.4.3.2),
/// while more recipients are committed than the downstream has taken.
@Suite("Gateway back-pressure")
struct GatewayBackpressureTests {
    @Test func aFullDispatchBacklogAnswersResult8UntilTheDownstreamDrainsIt() async throws {
        let store = HeldCommitStore()
        let downstream = RecordingDownstream(holding: true)
        var configuration = GatewayHarness.configuration()
        configuration.maximumDispatchBacklog = 3
        try await GatewayHarness.withGateway(configuration, store: store, downstream: downstream) { gateway, port in
            let backlog = gateway.dispatchBacklog
            #expect(backlog.limit == 3)
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let first = try await client.submit("first", to: ["13800138000"])[0]
                #expect(first.isAccepted)
                // Handed to the downstream, which holds it: the dispatcher waits there.
                #expect(await GatewayHarness.eventually { downstream.heldCount == 1 })
                // A group SUBMIT counts its recipients: 1 + 2 fill the backlog.
                let group = try await client.submit("group", to: ["13800138001", "13800138002"])[0]
                #expect(group.isAccepted)
                #expect(await GatewayHarness.eventually { backlog.count == 3 })
                #expect(backlog.isFull)

                for index in 0..<2 {
                    let refused = try await client.submit("refused \(index)", to: ["13800138009"])[0]
                    #expect(refused.result == .flowControlError)
                    #expect(refused.messageID == .zero)
                }
                #expect(backlog.refusedSubmits == 2)
                // Neither refused SUBMIT was stored.
                #expect(store.acceptedCount == 2)

                downstream.release()
                #expect(await GatewayHarness.eventually { backlog.count == 0 })
                let after = try await client.submit("after", to: ["13800138004"])[0]
                #expect(after.isAccepted)
                #expect(await GatewayHarness.eventually { downstream.messages.count == 3 })
                #expect(store.acceptedCount == 3)
                #expect(backlog.refusedSubmits == 2)
                let sent = Set(downstream.messages.map(\.messageID))
                #expect(sent == [first.messageID, group.messageID, after.messageID])
                #expect(!downstream.messages.contains { $0.recipients.contains { $0.terminalID == "13800138009" } })
                // QUERY (§7.4.4) counts what was accepted, not what was refused.
                let counts = try await client.query(time: GatewayHarness.today())
                #expect(counts.mtTotalMessages == 3)
            }
        }
    }

    @Test func theAccountsRateLimiterAnswersBeforeTheBacklog() async throws {
        var limited = GatewayAccount.demo
        limited.submitRate = SubmitRate(messagesPerSecond: 1, burst: 1)
        let downstream = RecordingDownstream(holding: true)
        var configuration = GatewayHarness.configuration(accounts: [limited])
        configuration.maximumDispatchBacklog = 1
        try await GatewayHarness.withGateway(configuration, downstream: downstream) { gateway, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                #expect(try await client.submit("first", to: ["13800138000"])[0].isAccepted)
                #expect(await GatewayHarness.eventually { gateway.dispatchBacklog.isFull })
                // Over the rate and the backlog both: the rate limiter's Result 8, not counted as the backlog's.
                let second = try await client.submit("second", to: ["13800138000"])[0]
                #expect(second.result == .flowControlError)
                #expect(gateway.dispatchBacklog.refusedSubmits == 0)
            }
        }
    }
}
