import CMPPCore
import Logging
import NIOCore
import NIOPosix

/// Opens ``CMPPConnection``s to one ISMG: the TCP ``CMPPClientLinkFactory`` ``CMPPClient`` uses.
package struct CMPPConnectionFactory: CMPPClientLinkFactory {
    package var host: String
    package var port: Int
    package var credentials: CMPPCredentials
    package var configuration: CMPPSessionConfiguration
    package var eventLoopGroup: any EventLoopGroup
    /// How long the TCP connect may take; the login then has ``CMPPSessionConfiguration/loginTimeout``.
    package var connectTimeout: TimeAmount

    package init(
        host: String,
        port: Int,
        credentials: CMPPCredentials,
        configuration: CMPPSessionConfiguration,
        eventLoopGroup: any EventLoopGroup,
        connectTimeout: TimeAmount
    ) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.connectTimeout = connectTimeout
    }

    /// The factory a ``CMPPClient`` with `configuration` uses: its host, port, credentials, session and
    /// connect timeout, on `eventLoopGroup`.
    package init(
        _ configuration: CMPPClient.Configuration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.init(
            host: configuration.host,
            port: configuration.port,
            credentials: configuration.credentials,
            configuration: configuration.session,
            eventLoopGroup: eventLoopGroup,
            connectTimeout: configuration.connectTimeout
        )
    }

    package func connect(
        inbound: @escaping @Sendable (CMPPInboundRequest) -> Void,
        logger: Logger
    ) async throws -> any CMPPClientLink {
        try await CMPPConnection.connect(
            host: host,
            port: port,
            credentials: credentials,
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            connectTimeout: connectTimeout,
            logger: logger,
            inbound: inbound
        )
    }
}
