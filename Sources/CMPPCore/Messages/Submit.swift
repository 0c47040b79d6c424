import NIOCore
import SMSCodec

/// CMPP_SUBMIT (§7.4.3.1): the SP sends a message to one or more handsets.
///
/// Total length 138 + 21 × DestUsr_tl + Msg_Length.
///
/// ### Examples
/// Fact sheet §10 ex. 3: 189 bytes, one destination `13500002696`, Msg_Fmt 8, content UCS2
/// "测试gocmpp submit" (30 bytes).
///
/// ## Related types
/// ``CMPPSubmitResponse``, ``CMPPMessageFormat``, ``CMPPUserData`` for long messages.
public struct CMPPSubmit: Hashable, Sendable {
    /// `Msg_Id` (8): left empty (0) by the SP, filled in by the gateway.
    public var messageID: CMPPMessageID
    /// `Pk_total` (1): parts with the same Msg_Id, from 1.
    public var pkTotal: UInt8
    /// `Pk_number` (1): this part's number, from 1.
    public var pkNumber: UInt8
    /// `Registered_Delivery` (1): 0 no status report, 1 status report, 2 SMC bill record only.
    public var registeredDelivery: UInt8
    /// `Msg_level` (1).
    public var messageLevel: UInt8
    /// `Service_Id` (10).
    public var serviceID: String
    /// `Fee_UserType` (1): 0 destination, 1 source, 2 SP, 3 see Fee_terminal_Id.
    public var feeUserType: UInt8
    /// `Fee_terminal_Id` (21): the charged MSISDN (an Octet String, despite the 2.0 table's erratum).
    public var feeTerminalID: String
    /// `TP_pId` (1): GSM TP-PID.
    public var tpPID: UInt8
    /// `TP_udhi` (1): GSM TP-UDHI; see ``hasUserDataHeader`` for the values accepted.
    public var tpUDHI: UInt8
    /// `Msg_Fmt` (1).
    public var messageFormat: CMPPMessageFormat
    /// `Msg_src` (6): the SP_Id.
    public var messageSource: String
    /// `FeeType` (2): `01`…`05`.
    public var feeType: String
    /// `FeeCode` (6): the fee in cents.
    public var feeCode: String
    /// `ValId_Time` (17): validity in SMPP 3.3 time format.
    public var validityTime: String
    /// `At_Time` (17): scheduled delivery time; empty for now.
    public var atTime: String
    /// `Src_Id` (21): the SP service code, shown as the caller.
    public var sourceID: String
    /// `Dest_terminal_Id` (21 × DestUsr_tl): recipients, at most 99.
    public var destinationTerminalIDs: [String]
    /// `Msg_Content` (Msg_Length): at most 255 bytes on the wire; the spec allows 159 (ASCII) or 140.
    public var content: ByteBuffer
    /// `Reserve` (8).
    public var reserve: String

    public init(
        messageID: CMPPMessageID = .zero,
        pkTotal: UInt8 = 1,
        pkNumber: UInt8 = 1,
        registeredDelivery: UInt8 = 0,
        messageLevel: UInt8 = 0,
        serviceID: String = "",
        feeUserType: UInt8 = 0,
        feeTerminalID: String = "",
        tpPID: UInt8 = 0,
        tpUDHI: UInt8 = 0,
        messageFormat: CMPPMessageFormat,
        messageSource: String,
        feeType: String = "",
        feeCode: String = "",
        validityTime: String = "",
        atTime: String = "",
        sourceID: String,
        destinationTerminalIDs: [String],
        content: ByteBuffer,
        reserve: String = ""
    ) {
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
        self.validityTime = validityTime
        self.atTime = atTime
        self.sourceID = sourceID
        self.destinationTerminalIDs = destinationTerminalIDs
        self.content = content
        self.reserve = reserve
    }

    /// Whether Msg_Content starts with a user data header (TP_udhi 0x01, or 0x40 as sent in the field).
    public var hasUserDataHeader: Bool { CMPPUserData.indicatesHeader(tpUDHI) }

    /// The concatenation element of a long-message part, if TP_udhi is set and the header has one.
    public func concatenation() throws(CMPPError) -> SMSConcatenation? {
        try CMPPUserData.concatenation(of: content, tpUDHI: tpUDHI)
    }

    /// The text of Msg_Content in its Msg_Fmt, after any user data header; `nil` for binary formats.
    public func text() throws(CMPPError) -> String? {
        try CMPPUserData.text(of: content, format: messageFormat, tpUDHI: tpUDHI)
    }
}

/// CMPP_SUBMIT_RESP (§7.4.3.2). Body 9 bytes on a 2.x link (Result is one byte), total 21.
public struct CMPPSubmitResponse: Hashable, Sendable {
    /// `Msg_Id` (8): the id the gateway gave the message; status reports refer to it.
    public var messageID: CMPPMessageID
    /// `Result` (1).
    public var result: CMPPResult

    public init(messageID: CMPPMessageID, result: CMPPResult) {
        self.messageID = messageID
        self.result = result
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_SUBMIT body (2.x layout); `nil`, consuming nothing, when the body is short.
    ///
    /// The layout is checked from its two counts, then every field is read in one pass over the bytes
    /// (``CMPPByteReader``); Msg_Content is a slice of this buffer (no copy).
    public mutating func readCMPPSubmit() throws -> CMPPSubmit? {
        // 116 fixed bytes, DestUsr_tl, 21 × DestUsr_tl, Msg_Length, Msg_Content, Reserve (8).
        let start = self.readerIndex
        let layout: (destinations: Int, contentOffset: Int, contentLength: Int)? = self.withUnsafeReadableBytes { raw in
            guard raw.count > 116 else { return nil }
            let destinations = Int(raw[116])
            let lengthOffset = 117 + 21 * destinations
            guard raw.count > lengthOffset else { return nil }
            let contentLength = Int(raw[lengthOffset])
            guard raw.count >= lengthOffset + 1 + contentLength + 8 else { return nil }
            return (destinations, lengthOffset + 1, contentLength)
        }
        guard let layout else { return nil }
        let content = self.getSlice(at: start + layout.contentOffset, length: layout.contentLength)!
        let submit = self.withUnsafeReadableBytes { raw in
            var reader = CMPPByteReader(raw)
            let messageID = reader.readInteger(as: UInt64.self)
            let pkTotal = reader.readInteger(as: UInt8.self)
            let pkNumber = reader.readInteger(as: UInt8.self)
            let registeredDelivery = reader.readInteger(as: UInt8.self)
            let messageLevel = reader.readInteger(as: UInt8.self)
            let serviceID = reader.readOctetString(length: 10)
            let feeUserType = reader.readInteger(as: UInt8.self)
            let feeTerminalID = reader.readOctetString(length: 21)
            let tpPID = reader.readInteger(as: UInt8.self)
            let tpUDHI = reader.readInteger(as: UInt8.self)
            let messageFormat = reader.readInteger(as: UInt8.self)
            let messageSource = reader.readOctetString(length: 6)
            let feeType = reader.readOctetString(length: 2)
            let feeCode = reader.readOctetString(length: 6)
            let validityTime = reader.readOctetString(length: 17)
            let atTime = reader.readOctetString(length: 17)
            let sourceID = reader.readOctetString(length: 21)
            _ = reader.readInteger(as: UInt8.self)  // DestUsr_tl, read above
            let destinations = reader.readTerminalIDs(count: layout.destinations, width: 21)
            var trailer = CMPPByteReader(raw, offset: layout.contentOffset + layout.contentLength)
            let reserve = trailer.readOctetString(length: 8)
            return CMPPSubmit(
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
                validityTime: validityTime,
                atTime: atTime,
                sourceID: sourceID,
                destinationTerminalIDs: destinations,
                content: content,
                reserve: reserve
            )
        }
        self.moveReaderIndex(forwardBy: layout.contentOffset + layout.contentLength + 8)
        return submit
    }

    /// Reads a CMPP_SUBMIT_RESP body (2.x layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPSubmitResponse() throws -> CMPPSubmitResponse? {
        guard let (messageID, result) = self.readMultipleIntegers(as: (UInt64, UInt8).self) else { return nil }
        return CMPPSubmitResponse(messageID: CMPPMessageID(rawValue: messageID), result: CMPPResult(rawValue: UInt32(result)))
    }

    /// Reads a one-byte count followed by that many fixed-width terminal ids (DestUsr_tl + Dest_terminal_Id).
    mutating func readCMPPTerminalIDList(width: Int) -> [String]? {
        guard let count = self.getInteger(at: self.readerIndex, as: UInt8.self),
            self.readableBytes >= 1 + Int(count) * width
        else { return nil }
        self.moveReaderIndex(forwardBy: 1)
        var ids: [String] = []
        ids.reserveCapacity(Int(count))
        for _ in 0..<count {
            ids.append(self.readCMPPOctetString(length: width)!)
        }
        return ids
    }

    /// Reads a one-byte Msg_Length followed by that many bytes of Msg_Content, as a slice (no copy).
    mutating func readCMPPContent() -> ByteBuffer? {
        guard let length = self.getInteger(at: self.readerIndex, as: UInt8.self),
            self.readableBytes >= 1 + Int(length)
        else { return nil }
        self.moveReaderIndex(forwardBy: 1)
        return self.readSlice(length: Int(length))
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_SUBMIT body (2.x layout).
    ///
    /// Every field is validated first, then the body is written in one call (``CMPPByteWriter``).
    /// - Throws: ``CMPPError/Code/fieldTooLong`` when a string exceeds its field, there are more than 99
    ///   destinations, or the content exceeds 255 bytes.
    @discardableResult
    public mutating func writeCMPPSubmit(_ submit: CMPPSubmit) throws -> Int {
        try cmppCheckOctetString(submit.serviceID, fits: 10, field: "Service_Id")
        try cmppCheckOctetString(submit.feeTerminalID, fits: 21, field: "Fee_terminal_Id")
        try cmppCheckOctetString(submit.messageSource, fits: 6, field: "Msg_src")
        try cmppCheckOctetString(submit.feeType, fits: 2, field: "FeeType")
        try cmppCheckOctetString(submit.feeCode, fits: 6, field: "FeeCode")
        try cmppCheckOctetString(submit.validityTime, fits: 17, field: "ValId_Time")
        try cmppCheckOctetString(submit.atTime, fits: 17, field: "At_Time")
        try cmppCheckOctetString(submit.sourceID, fits: 21, field: "Src_Id")
        let destinations = submit.destinationTerminalIDs
        try cmppCheckCount(destinations.count, limit: CMPPDefaults.maximumDestinations, field: "DestUsr_tl")
        for id in destinations {
            try cmppCheckOctetString(id, fits: 21, field: "Dest_terminal_Id")
        }
        let contentLength = submit.content.readableBytes
        try cmppCheckCount(contentLength, limit: Int(UInt8.max), field: "Msg_Length")
        try cmppCheckOctetString(submit.reserve, fits: 8, field: "Reserve")

        let length = 126 + 21 * destinations.count + contentLength
        return self.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var writer = CMPPByteWriter(raw, length: length)
            writer.writeInteger(submit.messageID.rawValue)
            writer.writeInteger(submit.pkTotal)
            writer.writeInteger(submit.pkNumber)
            writer.writeInteger(submit.registeredDelivery)
            writer.writeInteger(submit.messageLevel)
            writer.writeOctetString(submit.serviceID, length: 10)
            writer.writeInteger(submit.feeUserType)
            writer.writeOctetString(submit.feeTerminalID, length: 21)
            writer.writeInteger(submit.tpPID)
            writer.writeInteger(submit.tpUDHI)
            writer.writeInteger(submit.messageFormat.rawValue)
            writer.writeOctetString(submit.messageSource, length: 6)
            writer.writeOctetString(submit.feeType, length: 2)
            writer.writeOctetString(submit.feeCode, length: 6)
            writer.writeOctetString(submit.validityTime, length: 17)
            writer.writeOctetString(submit.atTime, length: 17)
            writer.writeOctetString(submit.sourceID, length: 21)
            writer.writeInteger(UInt8(truncatingIfNeeded: destinations.count))
            for id in destinations {
                writer.writeOctetString(id, length: 21)
            }
            writer.writeInteger(UInt8(truncatingIfNeeded: contentLength))
            submit.content.withUnsafeReadableBytes { writer.writeBytes($0) }
            writer.writeOctetString(submit.reserve, length: 8)
            return length
        }
    }

    /// Writes a CMPP_SUBMIT_RESP body (2.x layout).
    /// - Throws: ``CMPPError/Code/fieldTooLong`` when Result does not fit its one byte.
    @discardableResult
    public mutating func writeCMPPSubmitResponse(_ response: CMPPSubmitResponse) throws -> Int {
        writeMultipleIntegers(response.messageID.rawValue, try response.result.oneByte(field: "Result"))
    }

    /// Writes DestUsr_tl and the fixed-width terminal ids.
    mutating func writeCMPPTerminalIDList(_ ids: [String], width: Int, field: StaticString) throws {
        try writeCMPPCount(ids.count, limit: CMPPDefaults.maximumDestinations, field: "DestUsr_tl")
        for id in ids {
            try writeCMPPOctetString(id, length: width, field: field)
        }
    }

    /// Writes Msg_Length and Msg_Content.
    mutating func writeCMPPContent(_ content: ByteBuffer) throws {
        try writeCMPPCount(content.readableBytes, limit: Int(UInt8.max), field: "Msg_Length")
        var content = content
        writeBuffer(&content)
    }
}

extension CMPPResult {
    /// The value as the one-byte Result of a 2.x layout.
    func oneByte(field: StaticString) throws -> UInt8 {
        guard let byte = UInt8(exactly: rawValue) else {
            throw CMPPError.fieldTooLong("\(field)", length: 4, limit: 1)
        }
        return byte
    }
}

extension CMPPByteReader {
    /// Reads `count` fixed-width terminal ids into an array allocated once at its exact size.
    ///
    /// Not `Array(unsafeUninitializedCapacity:)`: it is not specialised, and looks up the array's generic
    /// metadata on every call (~500 instructions, a quarter of decoding a SUBMIT). One destination, the usual
    /// case, is an array literal; more are appended after one `reserveCapacity`.
    @inline(__always)
    mutating func readTerminalIDs(count: Int, width: Int) -> [String] {
        if count == 1 {
            return [readOctetString(length: width)]
        }
        var ids: [String] = []
        ids.reserveCapacity(count)
        for _ in 0..<count {
            ids.append(readOctetString(length: width))
        }
        return ids
    }
}
