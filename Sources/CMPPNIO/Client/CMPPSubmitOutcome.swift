import CMPPCore

/// What the ISMG answered for one part of a message sent with ``CMPPClient/submit(_:to:options:)``: its
/// CMPP_SUBMIT_RESP (§7.4.3.2).
///
/// A non-zero ``result`` is the ISMG's refusal of that part (Result 8, flow control, only after the client's
/// bounded retries); it is returned, not thrown, so the caller sees which parts went through.
public struct CMPPSubmitOutcome: Hashable, Sendable {
    /// The Msg_Id the ISMG gave this part; status reports refer to it. 0 when the part was refused.
    public var messageID: CMPPMessageID
    /// SUBMIT_RESP's Result: 0 accepted.
    public var result: CMPPResult
    /// This part's number, from 1 (Pk_number).
    public var partNumber: Int
    /// How many parts the message has (Pk_total).
    public var partTotal: Int
    /// The concatenation reference the parts share (the low 8 bits go on the wire); the client picks one per
    /// message, and ``CMPPSubmittedPart/reference`` gives it back with the part's status report.
    public var reference: UInt16

    public init(messageID: CMPPMessageID, result: CMPPResult, partNumber: Int, partTotal: Int, reference: UInt16) {
        self.messageID = messageID
        self.result = result
        self.partNumber = partNumber
        self.partTotal = partTotal
        self.reference = reference
    }

    /// Whether the ISMG accepted the part (Result 0).
    public var isAccepted: Bool { result == .success }
}
