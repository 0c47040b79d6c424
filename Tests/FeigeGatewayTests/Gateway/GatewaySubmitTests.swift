import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import NIOCore
import Testing

/// CMPP_SUBMIT through the gateway (§7.4.3): durable acceptance, the window, the rate limit, store errors,
/// and the SP client end to end with status reports and MO auto-replies.
@Suite("Gateway SUBMIT")
struct GatewaySubmitTests {
    @Test func aLongChineseMessageGetsOneDeliveredReportPerPart() async throws {
        try await GatewayHarness.withGateway { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let text = String(repeating: "飞鸽传书，网关测试。", count: 30)
                #expect(text.count == 300)
                let outcomes = try await client.submit(
                    text,
                    to: ["13800138000"],
                    options: CMPPSubmitOptions(registeredDelivery: 1)
                )
                #expect(outcomes.count == 5)
                #expect(outcomes.allSatisfy { $0.isAccepted })
                #expect(Set(outcomes.map(\.messageID)).count == outcomes.count)

                // One report per part; a part's may come twice if the machine is slow enough that its DELIVER is
                // sent again after T (§6).
                let parts = Set(outcomes.map(\.messageID))
                let reports = await GatewayHarness.collectReports(from: client, covering: parts)
                #expect(reports.count >= outcomes.count)
                #expect(Set(reports.map(\.messageID)) == parts)
                #expect(reports.allSatisfy { $0.stat == .delivered && $0.matched != nil })
                #expect(reports.allSatisfy { $0.destinationTerminalID == "13800138000" })
                #expect(reports.allSatisfy { $0.report.submitTime.count == 10 && $0.report.doneTime.count == 10 })
            }
        }
    }

    @Test func aGroupSendHasOneMessageIDAndOneReportPerRecipient() async throws {
        try await GatewayHarness.withGateway { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let outcomes = try await client.submit(
                    "group",
                    to: ["13800138001", "13800138002", "15000000000"],
                    options: CMPPSubmitOptions(registeredDelivery: 1)
                )
                #expect(outcomes.count == 1)
                let (reports, _) = await GatewayHarness.collect(from: client, reports: 3)
                #expect(reports.count == 3)
                #expect(Set(reports.map(\.messageID)) == [outcomes[0].messageID])
                let stats = Dictionary(uniqueKeysWithValues: reports.map { ($0.destinationTerminalID, $0.stat) })
                #expect(stats["13800138001"] == .delivered)
                #expect(stats["15000000000"] == .undeliverable)
            }
        }
    }

    @Test func theSeventeenthUnansweredSubmitIsNotRead() async throws {
        let store = HeldCommitStore(holding: true)
        try await GatewayHarness.withGateway(store: store) { _, port in
            // The client would send up to 32; the gateway's window of 16 stops reading at 16 unanswered.
            var configuration = GatewayHarness.clientConfiguration(port: port, window: 32)
            // Long enough that no SUBMIT times out and is sent anew while the commits are held, however
            // loaded the machine is.
            configuration.session.responseTimeout = .seconds(30)
            try await GatewayHarness.withClient(configuration) { client in
                try await withThrowingTaskGroup(of: CMPPSubmitOutcome.self) { group in
                    for index in 0..<16 {
                        group.addTask { try await client.submit("window \(index)", to: ["13800138000"])[0] }
                    }
                    let sixteen = await GatewayHarness.eventually { store.acceptedCount >= 16 }
                    #expect(sixteen)
                    // The link has 16 unanswered requests and stopped reading: the 17th stays in the socket.
                    group.addTask { try await client.submit("window 16", to: ["13800138000"])[0] }
                    try await Task.sleep(for: .milliseconds(150))
                    #expect(store.acceptedCount == 16)
                    store.release()
                    var accepted = 0
                    for try await outcome in group where outcome.isAccepted { accepted += 1 }
                    #expect(accepted == 17)
                    #expect(store.acceptedCount == 17)
                }
            }
        }
    }

    @Test func submitsBeyondTheRateGetResult8() async throws {
        var limited = GatewayAccount.demo
        limited.submitRate = SubmitRate(messagesPerSecond: 1, burst: 2)
        try await GatewayHarness.withGateway(GatewayHarness.configuration(accounts: [limited])) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                var results: [CMPPResult] = []
                for index in 0..<3 {
                    results.append(try await client.submit("rate \(index)", to: ["13800138000"])[0].result)
                }
                #expect(results == [.success, .success, .flowControlError])
            }
        }
    }

    @Test func aStoreErrorAnswersResult9AndDispatchesNothing() async throws {
        let store = HeldCommitStore(failing: CocoaError(.fileWriteOutOfSpace))
        let downstream = RecordingDownstream()
        try await GatewayHarness.withGateway(store: store, downstream: downstream) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let outcome = try await client.submit("lost?", to: ["13800138000"])[0]
                #expect(outcome.result == .otherError)
                try await Task.sleep(for: .milliseconds(50))
                #expect(downstream.messages.isEmpty)
            }
        }
    }

    @Test func strictAccountsEnforceTheirServiceCode() async throws {
        try await GatewayHarness.withGateway { _, port in
            let strict = GatewayHarness.clientConfiguration(port: port, spID: "900002", secret: "s3cret")
            try await GatewayHarness.withClient(strict) { client in
                let wrong = try await client.submit("x", to: ["13800138000"], options: .init(sourceID: "1065"))
                #expect(wrong[0].result == .serviceCodeError)
                let right = try await client.submit("x", to: ["13800138000"], options: .init(sourceID: "106601"))
                #expect(right[0].isAccepted)
            }
        }
    }

    @Test func shortConnectionsSubmitAndQuery() async throws {
        var configuration = GatewayHarness.configuration()
        configuration.shortConnectionPort = 0
        try await GatewayHarness.withGateway(configuration) { gateway, _ in
            let short = try #require(try await gateway.localAddresses().short?.port)
            var client = GatewayHarness.clientConfiguration(port: short)
            client.mode = .short
            try await GatewayHarness.withClient(client) { client in
                let outcome = try await client.submit("short", to: ["13800138000"])
                #expect(outcome[0].isAccepted)
                let counts = try await client.query(time: GatewayHarness.today())
                #expect(counts.mtTotalMessages == 1)
            }
        }
    }

    @Test func reportsOfShortConnectionSubmitsWaitForALongConnection() async throws {
        var configuration = GatewayHarness.configuration()
        configuration.shortConnectionPort = 0
        try await GatewayHarness.withGateway(configuration) { gateway, port in
            let short = try #require(try await gateway.localAddresses().short?.port)
            var shortClient = GatewayHarness.clientConfiguration(port: short)
            shortClient.mode = .short
            let outcome = try await GatewayHarness.withClient(shortClient) { client in
                try await client.submit("short", to: ["13800138000"], options: .init(registeredDelivery: 1))
            }
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let (reports, _) = await GatewayHarness.collect(from: client, reports: 1)
                #expect(reports.first?.messageID == outcome[0].messageID)
                #expect(reports.first?.stat == .delivered)
            }
        }
    }

    @Test func anAutoReplyReachesTheClientsDeliveries() async throws {
        try await GatewayHarness.withGateway { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let outcome = try await client.submit("PING", to: ["13800138000"])
                #expect(outcome[0].isAccepted)
                let (_, messages) = await GatewayHarness.collect(from: client, reports: 0, messages: 1)
                #expect(messages.first?.text == "PONG")
                #expect(messages.first?.sourceTerminalID == "13800138000")
                // The client put its SP_Id in Src_Id; the reply goes there, back to the lenient demo account.
                #expect(messages.first?.destinationID == "900001")
            }
        }
    }

    @Test func anInjectedMOIsRoutedByTheLongestServiceCode() async throws {
        try await GatewayHarness.withGateway { gateway, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                try gateway.injectMO(from: "13900139000", to: "10659988", text: "你好，飞鸽")
                let (_, messages) = await GatewayHarness.collect(from: client, reports: 0, messages: 1)
                #expect(messages.first?.text == "你好，飞鸽")
                #expect(messages.first?.destinationID == "10659988")
            }
        }
    }
}
