import CMPPCore
import Logging

/// One logged-in long connection as ``CMPPClient`` uses it: the seam between the client's pool (reconnect,
/// load spreading, resends) and the socket, so the pool is tested with mock links and no sockets (the
/// postgres-nio `MockConnection` pattern).
package protocol CMPPClientLink: AnyObject, Sendable {
    /// Sends a request and waits for its response. The link applies the window (a request beyond it
    /// waits), T and N (resending the same frame), and fails with ``CMPPSessionError``:
    /// ``CMPPSessionError/Code/responseTimeout`` after N sends, ``CMPPSessionError/Code/linkClosed`` if the
    /// link drops first, ``CMPPSessionError/Code/terminated`` once the link is terminating.
    func request(_ message: CMPPMessage) async throws -> CMPPMessage
    /// Graceful close: stops taking requests, waits for those in flight, sends TERMINATE, waits for
    /// TERMINATE_RESP (at most T), closes.
    func terminate() async
    /// Closes at once; queued and in-flight requests fail with ``CMPPSessionError/Code/linkClosed``.
    func close()
    /// Waits until the link is closed. Returns `nil` after a graceful close, else why it closed.
    func closed() async -> CMPPSessionError?
    /// The CONNECT_RESP the ISMG logged us in with.
    var connectResponse: CMPPConnectResponse { get }
}

/// Opens logged-in links: the real one connects over TCP; tests pass mocks.
package protocol CMPPClientLinkFactory: Sendable {
    /// Connects, logs in, and returns the link once CONNECT_RESP had Status 0.
    ///
    /// - Parameter inbound: receives the ISMG's requests (DELIVERs) on this link; each must be answered.
    /// - Throws: ``CMPPSessionError`` (``CMPPSessionError/Code/loginRejected`` with the Status,
    ///   ``CMPPSessionError/Code/loginTimeout``, …) or the socket's error.
    func connect(
        inbound: @escaping @Sendable (CMPPInboundRequest) -> Void,
        logger: Logger
    ) async throws -> any CMPPClientLink
}
