import CMPPCore
import CMPPNIO
import Logging
import NIOCore
import NIOPosix

/// `feige bench --idle-links N`: opens N long connections, logs each in (§7.4.1 CMPP_CONNECT) and leaves it
/// idle, then measures what the links cost the gateway in resident memory.
///
/// Against the embedded gateway (whose demo account is allowed N links for the run) the figure is the
/// process's VmRSS after the links are up minus before, divided by N. Gateway and bench share the process,
/// so it includes the bench's own side of each link: an upper bound of the gateway's cost. A remote
/// gateway's memory cannot be seen from here; the run still proves it takes N logins, and measures the
/// bench's own side per link, which can be subtracted from the embedded figure.
///
/// Each socket end needs a file descriptor (two per link when embedded): the soft RLIMIT_NOFILE is raised as
/// far as the hard limit allows; links that cannot be opened are reported, not fatal. DELIVERs that arrive on
/// the idle links are left unanswered, so a real gateway keeps them for the real SP.
public struct IdleLinksRunner: Sendable {
    public var configuration: BenchConfiguration
    /// N.
    public var count: Int
    public var logger: Logger

    public init(configuration: BenchConfiguration, count: Int, logger: Logger) {
        self.configuration = configuration
        self.count = count
        self.logger = logger
    }

    /// Logins started at once.
    public static let concurrentLogins = 64
    /// The most idle links one run may open.
    public static let maximumCount = 1_000_000
    /// File descriptors kept for everything but the links (the store, the listener, the event loops).
    static let spareFileDescriptors: UInt64 = 256

    /// Opens the links, measures, closes them.
    /// - Throws: ``BenchConfigurationError``; ``BenchError`` when not even one link logs in because the gateway
    ///   refuses the login or cannot be reached.
    public func run(progress: (@Sendable (BenchProgress) -> Void)? = nil) async throws -> IdleLinksResult {
        let configuration = try self.configuration.validated()
        guard count >= 1 else {
            throw BenchConfigurationError.tooSmall(option: "--idle-links", value: count, minimum: 1)
        }
        guard count <= Self.maximumCount else {
            throw BenchConfigurationError.tooLarge(option: "--idle-links", value: count, maximum: Self.maximumCount)
        }
        let descriptorsPerLink: UInt64 = configuration.target == .embedded ? 2 : 1
        let fileLimit = SystemProbe.raiseOpenFileLimit(
            to: UInt64(count) * descriptorsPerLink + Self.spareFileDescriptors
        )

        let endpoint = try await BenchGatewayEndpoint.resolve(configuration, maximumConnections: count, logger: logger)
        let (gateway, host, port) = (endpoint.embedded, endpoint.host, endpoint.port)
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let factory = CMPPConnectionFactory(
            host: host,
            port: port,
            credentials: CMPPCredentials(spID: configuration.spID, secret: configuration.secret),
            configuration: CMPPSessionConfiguration(window: configuration.window),
            eventLoopGroup: clientGroup,
            connectTimeout: BenchRunner.loginTimeout
        )
        // Kept open: near the descriptor limit there may be none left to open it with afterwards.
        let status = ProcessStatusFile()
        let rssBefore = status?.read().residentBytes
        let start = NIODeadline.now()
        let opening = await open(factory: factory, start: start, progress: progress)
        let secondsToOpen = BenchRunner.seconds(from: start, to: .now())
        let rssAfter = status?.read().residentBytes

        await withTaskGroup(of: Void.self) { group in
            for link in opening.links { group.addTask { await link.terminate() } }
        }
        await gateway?.stop()
        try? await clientGroup.shutdownGracefully()

        if opening.links.isEmpty, let error = opening.firstError {
            throw BenchError.login(error, target: configuration.target.description)
        }
        let failure = opening.firstError.map { error in
            let reason = BenchError.login(error, target: configuration.target.description)
            return "\(count - opening.links.count) of \(count) links could not be opened: \(reason)"
                + " (file descriptor limit \(fileLimit), about \(descriptorsPerLink) per link)"
        }
        return IdleLinksResult(
            requested: count,
            opened: opening.links.count,
            target: configuration.target.description,
            store: configuration.effectiveStore?.rawValue ?? "remote",
            rssBeforeBytes: rssBefore,
            rssAfterBytes: rssAfter,
            secondsToOpen: secondsToOpen.rounded(toPlaces: 3),
            openFileLimit: fileLimit,
            failure: failure
        )
    }

    private struct Opening {
        var links: [any CMPPClientLink] = []
        var firstError: (any Error)?
    }

    /// Opens up to ``count`` links, ``concurrentLogins`` at a time, stopping after the first failure.
    private func open(
        factory: CMPPConnectionFactory,
        start: NIODeadline,
        progress: (@Sendable (BenchProgress) -> Void)?
    ) async -> Opening {
        var opening = Opening()
        opening.links.reserveCapacity(count)
        var lastProgress = start
        let logger = self.logger
        while opening.links.count < count, opening.firstError == nil {
            let batch = min(Self.concurrentLogins, count - opening.links.count)
            await withTaskGroup(of: Result<any CMPPClientLink, any Error>.self) { group in
                for _ in 0..<batch {
                    group.addTask {
                        do {
                            return .success(try await factory.connect(inbound: { _ in }, logger: logger))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                for await result in group {
                    switch result {
                    case .success(let link): opening.links.append(link)
                    case .failure(let error): if opening.firstError == nil { opening.firstError = error }
                    }
                }
            }
            let now = NIODeadline.now()
            if let progress, now - lastProgress >= TimeAmount(BenchRunner.progressInterval) {
                lastProgress = now
                progress(
                    BenchProgress(
                        linksOpened: opening.links.count,
                        elapsedSeconds: BenchRunner.seconds(from: start, to: now)
                    )
                )
            }
        }
        return opening
    }
}
