import CMPPCore
import Foundation
import NIOCore

/// The final state of one MT recipient, as a ``GatewayDownstream`` reports it: what the status report
/// (§7.4.5.1) carries as `Stat` and `Done_time`.
public struct DownstreamOutcome: Hashable, Sendable {
    /// The recipient.
    public var recipient: RecipientKey
    /// The final `Stat`: `DELIVRD` for delivered, `EXPIRED` for an expired validity, anything else failed.
    public var stat: CMPPStat
    /// When the network decided.
    public var doneAt: Date

    public init(recipient: RecipientKey, stat: CMPPStat, doneAt: Date) {
        self.recipient = recipient
        self.stat = stat
        self.doneAt = doneAt
    }

    /// The recipient state the store records for ``stat``.
    public var state: RecipientDeliveryState {
        switch stat {
        case .delivered: .delivered
        case .expired: .expired
        default: .failed
        }
    }
}

/// An MO message from a handset (one part of it, for a long one), as a ``GatewayDownstream`` reports it.
/// The gateway gives it a Msg_Id and routes it by `Dest_Id` (issue #5 §6).
public struct DownstreamMobileOriginated: Hashable, Sendable {
    /// `Src_terminal_Id`: the handset.
    public var sourceTerminalID: String
    /// `Dest_Id`: the number texted, an SP service code possibly extended.
    public var destinationID: String
    /// `Service_Id` for the DELIVER.
    public var serviceID: String
    /// `TP_pid`.
    public var tpPID: UInt8
    /// `TP_udhi`: 1 when ``content`` starts with a user data header (a part of a long MO).
    public var tpUDHI: UInt8
    /// `Msg_Fmt`.
    public var messageFormat: CMPPMessageFormat
    /// `Msg_Content`.
    public var content: ByteBuffer
    /// When the handset sent it.
    public var receivedAt: Date

    public init(
        sourceTerminalID: String,
        destinationID: String,
        serviceID: String = "",
        tpPID: UInt8 = 0,
        tpUDHI: UInt8 = 0,
        messageFormat: CMPPMessageFormat,
        content: ByteBuffer,
        receivedAt: Date
    ) {
        self.sourceTerminalID = sourceTerminalID
        self.destinationID = destinationID
        self.serviceID = serviceID
        self.tpPID = tpPID
        self.tpUDHI = tpUDHI
        self.messageFormat = messageFormat
        self.content = content
        self.receivedAt = receivedAt
    }

    /// The parts that carry `text` from `handset` to `destination`: ASCII when GSM 7-bit can carry it,
    /// else UCS2, split with concatenation headers when it does not fit one message.
    ///
    /// - Throws: ``CMPPError`` when the text needs more than 255 parts.
    public static func parts(
        of text: String,
        from handset: String,
        to destination: String,
        reference: UInt16,
        receivedAt: Date
    ) throws(CMPPError) -> [DownstreamMobileOriginated] {
        let template = CMPPSubmit(
            messageFormat: .ascii,
            messageSource: "",
            sourceID: destination,
            destinationTerminalIDs: [handset],
            content: ByteBuffer()
        )
        return try CMPPSubmit.parts(of: text, reference: reference, template: template).map { part in
            DownstreamMobileOriginated(
                sourceTerminalID: handset,
                destinationID: destination,
                tpUDHI: part.tpUDHI,
                messageFormat: part.messageFormat,
                content: part.content,
                receivedAt: receivedAt
            )
        }
    }
}
