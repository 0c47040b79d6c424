import ArgumentParser
import CMPPNIO
import ServiceLifecycle
import UnixSignals

extension ListenCommand {
    /// Connects over TCP and prints deliveries until SIGINT or SIGTERM, which TERMINATE the links; exits 2 when
    /// the first login fails.
    public func run() async throws {
        let logger = client.makeLogger(label: "feige.listen")
        let cmppClient = try client.makeClient(logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: cmppClient)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        let json = self.json
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await cmppClient.waitUntilReady()
            } catch {
                printToStandardError(ClientFailure.describe(error, host: client.host, port: client.port))
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw ExitCode(2)
            }
            await Self.printDeliveries(of: cmppClient, json: json) { printLine($0) }
            try await tasks.waitForAll()
        }
    }
}
