import NIOCore
import SMSCodec

/// CMPP_FWD (§7.5.4.1): one gateway forwards an MT, an MO or a status report to another.
///
/// Total length 152 + 21 × DestUsr_tl + Msg_Length.
///
/// ### Examples
/// Fact sheet §10 ex. 4: 197 bytes, Source_Id `100201` → Destination_Id `111112`, an MT of UCS2
/// "测试gocmpp fwd".
///
/// ## Related types
/// ``CMPPForwardResponse``, ``CMPPStatusReport`` (Msg_Fwd_Type 2), ``CMPPMOStatusReport`` (type 3).
public struct CMPPForward: Hashable, Sendable {
    /// `Msg_Fwd_Type`: what is being forwarded. An open set.
    public struct ForwardType: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
        CustomStringConvertible
    {
        public var rawValue: UInt8

        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        public init(integerLiteral value: UInt8) {
            self.rawValue = value
        }

        /// 0: an MT message.
        public static let mt = ForwardType(rawValue: 0)
        /// 1: an MO message.
        public static let mo = ForwardType(rawValue: 1)
        /// 2: the status report of an MT; content is a ``CMPPStatusReport``.
        public static let mtStatusReport = ForwardType(rawValue: 2)
        /// 3: the status report of an MO; content is a ``CMPPMOStatusReport``.
        public static let moStatusReport = ForwardType(rawValue: 3)

        public var description: String {
            switch rawValue {
            case 0: "MT"
            case 1: "MO"
            case 2: "MT status report"
            case 3: "MO status report"
            default: "Msg_Fwd_Type \(rawValue)"
            }
        }
    }

    /// What Msg_Content holds, decided by Msg_Fwd_Type.
    public enum Content: Hashable, Sendable {
        /// An MT or MO message (types 0 and 1, and unknown types).
        case message(ByteBuffer)
        /// Type 2: the §7.4.5.1 status report.
        case mtStatusReport(CMPPStatusReport)
        /// Type 3: the §7.5.4.1 MO report.
        case moStatusReport(CMPPMOStatusReport)
    }

    /// `Source_Id` (6): the source gateway code. Written right-aligned and '0'-padded as §7.5.4.1 says
    /// (gocmpp NUL-pads instead, fact sheet §11 #12; decoding accepts both and normalises to the spec's form).
    public var sourceID: String
    /// `Destination_Id` (6): the destination gateway code, padded like ``sourceID``.
    public var destinationID: String
    /// `NodesCount` (1): gateways passed.
    public var nodesCount: UInt8
    /// `Msg_Fwd_Type` (1).
    public var forwardType: ForwardType
    /// `Msg_Id` (8).
    public var messageID: CMPPMessageID
    /// `Pk_total` (1).
    public var pkTotal: UInt8
    /// `Pk_number` (1).
    public var pkNumber: UInt8
    /// `Registered_Delivery` (1): 0, 1, or 2 (SMC bill record).
    public var registeredDelivery: UInt8
    /// `Msg_level` (1).
    public var messageLevel: UInt8
    /// `Service_Id` (10).
    public var serviceID: String
    /// `Fee_UserType` (1).
    public var feeUserType: UInt8
    /// `Fee_terminal_Id` (21).
    public var feeTerminalID: String
    /// `TP_pid` (1).
    public var tpPID: UInt8
    /// `TP_udhi` (1).
    public var tpUDHI: UInt8
    /// `Msg_Fmt` (1).
    public var messageFormat: CMPPMessageFormat
    /// `Msg_src` (6).
    public var messageSource: String
    /// `FeeType` (2): `00`…`05`.
    public var feeType: String
    /// `FeeCode` (6).
    public var feeCode: String
    /// `Valid_Time` (17).
    public var validTime: String
    /// `At_Time` (17).
    public var atTime: String
    /// `Src_Id` (21): meaning depends on Msg_Fwd_Type (§7.5.4.1).
    public var sourceTerminalID: String
    /// `Dest_Id` (21 × DestUsr_tl).
    public var destinationIDs: [String]
    /// `Msg_Length` + `Msg_Content`.
    public var content: Content
    /// `Reserve` (8).
    public var reserve: String

    public init(
        sourceID: String,
        destinationID: String,
        nodesCount: UInt8 = 0,
        forwardType: ForwardType,
        messageID: CMPPMessageID,
        pkTotal: UInt8 = 1,
        pkNumber: UInt8 = 1,
        registeredDelivery: UInt8 = 0,
        messageLevel: UInt8 = 0,
        serviceID: String = "",
        feeUserType: UInt8 = 0,
        feeTerminalID: String = "",
        tpPID: UInt8 = 0,
        tpUDHI: UInt8 = 0,
        messageFormat: CMPPMessageFormat = .ascii,
        messageSource: String = "",
        feeType: String = "",
        feeCode: String = "",
        validTime: String = "",
        atTime: String = "",
        sourceTerminalID: String = "",
        destinationIDs: [String],
        content: Content,
        reserve: String = ""
    ) {
        self.sourceID = sourceID
        self.destinationID = destinationID
        self.nodesCount = nodesCount
        self.forwardType = forwardType
        self.messageID = messageID
        self.pkTotal = pkTotal
        self.pkNumber = pkNumber
        self.registeredDelivery = registeredDelivery
        self.messageLevel = messageLevel
        self.serviceID = serviceID
        self.feeUserType = feeUserType
        self.feeTerminalID = feeTerminalID
        self.tpPID = tpPID
        self.tpUDHI = tpUDHI
        self.messageFormat = messageFormat
        self.messageSource = messageSource
        self.feeType = feeType
        self.feeCode = feeCode
        self.validTime = validTime
        self.atTime = atTime
        self.sourceTerminalID = sourceTerminalID
        self.destinationIDs = destinationIDs
        self.content = content
        self.reserve = reserve
    }

    /// The text of an MT or MO in its Msg_Fmt, after any user data header; `nil` for binary and reports.
    public func text() throws(CMPPError) -> String? {
        guard case .message(let bytes) = content else { return nil }
        return try CMPPUserData.text(of: bytes, format: messageFormat, tpUDHI: tpUDHI)
    }

    /// The concatenation element of a long MT or MO part, if TP_udhi is set and the header has one.
    public func concatenation() throws(CMPPError) -> SMSConcatenation? {
        guard case .message(let bytes) = content else { return nil }
        return try CMPPUserData.concatenation(of: bytes, tpUDHI: tpUDHI)
    }
}

/// CMPP_FWD_RESP (§7.5.4.2). Body 11 bytes on a 2.x link, total 23.
public struct CMPPForwardResponse: Hashable, Sendable {
    /// `Msg_Id` (8): from the FWD.
    public var messageID: CMPPMessageID
    /// `Pk_total` (1): from the FWD.
    public var pkTotal: UInt8
    /// `Pk_number` (1): from the FWD.
    public var pkNumber: UInt8
    /// `Result` (1): 0–8 as SUBMIT_RESP, 9 ``CMPPResult/forwardingDecisionError``, 10+ other.
    public var result: CMPPResult

    public init(messageID: CMPPMessageID, pkTotal: UInt8, pkNumber: UInt8, result: CMPPResult) {
        self.messageID = messageID
        self.pkTotal = pkTotal
        self.pkNumber = pkNumber
        self.result = result
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_FWD body (2.x layout); `nil`, consuming nothing, when the body is short.
    /// - Throws: ``CMPPError/Code/invalidValue`` when a report (types 2, 3) has the wrong length.
    public mutating func readCMPPForward() throws -> CMPPForward? {
        try self.cmppParseUnwindingIfNeeded { buffer in
            guard let sourceID = buffer.readCMPPZeroPaddedOctetString(length: 6),
                let destinationID = buffer.readCMPPZeroPaddedOctetString(length: 6),
                let (nodesCount, forwardType, messageID, pkTotal, pkNumber, registeredDelivery, messageLevel) =
                    buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt64, UInt8, UInt8, UInt8, UInt8).self),
                let serviceID = buffer.readCMPPOctetString(length: 10),
                let feeUserType = buffer.readInteger(as: UInt8.self),
                let feeTerminalID = buffer.readCMPPOctetString(length: 21),
                let (tpPID, tpUDHI, messageFormat) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt8).self),
                let messageSource = buffer.readCMPPOctetString(length: 6),
                let feeType = buffer.readCMPPOctetString(length: 2),
                let feeCode = buffer.readCMPPOctetString(length: 6),
                let validTime = buffer.readCMPPOctetString(length: 17),
                let atTime = buffer.readCMPPOctetString(length: 17),
                let sourceTerminalID = buffer.readCMPPOctetString(length: 21),
                let destinationIDs = buffer.readCMPPTerminalIDList(width: 21),
                var bytes = buffer.readCMPPContent(),
                let reserve = buffer.readCMPPOctetString(length: 8)
            else { return nil }
            let type = CMPPForward.ForwardType(rawValue: forwardType)
            let content: CMPPForward.Content
            switch type {
            case .mtStatusReport: content = .mtStatusReport(try bytes.readCMPPStatusReport())
            case .moStatusReport: content = .moStatusReport(try bytes.readCMPPMOStatusReport())
            default: content = .message(bytes)
            }
            return CMPPForward(
                sourceID: sourceID,
                destinationID: destinationID,
                nodesCount: nodesCount,
                forwardType: type,
                messageID: CMPPMessageID(rawValue: messageID),
                pkTotal: pkTotal,
                pkNumber: pkNumber,
                registeredDelivery: registeredDelivery,
                messageLevel: messageLevel,
                serviceID: serviceID,
                feeUserType: feeUserType,
                feeTerminalID: feeTerminalID,
                tpPID: tpPID,
                tpUDHI: tpUDHI,
                messageFormat: CMPPMessageFormat(rawValue: messageFormat),
                messageSource: messageSource,
                feeType: feeType,
                feeCode: feeCode,
                validTime: validTime,
                atTime: atTime,
                sourceTerminalID: sourceTerminalID,
                destinationIDs: destinationIDs,
                content: content,
                reserve: reserve
            )
        }
    }

    /// Reads a CMPP_FWD_RESP body (2.x layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPForwardResponse() throws -> CMPPForwardResponse? {
        guard let (messageID, pkTotal, pkNumber, result) = self.readMultipleIntegers(as: (UInt64, UInt8, UInt8, UInt8).self)
        else { return nil }
        return CMPPForwardResponse(
            messageID: CMPPMessageID(rawValue: messageID),
            pkTotal: pkTotal,
            pkNumber: pkNumber,
            result: CMPPResult(rawValue: UInt32(result))
        )
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_FWD body (2.x layout).
    /// - Throws: ``CMPPError/Code/fieldTooLong`` when a string exceeds its field; ``CMPPError/Code/invalidValue``
    ///   when the content does not match Msg_Fwd_Type.
    @discardableResult
    public mutating func writeCMPPForward(_ forward: CMPPForward) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPZeroPaddedOctetString(forward.sourceID, length: 6, field: "Source_Id")
            try buffer.writeCMPPZeroPaddedOctetString(forward.destinationID, length: 6, field: "Destination_Id")
            buffer.writeMultipleIntegers(
                forward.nodesCount,
                forward.forwardType.rawValue,
                forward.messageID.rawValue,
                forward.pkTotal,
                forward.pkNumber,
                forward.registeredDelivery,
                forward.messageLevel
            )
            try buffer.writeCMPPOctetString(forward.serviceID, length: 10, field: "Service_Id")
            buffer.writeInteger(forward.feeUserType)
            try buffer.writeCMPPOctetString(forward.feeTerminalID, length: 21, field: "Fee_terminal_Id")
            buffer.writeMultipleIntegers(forward.tpPID, forward.tpUDHI, forward.messageFormat.rawValue)
            try buffer.writeCMPPOctetString(forward.messageSource, length: 6, field: "Msg_src")
            try buffer.writeCMPPOctetString(forward.feeType, length: 2, field: "FeeType")
            try buffer.writeCMPPOctetString(forward.feeCode, length: 6, field: "FeeCode")
            try buffer.writeCMPPOctetString(forward.validTime, length: 17, field: "Valid_Time")
            try buffer.writeCMPPOctetString(forward.atTime, length: 17, field: "At_Time")
            try buffer.writeCMPPOctetString(forward.sourceTerminalID, length: 21, field: "Src_Id")
            try buffer.writeCMPPTerminalIDList(forward.destinationIDs, width: 21, field: "Dest_Id")
            switch (forward.content, forward.forwardType) {
            case (.mtStatusReport(let report), .mtStatusReport):
                buffer.writeInteger(UInt8(report.layout.length))
                try buffer.writeCMPPStatusReport(report)
            case (.moStatusReport(let report), .moStatusReport):
                buffer.writeInteger(UInt8(CMPPMOStatusReport.length))
                try buffer.writeCMPPMOStatusReport(report)
            case (.message(let bytes), let type) where type != .mtStatusReport && type != .moStatusReport:
                try buffer.writeCMPPContent(bytes)
            default:
                throw CMPPError.invalidValue("Msg_Fwd_Type", "the content does not match Msg_Fwd_Type \(forward.forwardType.rawValue)")
            }
            try buffer.writeCMPPOctetString(forward.reserve, length: 8, field: "Reserve")
        }
    }

    /// Writes a CMPP_FWD_RESP body (2.x layout).
    @discardableResult
    public mutating func writeCMPPForwardResponse(_ response: CMPPForwardResponse) throws -> Int {
        writeMultipleIntegers(
            response.messageID.rawValue,
            response.pkTotal,
            response.pkNumber,
            try response.result.oneByte(field: "Result")
        )
    }
}
