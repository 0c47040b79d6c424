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
    /// The fields, stored once: a message is handed from the SUBMIT path to the store, the dispatcher and the
    /// downstream, and each hand-over copies it; boxed, a copy is one reference count instead of a dozen
    /// plus ~250 bytes (issue #6). Changed copy-on-write, so it keeps value semantics.
    private final class Storage: @unchecked Sendable {
        // @unchecked: `fields` is changed only through ``AcceptedMessage/mutate(_:)``, on a box no other
        // copy references; a shared box is never written.
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private struct Fields: Hashable, Sendable {
        var messageID: CMPPMessageID
        var account: String
        var serviceID: String
        var sourceID: String
        var messageFormat: CMPPMessageFormat
        var tpPID: UInt8
        var tpUDHI: UInt8
        var pkTotal: UInt8
        var pkNumber: UInt8
        var registeredDelivery: UInt8
        var messageLevel: UInt8
        var feeUserType: UInt8
        var feeTerminalID: String
        var feeType: String
        var feeCode: String
        var validityTime: String
        var atTime: String
        var validUntil: Date?
        var deliverAt: Date?
        var content: ByteBuffer
        var recipients: [String]
        var submittedAt: Date
    }

    private var storage: Storage

    /// Changes the fields: in place when this copy alone holds the box, else in a new box of its own, so other
    /// copies keep their values.
    private mutating func mutate(_ body: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(storage.fields)
        }
        body(&storage.fields)
    }

    public static func == (lhs: AcceptedMessage, rhs: AcceptedMessage) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        storage.fields.hash(into: &hasher)
    }

    /// `Msg_Id`: the id the gateway answers the SUBMIT with (§7.4.3.2).
    public var messageID: CMPPMessageID {
        get { storage.fields.messageID }
        set { mutate { $0.messageID = newValue } }
    }
    /// The SP_Id of the account that submitted it (its login `Source_Addr`, §7.4.1.1).
    public var account: String {
        get { storage.fields.account }
        set { mutate { $0.account = newValue } }
    }
    /// `Service_Id` (10).
    public var serviceID: String {
        get { storage.fields.serviceID }
        set { mutate { $0.serviceID = newValue } }
    }
    /// `Src_Id` (21).
    public var sourceID: String {
        get { storage.fields.sourceID }
        set { mutate { $0.sourceID = newValue } }
    }
    /// `Msg_Fmt`.
    public var messageFormat: CMPPMessageFormat {
        get { storage.fields.messageFormat }
        set { mutate { $0.messageFormat = newValue } }
    }
    /// `TP_pId`.
    public var tpPID: UInt8 {
        get { storage.fields.tpPID }
        set { mutate { $0.tpPID = newValue } }
    }
    /// `TP_udhi`.
    public var tpUDHI: UInt8 {
        get { storage.fields.tpUDHI }
        set { mutate { $0.tpUDHI = newValue } }
    }
    /// `Pk_total`.
    public var pkTotal: UInt8 {
        get { storage.fields.pkTotal }
        set { mutate { $0.pkTotal = newValue } }
    }
    /// `Pk_number`.
    public var pkNumber: UInt8 {
        get { storage.fields.pkNumber }
        set { mutate { $0.pkNumber = newValue } }
    }
    /// `Registered_Delivery`: 1 asks for a status report.
    public var registeredDelivery: UInt8 {
        get { storage.fields.registeredDelivery }
        set { mutate { $0.registeredDelivery = newValue } }
    }
    /// `Msg_level`.
    public var messageLevel: UInt8 {
        get { storage.fields.messageLevel }
        set { mutate { $0.messageLevel = newValue } }
    }
    /// `Fee_UserType`.
    public var feeUserType: UInt8 {
        get { storage.fields.feeUserType }
        set { mutate { $0.feeUserType = newValue } }
    }
    /// `Fee_terminal_Id`.
    public var feeTerminalID: String {
        get { storage.fields.feeTerminalID }
        set { mutate { $0.feeTerminalID = newValue } }
    }
    /// `FeeType`.
    public var feeType: String {
        get { storage.fields.feeType }
        set { mutate { $0.feeType = newValue } }
    }
    /// `FeeCode`.
    public var feeCode: String {
        get { storage.fields.feeCode }
        set { mutate { $0.feeCode = newValue } }
    }
    /// `ValId_Time` as sent (SMPP 3.3 time format, may be empty).
    public var validityTime: String {
        get { storage.fields.validityTime }
        set { mutate { $0.validityTime = newValue } }
    }
    /// `At_Time` as sent (may be empty).
    public var atTime: String {
        get { storage.fields.atTime }
        set { mutate { $0.atTime = newValue } }
    }
    /// The end of the validity period, parsed from ``validityTime``; `nil` for the gateway's default.
    public var validUntil: Date? {
        get { storage.fields.validUntil }
        set { mutate { $0.validUntil = newValue } }
    }
    /// The scheduled delivery time, parsed from ``atTime``; `nil` for at once.
    public var deliverAt: Date? {
        get { storage.fields.deliverAt }
        set { mutate { $0.deliverAt = newValue } }
    }
    /// `Msg_Content`.
    public var content: ByteBuffer {
        get { storage.fields.content }
        set { mutate { $0.content = newValue } }
    }
    /// `Dest_terminal_Id`: the recipients, in order (their ``RecipientKey/index``).
    public var recipients: [String] {
        get { storage.fields.recipients }
        set { mutate { $0.recipients = newValue } }
    }
    /// When the gateway accepted it; its day (in the store's zone) is the QUERY day it counts for (§7.4.4).
    public var submittedAt: Date {
        get { storage.fields.submittedAt }
        set { mutate { $0.submittedAt = newValue } }
    }

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
        storage = Storage(
            Fields(
                messageID: messageID,
                account: account,
                serviceID: serviceID,
                sourceID: sourceID,
                messageFormat: messageFormat,
                tpPID: tpPID,
                tpUDHI: tpUDHI,
                pkTotal: pkTotal,
                pkNumber: pkNumber,
                registeredDelivery: registeredDelivery,
                messageLevel: messageLevel,
                feeUserType: feeUserType,
                feeTerminalID: feeTerminalID,
                feeType: feeType,
                feeCode: feeCode,
                validityTime: validityTime,
                atTime: atTime,
                validUntil: validUntil,
                deliverAt: deliverAt,
                content: content,
                recipients: recipients,
                submittedAt: submittedAt
            )
        )
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

extension Sequence<AcceptedMessage> {
    /// The recipients of all these messages: what they add to the downstream's work.
    var recipientCount: Int { reduce(0) { $0 + $1.recipients.count } }
}
