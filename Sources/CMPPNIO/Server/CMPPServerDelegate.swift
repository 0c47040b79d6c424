import CMPPCore
import NIOCore

/// What a ``CMPPServer`` asks of the application (the ISMG): login decisions and the SPs' requests.
///
/// ``login(_:peer:)`` runs in a task of its own; the other methods are called on the link's event loop and
/// must return quickly (hand work off, then answer through ``CMPPInboundRequest/respond(_:)``).
public protocol CMPPServerDelegate: Sendable {
    /// Decides on an SP's CMPP_CONNECT (§7.4.1.1). Verify AuthenticatorSource here, e.g. with
    /// ``CMPPServerLoginDecision/verifying(_:account:secret:version:)``. Until this returns the link accepts
    /// nothing else; the session's login timeout still applies.
    func login(_ connect: CMPPConnect, peer: SocketAddress?) async -> CMPPServerLoginDecision

    /// A link logged in.
    func connectionOpened(_ connection: CMPPServerConnection)

    /// The SP sent a request (CMPP_SUBMIT, CMPP_QUERY, CMPP_CANCEL, CMPP_FWD…). Answer it with
    /// ``CMPPInboundRequest/respond(_:)``, possibly later (after a durable commit): until then it holds one of
    /// the link's W slots, and at W unanswered requests the link stops reading (§6 flow control).
    func received(_ request: CMPPInboundRequest, on connection: CMPPServerConnection)

    /// A logged-in link closed: `error` is `nil` after a graceful TERMINATE, else why.
    func connectionClosed(_ connection: CMPPServerConnection, error: CMPPSessionError?)
}
