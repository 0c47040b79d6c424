import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import Testing

/// The durable outbox (issue #5 §6): reports kept while the SP is offline and delivered when it logs
/// back in, also across a restart of the gateway.
@Suite("Gateway outbox")
struct GatewayOutboxTests {
    @Test func reportsWaitForAnOfflineSP() async throws {
        let store = InMemoryGatewayStore()
        try await GatewayHarness.withGateway(store: store) { _, port in
            let configuration = GatewayHarness.clientConfiguration(port: port)
            // 137… is decided after 300 ms: the client is usually gone by then. On a loaded machine it may
            // still be up, take the DELIVERs and never answer them (nobody consumes its deliveries), and close
            // its link at shutdown: the reports were then sent to the SP once, unanswered, and wait all the same.
            let outcomes = try await GatewayHarness.withClient(configuration) { client in
                try await client.submit(
                    "offline",
                    to: ["13700137000", "13700137001"],
                    options: .init(registeredDelivery: 1)
                )
            }
            let messageID = outcomes[0].messageID
            let waiting = await GatewayHarness.eventually {
                let stored = try? await store.message(messageID)
                return stored?.recipients.allSatisfy { [.queued, .sentToSP].contains($0.reportState) } ?? false
            }
            #expect(waiting)
            try await GatewayHarness.withClient(configuration) { client in
                let (reports, _) = await GatewayHarness.collect(from: client, reports: 2)
                #expect(reports.count == 2)
                #expect(reports.allSatisfy { $0.messageID == messageID && $0.stat == .delivered })
            }
            let acknowledged = await GatewayHarness.eventually {
                let stored = try? await store.message(messageID)
                return stored?.recipients.allSatisfy { $0.reportState == .acknowledged } ?? false
            }
            #expect(acknowledged)
        }
    }

    @Test func aDeliverAnsweredWithAnErrorIsSentAgainAfterT() async throws {
        let store = InMemoryGatewayStore()
        try await GatewayHarness.withGateway(store: store) { gateway, port in
            let answers = NIOLockedValueBox<[CMPPMessageID]>([])
            let configuration = GatewayHarness.clientConfiguration(port: port)
            let link = try await CMPPConnectionFactory(configuration).connect(
                inbound: { request in
                    guard case .deliver(let deliver) = request.message else { return }
                    // The first DELIVER is refused (Result 9), the second taken.
                    let count = answers.withLockedValue { answers in
                        answers.append(deliver.messageID)
                        return answers.count
                    }
                    request.respond(
                        .deliverResponse(
                            CMPPDeliverResponse(
                                messageID: deliver.messageID,
                                result: count == 1 ? .otherError : .success
                            )
                        )
                    )
                },
                logger: GatewayHarness.logger
            )
            try gateway.injectMO(from: "13800138000", to: "1065", text: "retry me")
            let twice = await GatewayHarness.eventually { answers.withLockedValue { $0.count } >= 2 }
            #expect(twice)
            let ids = answers.withLockedValue { $0 }
            #expect(ids.count == 2 && ids[0] == ids[1])
            let delivered = await GatewayHarness.eventually {
                (try? await store.mobileOriginated(ids[0]))?.state == .delivered
            }
            #expect(delivered)
            await link.terminate()
        }
    }

    @Test func reportsExpireAfterTheOutboxExpiry() async throws {
        let store = InMemoryGatewayStore()
        var configuration = GatewayHarness.configuration()
        configuration.outboxExpiry = .milliseconds(300)
        try await GatewayHarness.withGateway(configuration, store: store) { _, port in
            let client = GatewayHarness.clientConfiguration(port: port)
            let outcomes = try await GatewayHarness.withClient(client) { client in
                try await client.submit("expiring", to: ["13700137000"], options: .init(registeredDelivery: 1))
            }
            let messageID = outcomes[0].messageID
            let expired = await GatewayHarness.eventually {
                let stored = try? await store.message(messageID)
                return stored?.recipients.first?.reportState == .expired
            }
            #expect(expired)
            try await GatewayHarness.withClient(client) { client in
                let (reports, _) = await GatewayHarness.collect(from: client, reports: 1, timeout: .milliseconds(200))
                #expect(reports.isEmpty)
            }
        }
    }

    @Test func reportsArriveOverAnAccountWithTwoLinks() async throws {
        try await GatewayHarness.withGateway { _, port in
            var configuration = GatewayHarness.clientConfiguration(port: port)
            configuration.links = 2
            try await GatewayHarness.withClient(configuration) { client in
                let outcome = try await client.submit(
                    "two links",
                    to: (0..<20).map { "138001380\($0 + 10)" },
                    options: .init(registeredDelivery: 1)
                )
                let (reports, _) = await GatewayHarness.collect(from: client, reports: 20)
                #expect(reports.count == 20)
                #expect(reports.allSatisfy { $0.messageID == outcome[0].messageID && $0.stat == .delivered })
            }
        }
    }

    @Test func aRestartKeepsMessageIDsUniqueAndResendsUnacknowledgedReports() async throws {
        let directory = GatewayHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = GatewayHarness.configuration(dataDirectory: directory)

        let first: [CMPPMessageID] = try await GatewayHarness.withGateway(configuration, store: nil) { _, port in
            let outcomes = try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) {
                client in
                var ids: [CMPPMessageID] = []
                for index in 0..<3 {
                    let outcome = try await client.submit(
                        "restart \(index)",
                        to: ["13700137000"],
                        options: .init(registeredDelivery: 1)
                    )
                    ids.append(outcome[0].messageID)
                }
                return ids
            }
            // Let the network decide (300 ms) while no SP is logged in: the reports wait in the outbox.
            try await Task.sleep(for: .milliseconds(450))
            return outcomes
        }

        try await GatewayHarness.withGateway(configuration, store: nil) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let (reports, _) = await GatewayHarness.collect(from: client, reports: 3)
                #expect(Set(reports.map(\.messageID)) == Set(first))
                let next = try await client.submit("after restart", to: ["13800138000"])
                #expect(next[0].isAccepted)
                #expect(!first.contains(next[0].messageID))
                #expect(first.allSatisfy { $0.rawValue < next[0].messageID.rawValue })
            }
        }
    }
}
