import CMPPCore
import CMPPNIO
import Logging

/// A ``CMPPClientLinkFactory`` around another (the TCP one in the loopback tests) that tells the test each
/// time one of the ISMG's requests reached the client, after the client has taken it in: a test can then
/// wait for a DELIVER to have arrived without consuming ``CMPPClient/deliveries``.
struct ObservingLinkFactory: CMPPClientLinkFactory {
    var base: any CMPPClientLinkFactory
    var received: @Sendable (CMPPInboundRequest) -> Void

    func connect(
        inbound: @escaping @Sendable (CMPPInboundRequest) -> Void,
        logger: Logger
    ) async throws -> any CMPPClientLink {
        try await base.connect(
            inbound: { [received] request in
                inbound(request)
                received(request)
            },
            logger: logger
        )
    }
}
