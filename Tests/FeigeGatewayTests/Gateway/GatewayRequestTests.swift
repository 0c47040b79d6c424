import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// Requests the gateway does not serve yet are answered, never left hanging; and what a whole gateway
/// session logs (STYLE §C 12).
@Suite("Gateway requests and logging")
struct GatewayRequestTests {
    static func link(port: Int, logger: Logger = GatewayHarness.logger) async throws -> any CMPPClientLink {
        let configuration = GatewayHarness.clientConfiguration(port: port)
        return try await CMPPConnectionFactory(configuration).connect(
            inbound: { $0.respond(.deliverResponse(CMPPDeliverResponse(messageID: .zero, result: .success))) },
            logger: logger
        )
    }

    @Test func unsupportedRequestsGetAClearAnswer() async throws {
        try await GatewayHarness.withGateway { _, port in
            let link = try await Self.link(port: port)
            let forward = CMPPForward(
                sourceID: "001001",
                destinationID: "001002",
                forwardType: 0,
                messageID: CMPPMessageID(rawValue: 99),
                destinationIDs: ["13800138000"],
                content: .message(ByteBuffer(string: "fwd"))
            )
            guard case .forwardResponse(let forwarded) = try await link.request(.forward(forward)) else {
                Issue.record("no FWD_RESP")
                return
            }
            #expect(forwarded.result == .commandError)
            #expect(forwarded.messageID == forward.messageID)

            guard
                case .mtRouteResponse(let route) = try await link.request(
                    .mtRoute(CMPPMTRoute(sourceID: "1", terminalID: "13800138000"))
                )
            else {
                Issue.record("no MT_ROUTE_RESP")
                return
            }
            #expect(route.result == .noMatchingRoute)

            let deliver = CMPPDeliver(
                messageID: CMPPMessageID(rawValue: 5),
                destinationID: "1065",
                sourceTerminalID: "13800138000",
                content: .message(ByteBuffer(string: "wrong way"))
            )
            guard case .deliverResponse(let delivered) = try await link.request(.deliver(deliver)) else {
                Issue.record("no DELIVER_RESP")
                return
            }
            #expect(delivered.result == .commandError)
            await link.terminate()
        }
    }

    @Test func aClosedLinkFaultMakesTheClientFail() async throws {
        var account = GatewayAccount.demo
        account.faults = FaultProfile(closeLink: .always)
        try await GatewayHarness.withGateway(GatewayHarness.configuration(accounts: [account])) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                await #expect(throws: CMPPClientError.self) {
                    _ = try await client.submit("closed", to: ["13800138000"])
                }
            }
        }
    }

    @Test func aGatewaySessionLogsQuietlyAndNeverTheSecretNumbersOrContent() async throws {
        let handler = CollectingLogHandler()
        let logger = Logger(label: "feige.gateway.log-test", factory: { _ in handler })
        let gateway = try Gateway(
            configuration: GatewayHarness.configuration(),
            store: InMemoryGatewayStore(),
            logger: logger
        )
        try await GatewayHarness.withGateway(gateway) { gateway, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                _ = try await client.submit(
                    "secret-content PING",
                    to: ["13800138000"],
                    options: .init(registeredDelivery: 1)
                )
                _ = try await client.submit("PING", to: ["13800138000"])
                try gateway.injectMO(from: "13912345678", to: "10651", text: "mo-content")
                _ = await GatewayHarness.collect(from: client, reports: 1, messages: 2)
                _ = try await client.query(time: GatewayHarness.today())
            }
        }
        let entries = handler.collected
        #expect(entries.contains { $0.level == .debug })
        #expect(entries.allSatisfy { $0.level <= .debug })
        #expect(!entries.contains { $0.text.contains("888888") }, "the secret was logged")
        for forbidden in ["13800138000", "13912345678", "secret-content", "mo-content"] {
            #expect(
                !entries.contains { $0.level > .trace && $0.text.contains(forbidden) },
                "\(forbidden) logged above trace"
            )
        }
    }
}

/// Collects every log entry, at every level.
final class CollectingLogHandler: LogHandler, Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var text: String
    }

    private let entries = NIOLockedValueBox<[Entry]>([])

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    var collected: [Entry] { entries.withLockedValue { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let metadata = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        entries.withLockedValue { $0.append(Entry(level: event.level, text: "\(event.message) \(metadata)")) }
    }
}
