import Logging
import NIOCore
import NIOPosix

extension CMPPClient {
    /// Makes a client that connects to ``Configuration/host`` and ``Configuration/port`` over TCP on
    /// `eventLoopGroup`, logging in with ``Configuration/credentials`` (§7.4.1 CMPP_CONNECT).
    ///
    /// Nothing connects until ``run()`` is running.
    public convenience init(
        configuration: Configuration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.init(
            configuration: configuration,
            linkFactory: CMPPConnectionFactory(configuration, eventLoopGroup: eventLoopGroup),
            logger: logger
        )
    }
}
