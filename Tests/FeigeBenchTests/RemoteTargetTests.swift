import FeigeBench
import FeigeGateway
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// The bench against a gateway it did not start: one runs in the test on a loopback port.
@Suite("Remote target")
struct RemoteTargetTests {
    let logger = Logger(label: "test.bench", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` with the port of a gateway (memory store, demo account admitting 16 links).
    func withGateway(_ body: (Int) async throws -> Void) async throws {
        var account = GatewayAccount.demo
        account.maximumConnections = 16
        let gateway = try Gateway(
            configuration: GatewayConfiguration(
                host: "127.0.0.1",
                longConnectionPort: 0,
                shortConnectionPort: nil,
                dataDirectory: NSTemporaryDirectory(),
                accounts: [account]
            ),
            store: InMemoryGatewayStore(),
            logger: logger
        )
        let services = ServiceGroup(services: [gateway], logger: logger)
        let running = Task { try await services.run() }
        do {
            try await body(try await gateway.localAddresses().long.port ?? 0)
        } catch {
            await services.triggerGracefulShutdown()
            _ = await running.result
            throw error
        }
        await services.triggerGracefulShutdown()
        try await running.value
    }

    @Test func aLoadRunCountsTheWholeProcessAsTheClient() async throws {
        try await withGateway { port in
            let configuration = BenchConfiguration(
                target: .remote(host: "127.0.0.1", port: port),
                workload: .messages(500)
            )
            let result = try await BenchRunner(configuration: configuration, logger: logger).run()
            #expect(result.messages == 500 && result.errors == 0)
            #expect(result.store == "remote" && result.target == "127.0.0.1:\(port)")
            #expect(result.cpuSecondsGateway == nil && result.cpuSecondsOtherThreads == nil)
        }
    }

    @Test func idleLinksMeasureOnlyTheClientsSide() async throws {
        try await withGateway { port in
            let configuration = BenchConfiguration(target: .remote(host: "127.0.0.1", port: port))
            let result = try await IdleLinksRunner(configuration: configuration, count: 5, logger: logger).run()
            #expect(result.opened == 5 && result.failure == nil)
            #expect(result.rssBytesPerLink == nil)
            #if os(Linux)
            #expect(result.clientRSSBytesPerLink != nil)
            #endif
        }
    }

    @Test func linksBeyondTheAccountsMaximumAreReportedNotFatal() async throws {
        try await withGateway { port in
            let configuration = BenchConfiguration(target: .remote(host: "127.0.0.1", port: port))
            let result = try await IdleLinksRunner(configuration: configuration, count: 20, logger: logger).run()
            #expect(result.opened == 16)
            let failure = try #require(result.failure)
            #expect(failure.hasPrefix("4 of 20 links could not be opened"))
            #expect(failure.contains("Status 5"))
        }
    }
}
