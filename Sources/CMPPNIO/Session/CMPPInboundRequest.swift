import CMPPCore

/// A request the peer sent on a link, waiting for our response: a DELIVER on the SP's side, a SUBMIT,
/// QUERY, CANCEL or FWD on the ISMG's side.
///
/// ACTIVE_TEST and TERMINATE never surface here: the session answers them itself.
///
/// Call ``respond(_:)`` exactly once, from any thread; the response goes out with the request's
/// Sequence_Id (§6.4 "收到请求消息后应立即回送响应消息"). Until it is called the request counts against the
/// link's window, so a holder that never responds eventually stops the link from reading (back-pressure).
/// A second call, or a call after the link closed, is ignored.
public struct CMPPInboundRequest: Sendable {
    /// The request's Sequence_Id; the response carries the same one.
    public let sequenceID: CMPPSequenceID
    /// The request.
    public let message: CMPPMessage
    private let responder: @Sendable (CMPPSequenceID, CMPPMessage) -> Void

    /// Made by the session handler, which passes a responder that hops to the link's event loop.
    package init(
        sequenceID: CMPPSequenceID,
        message: CMPPMessage,
        responder: @escaping @Sendable (CMPPSequenceID, CMPPMessage) -> Void
    ) {
        self.sequenceID = sequenceID
        self.message = message
        self.responder = responder
    }

    /// Sends `response` (e.g. `.deliverResponse(…)` or `.submitResponse(…)`) for this request.
    public func respond(_ response: CMPPMessage) {
        responder(sequenceID, response)
    }
}
