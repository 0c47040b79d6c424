/// What a CMPP_CANCEL (§7.4.6) did to a stored message.
///
/// Only ``cancelled`` answers with Success_Id 0; the other outcomes say why the answer is 1, for logs and
/// tests (the SP sees only the 1).
public enum CancelOutcome: Hashable, Sendable {
    /// Every recipient was still ``RecipientDeliveryState/accepted``; all are now cancelled.
    case cancelled
    /// No message has this Msg_Id.
    case notFound
    /// The message belongs to another account: only the account that submitted it may cancel it.
    case notOwner
    /// At least one recipient was already sent downstream (or decided, or cancelled before).
    case alreadySent

    /// `Success_Id` of CMPP_CANCEL_RESP: 0 success, 1 failure (§7.4.6.2).
    public var successID: UInt8 { self == .cancelled ? 0 : 1 }
}
