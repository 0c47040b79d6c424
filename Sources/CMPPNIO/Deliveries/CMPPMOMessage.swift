import CMPPCore

/// A mobile-originated message the ISMG delivered (CMPP_DELIVER with Registered_Delivery 0, §7.4.5.1): one
/// DELIVER, or the parts of a long message merged.
///
/// Parts are merged on their user data header's concatenation element (fact sheet §9.4; not on
/// Pk_total/Pk_number, which real traffic leaves at 1/1, §11 #9) by SMSCodec's ``SMSReassembler``, across all
/// the client's links. A message whose parts did not all come within the reassembly timeout is delivered
/// anyway, with ``isComplete`` false and ``missingParts`` naming the gaps.
public struct CMPPMOMessage: Hashable, Sendable {
    /// Src_terminal_Id: the handset that sent the message.
    public var sourceTerminalID: String
    /// Dest_Id: the SP service code the user texted.
    public var destinationID: String
    /// Service_Id.
    public var serviceID: String
    /// TP_pid of the first part.
    public var tpPID: UInt8
    /// Msg_Fmt of the parts.
    public var messageFormat: CMPPMessageFormat
    /// The content after the user data headers, the parts present concatenated in order.
    public var data: [UInt8]
    /// The text, decoded in ``messageFormat``; `nil` for binary formats or undecodable content.
    public var text: String?
    /// The Msg_Ids of the DELIVERs that carried the parts present, in part order.
    public var messageIDs: [CMPPMessageID]
    /// How many parts the message has: 1 for a message sent whole.
    public var partTotal: Int
    /// The numbers (from 1) of the parts that never came; empty when complete.
    public var missingParts: [Int]
    /// The concatenation reference of a long message; `nil` for one sent whole.
    public var reference: UInt16?

    public init(
        sourceTerminalID: String,
        destinationID: String,
        serviceID: String,
        tpPID: UInt8,
        messageFormat: CMPPMessageFormat,
        data: [UInt8],
        text: String?,
        messageIDs: [CMPPMessageID],
        partTotal: Int,
        missingParts: [Int] = [],
        reference: UInt16? = nil
    ) {
        self.sourceTerminalID = sourceTerminalID
        self.destinationID = destinationID
        self.serviceID = serviceID
        self.tpPID = tpPID
        self.messageFormat = messageFormat
        self.data = data
        self.text = text
        self.messageIDs = messageIDs
        self.partTotal = partTotal
        self.missingParts = missingParts
        self.reference = reference
    }

    /// Whether every part came.
    public var isComplete: Bool { missingParts.isEmpty }
}
