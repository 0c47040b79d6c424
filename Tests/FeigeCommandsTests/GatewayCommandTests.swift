import ArgumentParser
import CMPPCore
import CMPPNIO
import FeigeCommands
import FeigeGateway
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

@Suite("feige gateway")
struct GatewayCommandTests {
    static let logger = Logger(label: "feige.gateway.command.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func withoutArgumentsRunsTheEmbeddedDefault() throws {
        let command = try GatewayCommand.parse([])
        let configuration = try command.resolvedConfiguration()
        #expect(configuration == .embeddedDefault)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.longConnectionPort == 7890)
        #expect(configuration.shortConnectionPort == 7900)
        #expect(configuration.dataDirectory == "feige-data")
        #expect(GatewayCommand.demoAccountLine == "demo account: SP_Id 900001, secret 888888, service code 1065")
    }

    @Test func optionsOverrideTheConfiguration() throws {
        let command = try GatewayCommand.parse([
            "--host", "0.0.0.0", "--port", "17890", "--short-port", "17900", "--data", "/tmp/feige-x", "--log-level",
            "debug",
        ])
        let configuration = try command.resolvedConfiguration()
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.longConnectionPort == 17890)
        #expect(configuration.shortConnectionPort == 17900)
        #expect(configuration.dataDirectory == "/tmp/feige-x")
        #expect(command.logLevel.level == .debug)
    }

    @Test func aBadConfigurationFileNamesFileAndLine() throws {
        let path = NSTemporaryDirectory() + "feige-bad-\(UUID().uuidString).yaml"
        try "listen:\n  host: 127.0.0.1\n  long_prot: 7890\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let command = try GatewayCommand.parse(["--config", path])
        #expect {
            try command.resolvedConfiguration()
        } throws: { error in
            "\(error)".hasPrefix("\(path):3:")
        }
    }

    @Test func listeningLines() throws {
        let long = try SocketAddress(ipAddress: "127.0.0.1", port: 7890)
        let short = try SocketAddress(ipAddress: "::1", port: 7900)
        #expect(
            GatewayCommand.listeningLines(long: long, short: short) == [
                "listening on 127.0.0.1:7890 (long connections)",
                "listening on [::1]:7900 (short connections)",
            ]
        )
    }

    @Test func servesUntilCancelledAndPrintsWhereItListens() async throws {
        let directory = NSTemporaryDirectory() + "feige-gateway-command-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = GatewayConfiguration.embeddedDefault
        configuration.longConnectionPort = 0
        configuration.shortConnectionPort = 0
        configuration.dataDirectory = directory
        let gateway = try Gateway(configuration: configuration, logger: Self.logger)
        let lines = NIOLockedValueBox<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await GatewayCommand.serve(gateway, announceDemoAccount: true, logger: Self.logger) { line in
                    lines.withLockedValue { $0.append(line) }
                }
            }
            let port = try await gateway.localAddresses().long.port ?? 0
            let client = CMPPClient(
                configuration: CMPPClient.Configuration(
                    host: "127.0.0.1",
                    port: port,
                    credentials: CMPPCredentials(spID: "900001", secret: "888888")
                ),
                logger: Self.logger
            )
            group.addTask { try await client.run() }
            try await client.waitUntilReady()
            let outcome = try await client.submit("hello", to: ["13800138000"])
            #expect(outcome[0].isAccepted)
            await client.shutdown()
            group.cancelAll()
            try? await group.waitForAll()
        }
        let printed = lines.withLockedValue { $0 }
        #expect(printed.first == GatewayCommand.demoAccountLine)
        #expect(printed.count == 3)
        #expect(printed.dropFirst().allSatisfy { $0.hasPrefix("listening on 127.0.0.1:") })
    }
}
