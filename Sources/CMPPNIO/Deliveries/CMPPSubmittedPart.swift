import CMPPCore

/// A part the client submitted and the ISMG accepted, remembered so that its status report can be matched to
/// it by Msg_Id (§7.4.5.1: the report's Msg_Id is the one SUBMIT_RESP gave, §7.4.3.2).
public struct CMPPSubmittedPart: Hashable, Sendable {
    /// The Msg_Id of SUBMIT_RESP.
    public var messageID: CMPPMessageID
    /// The message's concatenation reference, as in ``CMPPSubmitOutcome/reference``.
    public var reference: UInt16
    /// This part's number, from 1.
    public var partNumber: Int
    /// How many parts the message has.
    public var partTotal: Int
    /// The SUBMIT's Dest_terminal_Ids (one report comes per destination, all with this Msg_Id).
    public var destinations: [String]

    public init(messageID: CMPPMessageID, reference: UInt16, partNumber: Int, partTotal: Int, destinations: [String]) {
        self.messageID = messageID
        self.reference = reference
        self.partNumber = partNumber
        self.partTotal = partTotal
        self.destinations = destinations
    }
}
