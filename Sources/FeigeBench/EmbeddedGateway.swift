import CMPPNIO
import FeigeGateway
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A ``Gateway`` the bench runs in its own process: loopback, a free port, the demo account, its own event
/// loop group (so its CPU can be told from the client's), and a temporary data directory deleted by ``stop()``.
final class EmbeddedGateway: Sendable {
    /// The port the gateway's long-connection server listens on.
    let port: Int
    /// The gateway's event loop threads.
    let threads: EventLoopThreads
    private let group: MultiThreadedEventLoopGroup
    private let services: ServiceGroup
    private let running: Task<Void, any Error>
    private let directory: String
    /// The SQLite store of a `durable` run (the gateway owns and closes it); `nil` for the memory store.
    private let durableStore: SQLiteGatewayStore?

    private init(
        port: Int,
        threads: EventLoopThreads,
        group: MultiThreadedEventLoopGroup,
        services: ServiceGroup,
        running: Task<Void, any Error>,
        directory: String,
        durableStore: SQLiteGatewayStore?
    ) {
        self.port = port
        self.threads = threads
        self.group = group
        self.services = services
        self.running = running
        self.directory = directory
        self.durableStore = durableStore
    }

    /// What the durable store's writer has done so far; `nil` for the memory store.
    var commitStatistics: SQLiteGatewayStore.CommitStatistics? {
        durableStore?.commitStatistics
    }

    /// Starts a gateway whose demo account admits `maximumConnections` links, with window `window`; its
    /// simulated network delivers numbers starting with 1 after `reportDelay` (`nil`: the standard simulator);
    /// it asks for `cpuWakeUpLatencyLimit` while busy, as `feige gateway` does with `cpu_wakeup_latency`.
    static func start(
        store: BenchStore,
        window: Int,
        maximumConnections: Int,
        reportDelay: Duration?,
        cpuWakeUpLatencyLimit: Duration?,
        logger: Logger
    ) async throws -> EmbeddedGateway {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("feige-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var account = GatewayAccount.demo
        account.maximumConnections = max(maximumConnections, GatewayAccount.defaultMaximumConnections)
        let configuration = GatewayConfiguration(
            host: "127.0.0.1",
            longConnectionPort: 0,
            shortConnectionPort: nil,
            dataDirectory: directory,
            storeDurability: .full,
            session: CMPPSessionConfiguration(window: window),
            cpuWakeUpLatencyLimit: cpuWakeUpLatencyLimit,
            accounts: [account],
            simulator: reportDelay.map { delay in
                SimulatorConfiguration(
                    network: SimulatedNetwork(rules: [.init(.prefix("1"), .init(delay: .fixed(delay)))])
                )
            } ?? .standard
        )
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        var durableStore: SQLiteGatewayStore?
        do {
            // The store the gateway would open itself; opened here, its commit statistics can be read.
            let gatewayStore: any GatewayStore
            switch store {
            case .durable:
                let sqlite = try SQLiteGatewayStore(configuration: configuration.storeConfiguration, logger: logger)
                durableStore = sqlite
                gatewayStore = sqlite
            case .memory:
                gatewayStore = InMemoryGatewayStore()
            }
            let gateway = try Gateway(
                configuration: configuration,
                store: gatewayStore,
                eventLoopGroup: group,
                logger: logger
            )
            let threads = try await EventLoopThreads.of(group)
            let services = ServiceGroup(services: [gateway], logger: logger)
            let running = Task { try await services.run() }
            let port: Int
            do {
                port = try await gateway.localAddresses().long.port ?? 0
            } catch {
                await services.triggerGracefulShutdown()
                _ = await running.result
                throw error
            }
            return EmbeddedGateway(
                port: port,
                threads: threads,
                group: group,
                services: services,
                running: running,
                directory: directory,
                durableStore: durableStore
            )
        } catch {
            // A gateway that never ran did not close its store.
            try? await durableStore?.close()
            try? await group.shutdownGracefully()
            try? FileManager.default.removeItem(atPath: directory)
            throw BenchError.gatewayFailedToStart("\(error)")
        }
    }

    /// Shuts the gateway down gracefully, stops its loops and deletes its data.
    func stop() async {
        await services.triggerGracefulShutdown()
        _ = await running.result
        try? await group.shutdownGracefully()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
