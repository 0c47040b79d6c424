import CMPPCore
import NIOCore

/// One SP's logged-in long connection to a ``CMPPServer`` (§6 通信方式).
///
/// Handed to ``CMPPServerDelegate/connectionOpened(_:)`` and with each request. The ISMG pushes its own
/// requests (CMPP_DELIVER: MO messages and status reports, §7.4.5) with ``request(_:)``, through the same
/// window W and T/N resends as the SP's SUBMITs go the other way.
public final class CMPPServerConnection: Sendable, CustomStringConvertible {
    /// Unique within the server's lifetime, in accept order.
    public let id: UInt64
    /// The account the login decision named.
    public let account: String
    /// The SP's address.
    public let peer: SocketAddress?
    /// The Version answered in CONNECT_RESP.
    public let version: CMPPVersion
    private let link: CMPPSessionLink

    init(id: UInt64, account: String, peer: SocketAddress?, version: CMPPVersion, link: CMPPSessionLink) {
        self.id = id
        self.account = account
        self.peer = peer
        self.version = version
        self.link = link
    }

    /// Sends a request (typically `.deliver(…)`) and returns the SP's response.
    ///
    /// - Throws: ``CMPPSessionError``: ``CMPPSessionError/Code/responseTimeout`` after N sends,
    ///   ``CMPPSessionError/Code/linkClosed`` (with ``CMPPSessionError/wasSent``),
    ///   ``CMPPSessionError/Code/terminated`` once the link is terminating.
    public func request(_ message: CMPPMessage) async throws -> CMPPMessage {
        try await link.request(message)
    }

    /// Graceful close (§7.4.2): stops taking requests, waits for those in flight both ways, sends TERMINATE,
    /// waits for TERMINATE_RESP (at most T), closes. Returns once the link closed.
    public func terminate() async {
        await link.terminate()
    }

    /// Closes at once.
    public func close() {
        link.close()
    }

    /// Waits until the link closed: `nil` after a graceful close, else why.
    public func closed() async -> CMPPSessionError? {
        await link.closed()
    }

    func startTerminating() {
        link.startTerminating()
    }

    public var description: String {
        "CMPPServerConnection(id: \(id), account: \(account), peer: \(peer.map { "\($0)" } ?? "?"))"
    }
}
