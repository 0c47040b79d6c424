import NIOCore
import SMSCodec

/// CMPP_DELIVER (§7.4.5.1): the gateway delivers an MO message, or a status report, to the SP.
///
/// Total length 85 + Msg_Length (145 for a 2.0 status report).
///
/// ### Examples
/// Fact sheet §10 ex. 5 (MO, 86 bytes): Msg_Id `7fd913c12d34b9c9`, Dest_Id `10085`, Service_Id
/// `MCN2210101`, Src_terminal_Id `8618775648141`, content `r`.
///
/// ## Related types
/// ``CMPPDeliverResponse``, ``CMPPStatusReport``.
public struct CMPPDeliver: Hashable, Sendable {
    /// What Msg_Content holds, decided by Registered_Delivery.
    public enum Content: Hashable, Sendable {
        /// An MO message (Registered_Delivery 0).
        case message(ByteBuffer)
        /// A status report (Registered_Delivery 1).
        case statusReport(CMPPStatusReport)
    }

    /// `Msg_Id` (8): the MO's id (same scheme as §7.4.3.2).
    public var messageID: CMPPMessageID
    /// `Dest_Id` (21): the SP service code the user texted.
    public var destinationID: String
    /// `Service_Id` (10).
    public var serviceID: String
    /// `TP_pid` (1).
    public var tpPID: UInt8
    /// `TP_udhi` (1).
    public var tpUDHI: UInt8
    /// `Msg_Fmt` (1).
    public var messageFormat: CMPPMessageFormat
    /// `Src_terminal_Id` (21): the sender; for a status report, the SUBMIT's destination.
    public var sourceTerminalID: String
    /// `Registered_Delivery` (1): 0 MO message, 1 status report. Any non-zero value is read as a report,
    /// as SMSGate does (fact sheet §11 #10); the value is kept so it encodes back unchanged.
    public var registeredDelivery: UInt8
    /// `Msg_Length` + `Msg_Content`.
    public var content: Content
    /// `Reserved` (8).
    public var reserved: String

    public init(
        messageID: CMPPMessageID,
        destinationID: String,
        serviceID: String = "",
        tpPID: UInt8 = 0,
        tpUDHI: UInt8 = 0,
        messageFormat: CMPPMessageFormat = .ascii,
        sourceTerminalID: String,
        registeredDelivery: UInt8? = nil,
        content: Content,
        reserved: String = ""
    ) {
        self.messageID = messageID
        self.destinationID = destinationID
        self.serviceID = serviceID
        self.tpPID = tpPID
        self.tpUDHI = tpUDHI
        self.messageFormat = messageFormat
        self.sourceTerminalID = sourceTerminalID
        if let registeredDelivery {
            self.registeredDelivery = registeredDelivery
        } else if case .statusReport = content {
            self.registeredDelivery = 1
        } else {
            self.registeredDelivery = 0
        }
        self.content = content
        self.reserved = reserved
    }

    /// The status report, if this DELIVER carries one.
    public var statusReport: CMPPStatusReport? {
        if case .statusReport(let report) = content { return report }
        return nil
    }

    /// Whether Msg_Content starts with a user data header (TP_udhi 0x01, or 0x40 as sent in the field).
    public var hasUserDataHeader: Bool { CMPPUserData.indicatesHeader(tpUDHI) }

    /// The concatenation element of a long MO part, if TP_udhi is set and the header has one.
    public func concatenation() throws(CMPPError) -> SMSConcatenation? {
        guard case .message(let bytes) = content else { return nil }
        return try CMPPUserData.concatenation(of: bytes, tpUDHI: tpUDHI)
    }

    /// The MO text in its Msg_Fmt, after any user data header; `nil` for binary formats and reports.
    public func text() throws(CMPPError) -> String? {
        guard case .message(let bytes) = content else { return nil }
        return try CMPPUserData.text(of: bytes, format: messageFormat, tpUDHI: tpUDHI)
    }
}

/// CMPP_DELIVER_RESP (§7.4.5.2). Body 9 bytes on a 2.x link, total 21.
public struct CMPPDeliverResponse: Hashable, Sendable {
    /// `Msg_Id` (8): the DELIVER's id.
    public var messageID: CMPPMessageID
    /// `Result` (1): 0–8 as in SUBMIT_RESP, 9 and above other errors.
    public var result: CMPPResult

    public init(messageID: CMPPMessageID, result: CMPPResult) {
        self.messageID = messageID
        self.result = result
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_DELIVER body (2.x layout); `nil`, consuming nothing, when the body is short.
    ///
    /// The fields, and a status report's, are read in one pass over the bytes (``CMPPByteReader``); an MO
    /// message's Msg_Content is a slice of this buffer (no copy).
    /// - Throws: ``CMPPError/Code/invalidValue`` when a status report is neither 60 nor 71 bytes.
    public mutating func readCMPPDeliver() throws -> CMPPDeliver? {
        // 63 fixed bytes, Registered_Delivery, Msg_Length, Msg_Content, Reserved (8).
        guard let contentLength = self.withUnsafeReadableBytes({ raw -> Int? in
            guard raw.count > 64 else { return nil }
            let contentLength = Int(raw[64])
            return raw.count >= 65 + contentLength + 8 ? contentLength : nil
        }) else { return nil }
        let registeredDelivery = self.getInteger(at: self.readerIndex + 63, as: UInt8.self)!
        let message = registeredDelivery == 0 ? self.getSlice(at: self.readerIndex + 65, length: contentLength)! : nil
        let deliver = try self.withUnsafeReadableBytes { raw throws(CMPPError) in
            var reader = CMPPByteReader(raw)
            let messageID = reader.readInteger(as: UInt64.self)
            let destinationID = reader.readOctetString(length: 21)
            let serviceID = reader.readOctetString(length: 10)
            let tpPID = reader.readInteger(as: UInt8.self)
            let tpUDHI = reader.readInteger(as: UInt8.self)
            let messageFormat = reader.readInteger(as: UInt8.self)
            let sourceTerminalID = reader.readOctetString(length: 21)
            let content: CMPPDeliver.Content
            if let message {
                content = .message(message)
            } else {
                let report = UnsafeRawBufferPointer(rebasing: raw[65..<65 + contentLength])
                content = .statusReport(try CMPPStatusReport(decoding: report))
            }
            var trailer = CMPPByteReader(raw, offset: 65 + contentLength)
            let reserved = trailer.readOctetString(length: 8)
            return CMPPDeliver(
                messageID: CMPPMessageID(rawValue: messageID),
                destinationID: destinationID,
                serviceID: serviceID,
                tpPID: tpPID,
                tpUDHI: tpUDHI,
                messageFormat: CMPPMessageFormat(rawValue: messageFormat),
                sourceTerminalID: sourceTerminalID,
                registeredDelivery: registeredDelivery,
                content: content,
                reserved: reserved
            )
        }
        self.moveReaderIndex(forwardBy: 65 + contentLength + 8)
        return deliver
    }

    /// Reads a CMPP_DELIVER_RESP body (2.x layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPDeliverResponse() throws -> CMPPDeliverResponse? {
        guard let (messageID, result) = self.readMultipleIntegers(as: (UInt64, UInt8).self) else { return nil }
        return CMPPDeliverResponse(
            messageID: CMPPMessageID(rawValue: messageID),
            result: CMPPResult(rawValue: UInt32(result))
        )
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_DELIVER body (2.x layout).
    ///
    /// Every field is validated first, then the body is written in one call (``CMPPByteWriter``).
    /// - Throws: ``CMPPError/Code/fieldTooLong`` when a string exceeds its field or the content 255 bytes;
    ///   ``CMPPError/Code/invalidValue`` when Registered_Delivery disagrees with the content.
    @discardableResult
    public mutating func writeCMPPDeliver(_ deliver: CMPPDeliver) throws -> Int {
        try cmppCheckOctetString(deliver.destinationID, fits: 21, field: "Dest_Id")
        try cmppCheckOctetString(deliver.serviceID, fits: 10, field: "Service_Id")
        try cmppCheckOctetString(deliver.sourceTerminalID, fits: 21, field: "Src_terminal_Id")
        let contentLength: Int
        switch deliver.content {
        case .message(let bytes):
            guard deliver.registeredDelivery == 0 else {
                throw CMPPError.invalidValue("Registered_Delivery", "an MO message needs Registered_Delivery 0")
            }
            contentLength = bytes.readableBytes
            try cmppCheckCount(contentLength, limit: Int(UInt8.max), field: "Msg_Length")
        case .statusReport(let report):
            guard deliver.registeredDelivery != 0 else {
                throw CMPPError.invalidValue("Registered_Delivery", "a status report needs Registered_Delivery 1")
            }
            try report.checkFields()
            contentLength = report.layout.length
        }
        try cmppCheckOctetString(deliver.reserved, fits: 8, field: "Reserved")

        let length = 73 + contentLength
        return self.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var writer = CMPPByteWriter(raw, length: length)
            writer.writeInteger(deliver.messageID.rawValue)
            writer.writeOctetString(deliver.destinationID, length: 21)
            writer.writeOctetString(deliver.serviceID, length: 10)
            writer.writeInteger(deliver.tpPID)
            writer.writeInteger(deliver.tpUDHI)
            writer.writeInteger(deliver.messageFormat.rawValue)
            writer.writeOctetString(deliver.sourceTerminalID, length: 21)
            writer.writeInteger(deliver.registeredDelivery)
            writer.writeInteger(UInt8(truncatingIfNeeded: contentLength))
            switch deliver.content {
            case .message(let bytes):
                bytes.withUnsafeReadableBytes { writer.writeBytes($0) }
            case .statusReport(let report):
                report.write(to: &writer)
            }
            writer.writeOctetString(deliver.reserved, length: 8)
            return length
        }
    }

    /// Writes a CMPP_DELIVER_RESP body (2.x layout).
    @discardableResult
    public mutating func writeCMPPDeliverResponse(_ response: CMPPDeliverResponse) throws -> Int {
        writeMultipleIntegers(response.messageID.rawValue, try response.result.oneByte(field: "Result"))
    }
}
