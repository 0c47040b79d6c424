import CMPPCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A CMPP 2.0 ISMG endpoint: accepts SPs' long connections (§6 通信方式, port 7890 by convention), logs
/// them in through a ``CMPPServerDelegate``, and runs each with the session layer (window W, T/N resends,
/// ACTIVE_TEST, TERMINATE).
///
/// A `Service`: ``run()`` binds and serves until the task is cancelled (every link closes at once) or a
/// graceful shutdown is triggered (the listener closes, then every link is terminated after its requests
/// in flight, both ways, are answered; ``run()`` returns once all are closed). A link that has not closed
/// ``Configuration/shutdownTimeout`` after the shutdown began is closed then, as on cancellation: an SP that
/// answers neither a request in flight nor the TERMINATE would otherwise hold the shutdown for N × T and
/// then T more (§6: minutes by the spec's defaults).
///
/// ```swift
/// let server = CMPPServer(configuration: .init(port: 7890), delegate: gateway, logger: logger)
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public final class CMPPServer: Service, Sendable {
    /// Where to listen and how links behave.
    public struct Configuration: Hashable, Sendable {
        /// The address to bind.
        public var host: String
        /// The port to bind; 0 picks a free one (see ``CMPPServer/localAddress()``).
        public var port: Int
        /// W, T, N, C, login timeout and frame limit of every link.
        public var session: CMPPSessionConfiguration
        /// The most TCP connections open at once; a connection beyond it is answered CONNECT_RESP Status 5
        /// (其他错误, as SMSGate does for too many connections, fact sheet §6.2) and closed.
        public var maximumConnections: Int
        /// How long a graceful shutdown lets the links finish their requests in flight and their TERMINATE
        /// exchange (§7.4.2) before it closes those still open.
        public var shutdownTimeout: TimeAmount

        /// ``shutdownTimeout`` when none is given: 10 s, time for a responsive SP to answer and terminate,
        /// well inside a service manager's stop timeout (systemd's is 90 s).
        public static let defaultShutdownTimeout: TimeAmount = .seconds(10)

        public init(
            host: String = "0.0.0.0",
            port: Int = 7890,
            session: CMPPSessionConfiguration = .init(),
            maximumConnections: Int = 1024,
            shutdownTimeout: TimeAmount = Configuration.defaultShutdownTimeout
        ) {
            self.host = host
            self.port = port
            self.session = session
            self.maximumConnections = maximumConnections
            self.shutdownTimeout = shutdownTimeout
        }
    }

    private struct Child {
        var link: CMPPSessionLink
        var connection: CMPPServerConnection?
    }

    private struct State {
        var nextID: UInt64 = 1
        var children: [UInt64: Child] = [:]
        var isShuttingDown = false
        var isRunning = false
        /// ``bound`` is completed: completing it again would still hop to its event loop, which may be shut
        /// down by the time the server is released.
        var isBoundSettled = false
    }

    public let configuration: Configuration
    private let delegate: any CMPPServerDelegate
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    private let bound: EventLoopPromise<SocketAddress>

    public init(
        configuration: Configuration,
        delegate: any CMPPServerDelegate,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.delegate = delegate
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.bound = eventLoopGroup.any().makePromise(of: SocketAddress.self)
    }

    deinit {
        settleBound(.failure(CMPPSessionError(code: .terminated, reason: "the server went away before binding")))
    }

    /// Completes ``bound`` the first time only.
    private func settleBound(_ result: Result<SocketAddress, any Error>) {
        let first = state.withLockedValue { state in
            defer { state.isBoundSettled = true }
            return !state.isBoundSettled
        }
        if first { bound.completeWith(result) }
    }

    /// The address the server listens on, once ``run()`` has bound it (use with port 0).
    /// - Throws: the bind's error.
    public func localAddress() async throws -> SocketAddress {
        try await bound.futureResult.get()
    }

    /// The logged-in links.
    public var connections: [CMPPServerConnection] {
        state.withLockedValue { state in state.children.values.compactMap(\.connection) }
            .sorted { $0.id < $1.id }
    }

    public func run() async throws {
        let alreadyRunning = state.withLockedValue { state in
            defer { state.isRunning = true }
            return state.isRunning
        }
        guard !alreadyRunning else {
            throw CMPPSessionError(code: .protocolViolation, reason: "CMPPServer.run() called twice")
        }
        let listener: any Channel
        do {
            listener = try await ServerBootstrap(group: eventLoopGroup)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { [self] channel in
                    initializeChild(channel)
                }
                .bind(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            settleBound(.failure(error))
            throw error
        }
        if let address = listener.localAddress {
            settleBound(.success(address))
        } else {
            settleBound(.failure(CMPPSessionError(code: .terminated, reason: "the listener has no local address")))
        }
        logger.debug(
            "CMPP server listening",
            metadata: ["cmpp.address": "\(listener.localAddress.map { "\($0)" } ?? "?")"]
        )

        let listenerError: (any Error)? = await withTaskCancellationHandler {
            let listenerError: (any Error)?
            do {
                try await withGracefulShutdownHandler {
                    try await listener.closeFuture.get()
                } onGracefulShutdown: { [self] in
                    beginShutdown(listener: listener, graceful: true)
                }
                listenerError = nil
            } catch {
                listenerError = error
            }
            // The listener is closed. If nobody asked for that, the links are terminated as in a graceful
            // shutdown; either way run() returns once every link has closed, by itself or at the timeout.
            let (pending, wasShuttingDown) = state.withLockedValue { state in
                defer { state.isShuttingDown = true }
                return (state.children.values.map(\.link), state.isShuttingDown)
            }
            let deadline = closeAtTimeout(pending)
            for link in pending {
                if !wasShuttingDown { link.startTerminating() }
                _ = await link.closed()
            }
            deadline.cancel()
            return wasShuttingDown
                ? nil : listenerError ?? CMPPSessionError(code: .linkClosed, reason: "the listener closed")
        } onCancel: { [self] in
            beginShutdown(listener: listener, graceful: false)
        }
        logger.debug("CMPP server stopped")
        if let listenerError, !Task.isCancelled {
            throw listenerError
        }
    }

    /// Closes whichever of `links` are still open ``Configuration/shutdownTimeout`` from now, unless the
    /// returned task is cancelled first (closing a closed link does nothing).
    private func closeAtTimeout(_ links: [CMPPSessionLink]) -> Task<Void, Never> {
        let (timeout, logger) = (configuration.shutdownTimeout, logger)
        return Task {
            do {
                try await Task.sleep(for: Duration(timeout))
            } catch {
                return  // every link closed in time
            }
            let open = links.filter { $0.channel.isActive }
            guard !open.isEmpty else { return }
            logger.notice(
                "Closing links that did not finish terminating within the shutdown timeout",
                metadata: ["cmpp.links": "\(open.count)", "cmpp.timeout_ms": "\(timeout.nanoseconds / 1_000_000)"]
            )
            for link in open { link.close() }
        }
    }

    private func beginShutdown(listener: any Channel, graceful: Bool) {
        let children = state.withLockedValue { state in
            state.isShuttingDown = true
            return Array(state.children.values)
        }
        logger.debug("CMPP server shutting down", metadata: ["cmpp.graceful": "\(graceful)"])
        listener.close(promise: nil)
        for child in children {
            if graceful {
                child.link.startTerminating()
            } else {
                child.link.close()
            }
        }
    }

    // MARK: - Links

    private func initializeChild(_ channel: any Channel) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try installSession(on: channel)
        }
    }

    private func installSession(on channel: any Channel) throws {
        let (id, overLimit) = state.withLockedValue { state in
            defer { state.nextID += 1 }
            return (state.nextID, state.children.count >= configuration.maximumConnections)
        }
        let peer = channel.remoteAddress
        var logger = self.logger
        logger[metadataKey: CMPPLogKey.connectionID.rawValue] = "\(id)"
        logger[metadataKey: CMPPLogKey.peer.rawValue] = "\(peer.map { "\($0)" } ?? "?")"
        let delegate = self.delegate
        let decision = NIOLoopBoundBox<CMPPServerLoginDecision?>(nil, eventLoop: channel.eventLoop)
        let connection = NIOLoopBoundBox<CMPPServerConnection?>(nil, eventLoop: channel.eventLoop)

        let handler = CMPPSessionHandler(
            role: .server(authenticate: { connect, promise in
                promise.futureResult.assumeIsolated().whenSuccess { decision.value = $0 }
                if overLimit {
                    promise.succeed(.reject(.otherError, version: .v2_0))
                    return
                }
                Task {
                    promise.succeed(await delegate.login(connect, peer: peer))
                }
            }),
            configuration: configuration.session,
            eventLoop: channel.eventLoop,
            logger: logger,
            inbound: { request in
                guard let connection = connection.value else { return }
                delegate.received(request, on: connection)
            }
        )
        try channel.pipeline.syncOperations.addHandler(handler)
        let link = CMPPSessionLink(channel: channel, handler: handler)
        let admitted = state.withLockedValue { state in
            guard !state.isShuttingDown else { return false }
            state.children[id] = Child(link: link, connection: nil)
            return true
        }
        guard admitted else {
            throw CMPPSessionError(code: .terminated, reason: "the server is shutting down")
        }

        handler.loginFuture.assumeIsolated().whenSuccess { [self] _ in
            let accepted = decision.value ?? .reject(.otherError)
            let opened = CMPPServerConnection(
                id: id,
                account: accepted.account,
                peer: peer,
                version: accepted.version,
                link: link
            )
            connection.value = opened
            let isShuttingDown = state.withLockedValue { state in
                state.children[id]?.connection = opened
                return state.isShuttingDown
            }
            delegate.connectionOpened(opened)
            if isShuttingDown {
                link.startTerminating()
            }
        }
        handler.closeFuture.assumeIsolated().whenSuccess { [self] error in
            let child = state.withLockedValue { state in state.children.removeValue(forKey: id) }
            if let opened = child?.connection {
                delegate.connectionClosed(opened, error: error)
            }
        }
    }
}
