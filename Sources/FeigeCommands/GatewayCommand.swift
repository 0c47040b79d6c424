import ArgumentParser
import FeigeGateway
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `feige gateway`: runs the Feige ISMG (issue #5 §9) until SIGTERM or SIGINT, which shut it down
/// gracefully (stop accepting, answer what is in flight, TERMINATE the links, flush the store).
///
/// Without `--config` it runs the embedded default: loopback only on ports 7890 (long connections) and 7900
/// (short), data in `./feige-data/`, the simulated handset network, and the lenient demo account it prints
/// at start. With `--config FILE` only the file's accounts exist. `--host`, `--port`, `--short-port` and
/// `--data` override either. Prints `listening on …` once bound.
public struct GatewayCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run the Feige CMPP 2.0 ISMG: accounts, durable store, status reports, simulated handsets.",
        discussion: """
            With no arguments: 127.0.0.1:7890 (long) and :7900 (short), data in ./feige-data/, the simulator, \
            and a demo account (SP_Id 900001, secret 888888, service code 1065). Every option of a \
            configuration file is shown in config/gateway.example.yaml.
            """
    )

    @Option(help: "A YAML configuration file; without it the embedded default runs.")
    public var config: String?

    @Option(help: "The address to listen on (overrides the configuration).")
    public var host: String?

    @Option(help: "The long-connection port; 0 picks a free one.")
    public var port: Int?

    @Option(name: .customLong("short-port"), help: "The short-connection port; 0 picks a free one.")
    public var shortPort: Int?

    @Option(name: .customLong("data"), help: "The data directory of the store.")
    public var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (to stderr).")
    public var logLevel: LogLevelArgument = .init(.notice)

    public init() {}

    /// The line announcing the embedded default's demo account.
    public static let demoAccountLine =
        "demo account: SP_Id \(GatewayDefaults.DemoAccount.spID), secret \(GatewayDefaults.DemoAccount.secret), "
        + "service code \(GatewayDefaults.DemoAccount.serviceCode)"

    // MARK: - The command without I/O

    /// The configuration to run: the file's (or the embedded default) with the command-line overrides.
    /// - Throws: the loader's ``GatewayConfigurationError`` (`file:line:col: …`).
    public func resolvedConfiguration() throws(GatewayConfigurationError) -> GatewayConfiguration {
        var configuration =
            try config.map { path throws(GatewayConfigurationError) in
                try GatewayConfiguration.load(path: path)
            } ?? .embeddedDefault
        if let host { configuration.host = host }
        if let port { configuration.longConnectionPort = port }
        if let shortPort { configuration.shortConnectionPort = shortPort }
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        return configuration
    }

    /// The lines printed once the gateway is bound.
    public static func listeningLines(long: SocketAddress, short: SocketAddress?) -> [String] {
        var lines = ["listening on \(describe(long)) (long connections)"]
        if let short { lines.append("listening on \(describe(short)) (short connections)") }
        return lines
    }

    private static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port.map(String.init) ?? "?"
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Runs `gateway` in a service group that shuts it down gracefully on SIGTERM and SIGINT, and prints
    /// the demo account (when `announceDemoAccount`) and the listening lines through `emit`.
    public static func serve(
        _ gateway: Gateway,
        announceDemoAccount: Bool,
        logger: Logger,
        emit: @escaping @Sendable (String) -> Void
    ) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: gateway)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let addresses = try await gateway.localAddresses()
                if announceDemoAccount { emit(demoAccountLine) }
                for line in listeningLines(long: addresses.long, short: addresses.short) { emit(line) }
            }
            try await tasks.waitForAll()
        }
    }

    // MARK: - I/O

    public func run() async throws {
        let configuration: GatewayConfiguration
        do {
            configuration = try resolvedConfiguration()
        } catch {
            printToStandardError("\(error)")
            throw ExitCode(1)
        }
        var logger = Logger(label: "feige.gateway", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel.level
        let gateway: Gateway
        do {
            gateway = try Gateway(configuration: configuration, logger: logger)
        } catch {
            printToStandardError("feige gateway: cannot start: \(error)")
            throw ExitCode(1)
        }
        do {
            try await Self.serve(gateway, announceDemoAccount: config == nil, logger: logger) { printLine($0) }
        } catch {
            printToStandardError("feige gateway: \(error)")
            throw ExitCode(1)
        }
    }
}
