import CMPPCore
import Foundation
import NIOCore

/// An MT message the gateway has accepted from an SP (§7.4.3.1 CMPP_SUBMIT), as a ``GatewayStore`` keeps it.
///
/// The gateway fills in ``messageID`` from its `CMPPMessageIDGenerator` before storing; the SUBMIT_RESP with
/// Result 0 goes out only once the store has committed the message (issue #5 §4). Each entry of
/// ``recipients`` becomes one recipient with its own ``RecipientDeliveryState`` and ``StatusReportState``.
///
/// `ValId_Time` and `At_Time` are kept as sent (``validityTime``, ``atTime``) and, parsed by the caller, as
/// dates (``validUntil``, ``deliverAt``) that recovery honours.
///
/// ## Related types
/// ``StoredMessage`` (the message with its recipients' states), ``RecipientKey``.
public struct AcceptedMessage: Hashable, Sendable {
    /// `Msg_Id`: the id the gateway answers the SUBMIT with (§7.4.3.2).
    public var messageID: CMPPMessageID
    /// The SP_Id of the account that submitted it (its login `Source_Addr`, §7.4.1.1).
    public var account: String
    /// `Service_Id` (10).
    public var serviceID: String
    /// `Src_Id` (21).
    public var sourceID: String
    /// `Msg_Fmt`.
    public var messageFormat: CMPPMessageFormat
    /// `TP_pId`.
    public var tpPID: UInt8
    /// `TP_udhi`.
    public var tpUDHI: UInt8
    /// `Pk_total`.
    public var pkTotal: UInt8
    /// `Pk_number`.
    public var pkNumber: UInt8
    /// `Registered_Delivery`: 1 asks for a status report.
    public var registeredDelivery: UInt8
    /// `Msg_level`.
    public var messageLevel: UInt8
    /// `Fee_UserType`.
    public var feeUserType: UInt8
    /// `Fee_terminal_Id`.
    public var feeTerminalID: String
    /// `FeeType`.
    public var feeType: String
    /// `FeeCode`.
    public var feeCode: String
    /// `ValId_Time` as sent (SMPP 3.3 time format, may be empty).
    public var validityTime: String
    /// `At_Time` as sent (may be empty).
    public var atTime: String
    /// The end of the validity period, parsed from ``validityTime``; `nil` for the gateway's default.
    public var validUntil: Date?
    /// The scheduled delivery time, parsed from ``atTime``; `nil` for at once.
    public var deliverAt: Date?
    /// `Msg_Content`.
    public var content: ByteBuffer
    /// `Dest_terminal_Id`: the recipients, in order (their ``RecipientKey/index``).
    public var recipients: [String]
    /// When the gateway accepted it; its day (in the store's zone) is the QUERY day it counts for (§7.4.4).
    public var submittedAt: Date

    public init(
        messageID: CMPPMessageID,
        account: String,
        serviceID: String = "",
        sourceID: String = "",
        messageFormat: CMPPMessageFormat = .ascii,
        tpPID: UInt8 = 0,
        tpUDHI: UInt8 = 0,
        pkTotal: UInt8 = 1,
        pkNumber: UInt8 = 1,
        registeredDelivery: UInt8 = 0,
        messageLevel: UInt8 = 0,
        feeUserType: UInt8 = 0,
        feeTerminalID: String = "",
        feeType: String = "",
        feeCode: String = "",
        validityTime: String = "",
        atTime: String = "",
        validUntil: Date? = nil,
        deliverAt: Date? = nil,
        content: ByteBuffer,
        recipients: [String],
        submittedAt: Date
    ) {
        self.messageID = messageID
        self.account = account
        self.serviceID = serviceID
        self.sourceID = sourceID
        self.messageFormat = messageFormat
        self.tpPID = tpPID
        self.tpUDHI = tpUDHI
        self.pkTotal = pkTotal
        self.pkNumber = pkNumber
        self.registeredDelivery = registeredDelivery
        self.messageLevel = messageLevel
        self.feeUserType = feeUserType
        self.feeTerminalID = feeTerminalID
        self.feeType = feeType
        self.feeCode = feeCode
        self.validityTime = validityTime
        self.atTime = atTime
        self.validUntil = validUntil
        self.deliverAt = deliverAt
        self.content = content
        self.recipients = recipients
        self.submittedAt = submittedAt
    }

    /// The record of a CMPP_SUBMIT the gateway accepted.
    ///
    /// - Parameters:
    ///   - submit: the SUBMIT as received; its own Msg_Id (0 from the SP) is ignored.
    ///   - messageID: the id the gateway allocated.
    ///   - account: the SP_Id of the link it came on.
    ///   - submittedAt: when it was accepted.
    ///   - validUntil: `ValId_Time` parsed by the caller.
    ///   - deliverAt: `At_Time` parsed by the caller.
    public init(
        submit: CMPPSubmit,
        messageID: CMPPMessageID,
        account: String,
        submittedAt: Date,
        validUntil: Date? = nil,
        deliverAt: Date? = nil
    ) {
        self.init(
            messageID: messageID,
            account: account,
            serviceID: submit.serviceID,
            sourceID: submit.sourceID,
            messageFormat: submit.messageFormat,
            tpPID: submit.tpPID,
            tpUDHI: submit.tpUDHI,
            pkTotal: submit.pkTotal,
            pkNumber: submit.pkNumber,
            registeredDelivery: submit.registeredDelivery,
            messageLevel: submit.messageLevel,
            feeUserType: submit.feeUserType,
            feeTerminalID: submit.feeTerminalID,
            feeType: submit.feeType,
            feeCode: submit.feeCode,
            validityTime: submit.validityTime,
            atTime: submit.atTime,
            validUntil: validUntil,
            deliverAt: deliverAt,
            content: submit.content,
            recipients: submit.destinationTerminalIDs,
            submittedAt: submittedAt
        )
    }

    /// Whether the SP asked for a status report per recipient (Registered_Delivery = 1).
    public var wantsStatusReport: Bool { registeredDelivery == 1 }

    /// The keys of this message's recipients, in order.
    public var recipientKeys: [RecipientKey] {
        recipients.indices.map { RecipientKey(messageID: messageID, index: $0) }
    }
}
