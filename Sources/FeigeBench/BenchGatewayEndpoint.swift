import Logging

/// The gateway one bench run drives: for `--target embedded`, one started for the run (the caller stops it);
/// for `--target HOST:PORT`, the running gateway there.
struct BenchGatewayEndpoint: Sendable {
    /// The gateway started for the run; `nil` for a remote target.
    let embedded: EmbeddedGateway?
    let host: String
    let port: Int

    /// Starts the embedded gateway when the configuration asks for one, with its store, window and report delay
    /// and a demo account that admits `maximumConnections` links.
    /// - Throws: ``BenchError`` when the embedded gateway cannot be started.
    static func resolve(
        _ configuration: BenchConfiguration,
        maximumConnections: Int,
        logger: Logger
    ) async throws -> BenchGatewayEndpoint {
        switch configuration.target {
        case .embedded:
            let started = try await EmbeddedGateway.start(
                store: configuration.effectiveStore ?? .durable,
                window: configuration.window,
                maximumConnections: maximumConnections,
                reportDelay: configuration.reportDelay,
                cpuWakeUpLatencyLimit: configuration.cpuWakeUpLatencyLimit,
                logger: logger
            )
            return BenchGatewayEndpoint(embedded: started, host: "127.0.0.1", port: started.port)
        case .remote(let host, let port):
            return BenchGatewayEndpoint(embedded: nil, host: host, port: port)
        }
    }
}
