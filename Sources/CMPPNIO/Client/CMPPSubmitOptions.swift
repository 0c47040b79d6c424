import CMPPCore
import NIOCore

/// The fields of a CMPP_SUBMIT (§7.4.3.1) that ``CMPPClient/submit(_:to:options:)`` does not derive from the
/// text: service, caller, report request, priority, fees and times.
///
/// The client fills in the rest: Msg_Id 0, Msg_src (the SP_Id of the login), Msg_Fmt, TP_udhi, Pk_total,
/// Pk_number and Msg_Content from the text and ``encoding``.
public struct CMPPSubmitOptions: Hashable, Sendable {
    /// `Service_Id` (10): the service code agreed with the operator.
    public var serviceID: String
    /// `Src_Id` (21): the SP's service number shown to the handset as the sender. Empty uses the SP_Id.
    public var sourceID: String
    /// `Registered_Delivery`: whether the ISMG should send a status report for each part (§7.4.3.1: 0 no,
    /// 1 yes, 2 SMC bill record only).
    public var registeredDelivery: UInt8
    /// How the text is encoded: ASCII when it can, else UCS2 (``CMPPSubmit/TextEncoding/auto``), or forced.
    public var encoding: CMPPSubmit.TextEncoding
    /// `Msg_level` (1): priority.
    public var messageLevel: UInt8
    /// `Fee_UserType` (1): 0 destination, 1 source, 2 SP, 3 see ``feeTerminalID``.
    public var feeUserType: UInt8
    /// `Fee_terminal_Id` (21): the charged number when ``feeUserType`` is 3.
    public var feeTerminalID: String
    /// `FeeType` (2): `01` free, `02` per message, `03` monthly, …
    public var feeType: String
    /// `FeeCode` (6): the fee in fen.
    public var feeCode: String
    /// `TP_pId` (1).
    public var tpPID: UInt8
    /// `ValId_Time` (17): validity in SMPP 3.3 time format; empty for the ISMG's default.
    public var validityTime: String
    /// `At_Time` (17): scheduled delivery in SMPP 3.3 time format; empty for now.
    public var atTime: String

    public init(
        serviceID: String = "",
        sourceID: String = "",
        registeredDelivery: UInt8 = 0,
        encoding: CMPPSubmit.TextEncoding = .auto,
        messageLevel: UInt8 = 0,
        feeUserType: UInt8 = 0,
        feeTerminalID: String = "",
        feeType: String = "",
        feeCode: String = "",
        tpPID: UInt8 = 0,
        validityTime: String = "",
        atTime: String = ""
    ) {
        self.serviceID = serviceID
        self.sourceID = sourceID
        self.registeredDelivery = registeredDelivery
        self.encoding = encoding
        self.messageLevel = messageLevel
        self.feeUserType = feeUserType
        self.feeTerminalID = feeTerminalID
        self.feeType = feeType
        self.feeCode = feeCode
        self.tpPID = tpPID
        self.validityTime = validityTime
        self.atTime = atTime
    }

    /// The SUBMIT every part is copied from, with an empty Msg_Content.
    func template(spID: String, destinations: [String]) -> CMPPSubmit {
        CMPPSubmit(
            registeredDelivery: registeredDelivery,
            messageLevel: messageLevel,
            serviceID: serviceID,
            feeUserType: feeUserType,
            feeTerminalID: feeTerminalID,
            tpPID: tpPID,
            messageFormat: .ascii,
            messageSource: spID,
            feeType: feeType,
            feeCode: feeCode,
            validityTime: validityTime,
            atTime: atTime,
            sourceID: sourceID.isEmpty ? spID : sourceID,
            destinationTerminalIDs: destinations,
            content: .init()
        )
    }
}
