import NIOCore

/// The status report a CMPP_DELIVER carries in Msg_Content when Registered_Delivery is set (§7.4.5.1),
/// and a CMPP_FWD of Msg_Fwd_Type 2 (§7.5.4.1).
///
/// 60 bytes in 2.0. A 3.0 report is 71 bytes (Dest_terminal_Id widened to 32); some gateways send that on
/// 2.0 links, and SMSGate accepts it (fact sheet §11 #10), so we decode both and remember which
/// ``layout`` came in, so the report encodes back to the same bytes.
///
/// ### Examples
/// `b4c5530000010000 "DELIVRD" "1511120955" "1511120957" "13412340000"+10×00 12345678` (§10 ex. 6).
public struct CMPPStatusReport: Hashable, Sendable {
    /// The width of Dest_terminal_Id, the only difference between the 2.0 and 3.0 report layouts.
    public enum Layout: Hashable, Sendable {
        /// 60 bytes, Dest_terminal_Id 21 (§7.4.5.1).
        case cmpp20
        /// 71 bytes, Dest_terminal_Id 32 (CMPP 3.0 §8.4.5.1), tolerated on 2.0 links (§11 #10).
        case cmpp30

        /// The report's length in Msg_Content.
        public var length: Int { self == .cmpp20 ? 60 : 71 }
        var terminalIDWidth: Int { self == .cmpp20 ? 21 : 32 }
    }

    /// `Msg_Id` (8): the id from the SUBMIT_RESP this reports on; the matching key.
    public var messageID: CMPPMessageID
    /// `Stat` (7).
    public var stat: CMPPStat
    /// `Submit_time` (10): `YYMMDDHHMM`.
    public var submitTime: String
    /// `Done_time` (10): `YYMMDDHHMM`.
    public var doneTime: String
    /// `Dest_terminal_Id` (21): the SUBMIT's destination.
    public var destinationTerminalID: String
    /// `SMSC_sequence` (4).
    public var smscSequence: UInt32
    /// Which layout to write; the one read when decoded.
    public var layout: Layout

    public init(
        messageID: CMPPMessageID,
        stat: CMPPStat,
        submitTime: String,
        doneTime: String,
        destinationTerminalID: String,
        smscSequence: UInt32,
        layout: Layout = .cmpp20
    ) {
        self.messageID = messageID
        self.stat = stat
        self.submitTime = submitTime
        self.doneTime = doneTime
        self.destinationTerminalID = destinationTerminalID
        self.smscSequence = smscSequence
        self.layout = layout
    }
}

/// The report of an MO delivery a gateway sends back in a CMPP_FWD of Msg_Fwd_Type 3 (§7.5.4.1): 60 bytes.
public struct CMPPMOStatusReport: Hashable, Sendable {
    /// `Msg_Id` (8): the id of the CMPP_DELIVER sent to the SP.
    public var messageID: CMPPMessageID
    /// `Stat` (7): `DELIVRD` when the SP answered Result 0, otherwise `REJECTD`.
    public var stat: CMPPStat
    /// `CMPP_DELIVER_time` (10): `YYMMDDHHMM` the DELIVER was sent.
    public var deliverTime: String
    /// `CMPP_DELIVER_RESP_time` (10): `YYMMDDHHMM` its response arrived.
    public var deliverResponseTime: String
    /// `Dest_Id` (21): the SP service code.
    public var destinationID: String
    /// `Reserved` (4).
    public var reserved: UInt32

    public init(
        messageID: CMPPMessageID,
        stat: CMPPStat,
        deliverTime: String,
        deliverResponseTime: String,
        destinationID: String,
        reserved: UInt32 = 0
    ) {
        self.messageID = messageID
        self.stat = stat
        self.deliverTime = deliverTime
        self.deliverResponseTime = deliverResponseTime
        self.destinationID = destinationID
        self.reserved = reserved
    }

    /// The report's length in Msg_Content.
    public static let length = 60
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a status report that fills the readable bytes: 60 (2.0) or 71 (3.0 layout, §11 #10) bytes.
    /// - Throws: ``CMPPError/Code/invalidValue`` for any other length.
    public mutating func readCMPPStatusReport() throws -> CMPPStatusReport {
        let report = try self.withUnsafeReadableBytes { raw throws(CMPPError) in try CMPPStatusReport(decoding: raw) }
        self.moveReaderIndex(forwardBy: report.layout.length)
        return report
    }

    /// Reads an MO status report that fills the readable bytes (60).
    /// - Throws: ``CMPPError/Code/invalidValue`` for any other length.
    public mutating func readCMPPMOStatusReport() throws -> CMPPMOStatusReport {
        guard self.readableBytes == CMPPMOStatusReport.length else {
            throw CMPPError.invalidValue("Msg_Content", "an MO status report has 60 bytes, not \(readableBytes)")
        }
        let messageID = self.readInteger(as: UInt64.self)!
        let stat = self.readCMPPOctetString(length: 7)!
        let deliverTime = self.readCMPPOctetString(length: 10)!
        let responseTime = self.readCMPPOctetString(length: 10)!
        let destination = self.readCMPPOctetString(length: 21)!
        let reserved = self.readInteger(as: UInt32.self)!
        return CMPPMOStatusReport(
            messageID: CMPPMessageID(rawValue: messageID),
            stat: CMPPStat(rawValue: stat),
            deliverTime: deliverTime,
            deliverResponseTime: responseTime,
            destinationID: destination,
            reserved: reserved
        )
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a status report in its ``CMPPStatusReport/layout``.
    @discardableResult
    public mutating func writeCMPPStatusReport(_ report: CMPPStatusReport) throws -> Int {
        try report.checkFields()
        let length = report.layout.length
        return self.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var writer = CMPPByteWriter(raw, length: length)
            report.write(to: &writer)
            return length
        }
    }

    /// Writes an MO status report.
    @discardableResult
    public mutating func writeCMPPMOStatusReport(_ report: CMPPMOStatusReport) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            buffer.writeInteger(report.messageID.rawValue)
            try buffer.writeCMPPOctetString(report.stat.rawValue, length: 7, field: "Stat")
            try buffer.writeCMPPOctetString(report.deliverTime, length: 10, field: "CMPP_DELIVER_time")
            try buffer.writeCMPPOctetString(report.deliverResponseTime, length: 10, field: "CMPP_DELIVER_RESP_time")
            try buffer.writeCMPPOctetString(report.destinationID, length: 21, field: "Dest_Id")
            buffer.writeInteger(report.reserved)
        }
    }
}

// MARK: - Raw coding

extension CMPPStatusReport {
    /// Decodes a report that fills `bytes`: 60 (2.0) or 71 (3.0 layout) bytes.
    /// - Throws: ``CMPPError/Code/invalidValue`` for any other length.
    init(decoding bytes: UnsafeRawBufferPointer) throws(CMPPError) {
        let layout: Layout
        switch bytes.count {
        case 60: layout = .cmpp20
        case 71: layout = .cmpp30
        default:
            throw CMPPError.invalidValue(
                "Msg_Content",
                "a status report has 60 bytes (71 in 3.0), not \(bytes.count)"
            )
        }
        var reader = CMPPByteReader(bytes)
        self.init(
            messageID: CMPPMessageID(rawValue: reader.readInteger(as: UInt64.self)),
            stat: CMPPStat(rawValue: reader.readOctetString(length: 7)),
            submitTime: reader.readOctetString(length: 10),
            doneTime: reader.readOctetString(length: 10),
            destinationTerminalID: reader.readOctetString(length: layout.terminalIDWidth),
            smscSequence: reader.readInteger(as: UInt32.self),
            layout: layout
        )
    }

    /// Throws ``CMPPError/Code/fieldTooLong`` when a field does not fit its width.
    func checkFields() throws(CMPPError) {
        try cmppCheckOctetString(stat.rawValue, fits: 7, field: "Stat")
        try cmppCheckOctetString(submitTime, fits: 10, field: "Submit_time")
        try cmppCheckOctetString(doneTime, fits: 10, field: "Done_time")
        try cmppCheckOctetString(destinationTerminalID, fits: layout.terminalIDWidth, field: "Dest_terminal_Id")
    }

    /// Writes the report's ``layout/length`` bytes; the caller has called ``checkFields()``.
    @inline(__always)
    func write(to writer: inout CMPPByteWriter) {
        writer.writeInteger(messageID.rawValue)
        writer.writeOctetString(stat.rawValue, length: 7)
        writer.writeOctetString(submitTime, length: 10)
        writer.writeOctetString(doneTime, length: 10)
        writer.writeOctetString(destinationTerminalID, length: layout.terminalIDWidth)
        writer.writeInteger(smscSequence)
    }
}
