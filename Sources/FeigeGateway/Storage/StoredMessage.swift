import CMPPCore
import Foundation

/// An MT message as a ``GatewayStore`` holds it: what was accepted, and where each recipient stands.
///
/// Recovery after a restart (issue #5 §4) returns these: messages with recipients still
/// ``RecipientDeliveryState/accepted`` are to be dispatched again (honouring ``AcceptedMessage/deliverAt``
/// and ``AcceptedMessage/validUntil``); recipients ``RecipientDeliveryState/sentDownstream`` without a final
/// state are for the downstream network (the simulator) to decide again.
public struct StoredMessage: Hashable, Sendable {
    /// The message as accepted.
    public var message: AcceptedMessage
    /// One entry per `Dest_terminal_Id`, in order.
    public var recipients: [StoredRecipient]

    public init(message: AcceptedMessage, recipients: [StoredRecipient]) {
        self.message = message
        self.recipients = recipients
    }
}

/// One recipient of a ``StoredMessage`` and its states.
public struct StoredRecipient: Hashable, Sendable {
    /// The message's Msg_Id and this recipient's position.
    public var key: RecipientKey
    /// The recipient's `Dest_terminal_Id`.
    public var terminalID: String
    /// Where it stands downstream.
    public var state: RecipientDeliveryState
    /// The final `Stat` (§7.4.5.1 table 1), once there is one.
    public var stat: CMPPStat?
    /// When it was handed downstream.
    public var sentAt: Date?
    /// When it reached its final state (the report's `Done_time`).
    public var doneAt: Date?
    /// Where its status report stands.
    public var reportState: StatusReportState

    public init(
        key: RecipientKey,
        terminalID: String,
        state: RecipientDeliveryState = .accepted,
        stat: CMPPStat? = nil,
        sentAt: Date? = nil,
        doneAt: Date? = nil,
        reportState: StatusReportState = .none
    ) {
        self.key = key
        self.terminalID = terminalID
        self.state = state
        self.stat = stat
        self.sentAt = sentAt
        self.doneAt = doneAt
        self.reportState = reportState
    }
}
