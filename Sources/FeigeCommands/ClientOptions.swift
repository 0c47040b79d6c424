import ArgumentParser
import CMPPCore
import CMPPNIO
import Foundation
import Logging
import NIOCore

/// The options `feige send` and `feige listen` share: where the ISMG is and how to log in (§7.4.1).
///
/// `--secret` may be left out and given in the environment as `FEIGE_SECRET`, so it stays out of the shell
/// history and the process list.
public struct ClientOptions: ParsableArguments {
    @Option(help: "The ISMG's host name or address.")
    public var host: String

    @Option(help: "The ISMG's port (7890 long connections, 7900 short ones).")
    public var port: Int = 7890

    @Option(name: .customLong("sp-id"), help: "The SP_Id to log in with (Source_Addr, 6 digits).")
    public var spID: String

    @Option(help: "The shared secret; defaults to the FEIGE_SECRET environment variable.")
    public var secret: String?

    @Option(help: "How many links to keep up (the ISMG limits connections per account).")
    public var links: Int = 1

    @Flag(help: "Use short connections (§6.2): one login per request.")
    public var short = false

    @Option(name: .customLong("connect-timeout"), help: "Seconds to wait for a link to log in.")
    public var connectTimeout: Int = 10

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (to stderr).")
    public var logLevel: LogLevelArgument = .init(.notice)

    public init() {}

    public func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1–65535") }
        guard (1...64).contains(links) else { throw ValidationError("--links must be 1–64") }
        guard connectTimeout > 0 else { throw ValidationError("--connect-timeout must be positive") }
        guard !spID.isEmpty, spID.utf8.count <= 6 else { throw ValidationError("--sp-id must be 1–6 characters") }
        _ = try resolvedSecret()
    }

    /// The secret from `--secret`, else from `FEIGE_SECRET` in `environment`.
    /// - Throws: a `ValidationError` when neither has one.
    public func resolvedSecret(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let secret { return secret }
        if let secret = environment["FEIGE_SECRET"], !secret.isEmpty { return secret }
        throw ValidationError("no secret: pass --secret or set FEIGE_SECRET")
    }

    /// The client configuration these options describe.
    public func configuration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws
        -> CMPPClient.Configuration
    {
        CMPPClient.Configuration(
            host: host,
            port: port,
            credentials: CMPPCredentials(spID: spID, secret: try resolvedSecret(environment: environment)),
            links: links,
            mode: short ? .short : .long,
            connectTimeout: .seconds(Int64(connectTimeout))
        )
    }

    /// A logger to standard error at `--log-level`.
    public func makeLogger(label: String) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel.level
        return logger
    }
}

/// A swift-log level as a command-line argument.
public struct LogLevelArgument: ExpressibleByArgument, Sendable {
    public var level: Logger.Level

    public init(_ level: Logger.Level) {
        self.level = level
    }

    public init?(argument: String) {
        guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        self.level = level
    }

    public var defaultValueDescription: String { level.rawValue }

    public static var allValueStrings: [String] { Logger.Level.allCases.map(\.rawValue) }
}

extension CMPPSubmit.TextEncoding: ExpressibleByArgument {}

/// The one-line explanations `feige send` and `feige listen` print for a failure.
public enum ClientFailure {
    /// What went wrong, in words, with the CONNECT_RESP Status and its meaning for a refused login.
    public static func describe(_ error: any Error, host: String, port: Int) -> String {
        guard let error = error as? CMPPClientError else { return "error: \(error)" }
        if let status = error.connectStatus {
            return "error: the ISMG at \(host):\(port) refused the login: Status \(status.rawValue) (\(status))"
        }
        switch error.code {
        case .noReadyLink:
            let cause = error.underlying.map { ": \($0)" } ?? ""
            return "error: could not connect to \(host):\(port) and log in\(cause)"
        case .invalidMessage:
            return "error: the message cannot be sent: \(error.reason)"
        case .linkLost:
            return "error: the link to \(host):\(port) was lost before the ISMG answered"
        case .requestFailed:
            let cause = error.underlying.map { ": \($0)" } ?? ""
            return "error: the ISMG did not answer\(cause)"
        default:
            return "error: \(error)"
        }
    }
}

/// Writes `line` and a newline to standard error.
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes `line` and a newline to standard output at once (unbuffered), so a pipe sees each delivery as it
/// comes.
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
