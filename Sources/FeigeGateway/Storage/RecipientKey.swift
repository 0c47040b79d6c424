import CMPPCore

/// One recipient of a stored MT message: the message's Msg_Id and the recipient's position in its
/// `Dest_terminal_Id` list (§7.4.3.1), from 0.
///
/// A CMPP 2.0 group send gives every recipient the same Msg_Id, so the position tells them apart; the
/// status report for a recipient carries the Msg_Id and the recipient's number (§7.4.5.1).
public struct RecipientKey: Hashable, Sendable, CustomStringConvertible {
    /// The Msg_Id the gateway answered the SUBMIT with.
    public var messageID: CMPPMessageID
    /// The position in `Dest_terminal_Id`, 0…98.
    public var index: Int

    public init(messageID: CMPPMessageID, index: Int) {
        self.messageID = messageID
        self.index = index
    }

    public var description: String { "\(messageID)#\(index)" }
}
