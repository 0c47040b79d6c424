import CMPPCore
import Foundation
import NIOCore

/// One MT part as a ``GatewayDownstream`` receives it: the accepted CMPP_SUBMIT (§7.4.3.1) and the
/// recipients to send it to.
public struct DownstreamMessage: Hashable, Sendable {
    /// One recipient: its position in `Dest_terminal_Id` (which names it in outcomes) and its number.
    public struct Recipient: Hashable, Sendable {
        /// The Msg_Id and position.
        public var key: RecipientKey
        /// `Dest_terminal_Id`.
        public var terminalID: String

        public init(key: RecipientKey, terminalID: String) {
            self.key = key
            self.terminalID = terminalID
        }
    }

    /// The message as the gateway accepted and stored it.
    public var message: AcceptedMessage
    /// The recipients to send to now (all of them, or those still undecided after a restart).
    public var recipients: [Recipient]

    public init(message: AcceptedMessage, recipients: [Recipient]) {
        self.message = message
        self.recipients = recipients
    }

    /// All of `message`'s recipients.
    public init(message: AcceptedMessage) {
        self.init(
            message: message,
            recipients: message.recipients.enumerated().map { index, number in
                Recipient(key: RecipientKey(messageID: message.messageID, index: index), terminalID: number)
            }
        )
    }

    /// The Msg_Id the gateway answered the SUBMIT with.
    public var messageID: CMPPMessageID { message.messageID }
}

/// Whether a ``GatewayDownstream`` took a ``DownstreamMessage``.
public enum DownstreamAcceptance: Hashable, Sendable {
    /// Taken: outcomes follow through the sink.
    case accepted
    /// Refused outright: every recipient fails with this `Stat` (e.g. `REJECTD`), and no outcome follows.
    case rejected(CMPPStat)
}
