import CMPPCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One logged-in CMPP long connection from an SP to an ISMG over TCP (§6 通信方式, §7.4.1 CMPP_CONNECT):
/// the real ``CMPPClientLink`` that ``CMPPConnectionFactory`` opens.
///
/// The window W, the T/N resends and the ACTIVE_TEST link test run inside the channel's
/// ``CMPPSessionHandler``; ``request(_:)`` hands a request to it through the link's batched hop to its event loop.
package final class CMPPConnection: CMPPClientLink {
    /// The CONNECT_RESP (Status 0) the ISMG logged us in with.
    package let connectResponse: CMPPConnectResponse
    private let link: CMPPSessionLink

    private init(connectResponse: CMPPConnectResponse, link: CMPPSessionLink) {
        self.connectResponse = connectResponse
        self.link = link
    }

    /// The channel, for diagnostics and tests.
    package var channel: any Channel { link.channel }

    /// Connects to `host:port`, logs in with `credentials`, and returns the link once CONNECT_RESP had
    /// Status 0.
    ///
    /// - Parameter inbound: receives the ISMG's requests (DELIVERs), on the link's event loop; each must be
    ///   answered.
    /// - Throws: ``CMPPSessionError`` (``CMPPSessionError/Code/loginRejected`` with the Status,
    ///   ``CMPPSessionError/Code/authenticatorMismatch``, ``CMPPSessionError/Code/loginTimeout``, …), or the
    ///   socket's error (connection refused, connect timeout).
    package static func connect(
        host: String,
        port: Int,
        credentials: CMPPCredentials,
        configuration: CMPPSessionConfiguration,
        eventLoopGroup: any EventLoopGroup,
        connectTimeout: TimeAmount,
        logger: Logger,
        inbound: @escaping @Sendable (CMPPInboundRequest) -> Void
    ) async throws -> CMPPConnection {
        var logger = logger
        logger[metadataKey: CMPPLogKey.peer.rawValue] = "\(host):\(port)"
        logger[metadataKey: CMPPLogKey.spID.rawValue] = "\(credentials.spID)"
        let handlerLogger = logger
        // The bootstrap may try several addresses, each with its own channel and handler; the one that
        // connected is found by its channel. Keeping the link from the initializer (rather than looking the
        // handler up afterwards) also covers a login that fails before `connect` returns.
        let attempts = NIOLockedValueBox<[ObjectIdentifier: (CMPPSessionLink, EventLoopFuture<CMPPConnectResponse>)]>(
            [:])
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = CMPPSessionHandler(
                        role: .client(credentials),
                        configuration: configuration,
                        eventLoop: channel.eventLoop,
                        logger: handlerLogger,
                        inbound: inbound
                    )
                    try channel.pipeline.syncOperations.addHandler(handler)
                    let attempt = (CMPPSessionLink(channel: channel, handler: handler), handler.loginFuture)
                    attempts.withLockedValue { $0[ObjectIdentifier(channel)] = attempt }
                }
            }
            .connect(host: host, port: port)
            .get()
        guard let (link, login) = attempts.withLockedValue({ $0[ObjectIdentifier(channel)] }) else {
            channel.close(promise: nil)
            throw CMPPSessionError.linkClosed(.connect, wasSent: false, reason: "the connection has no session")
        }
        do {
            let response = try await withTaskCancellationHandler {
                try await login.get()
            } onCancel: {
                link.close()
            }
            try Task.checkCancellation()
            return CMPPConnection(connectResponse: response, link: link)
        } catch {
            link.close()
            throw error
        }
    }

    package func request(_ message: CMPPMessage) async throws -> CMPPMessage {
        try await link.request(message)
    }

    package func terminate() async {
        await link.terminate()
    }

    package func close() {
        link.close()
    }

    package func closed() async -> CMPPSessionError? {
        await link.closed()
    }
}
