/// A transfer-layer PDU (3GPP TS 23.040 §9.2.2): one of the six message types.
///
/// The type is TP-MTI (first-octet bits 1…0) read **with the direction**, which the PDU does not carry
/// (§9.2.3.1; shared/spec/sms-pdu.md §2):
///
/// | TP-MTI | SC → MS (``Direction/fromNetwork``) | MS → SC (``Direction/toNetwork``) |
/// |---|---|---|
/// | 00 | SMS-DELIVER | SMS-DELIVER-REPORT |
/// | 01 | SMS-SUBMIT-REPORT | SMS-SUBMIT |
/// | 10 | SMS-STATUS-REPORT | SMS-COMMAND |
/// | 11 | reserved: read as SMS-DELIVER (§9.2.3.1) | reserved: an error |
public enum TPDU: Hashable, Sendable {
    case deliver(SMSDeliver)
    case submit(SMSSubmit)
    case statusReport(SMSStatusReport)
    case submitReport(SMSSubmitReport)
    case deliverReport(SMSDeliverReport)
    case command(SMSCommand)

    /// Which way a PDU travels, to tell apart the types that share a TP-MTI.
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        /// SC → MS, what a modem reports (`+CMT`, `+CDS`, received messages in storage).
        case fromNetwork = "from-network"
        /// MS → SC, what a TE sends (`AT+CMGS`, `AT+CMGC`, `AT+CNMA`).
        case toNetwork = "to-network"
        /// As received, except that TP-MTI `01` is an SMS-SUBMIT unless the whole PDU reads strictly as an
        /// SMS-SUBMIT-REPORT (valid time stamp, no reserved TP-PI bits, nothing left over). A TE sees stored
        /// SUBMITs (`+CMGL` stat 2/3) far more often than SUBMIT-REPORTs, which come only inside `+CMGS`.
        case automatic
    }

    /// The name of the type as dumps and JSON show it: `deliver`, `submit`, `status-report`, …
    public var typeName: String {
        switch self {
        case .deliver: "deliver"
        case .submit: "submit"
        case .statusReport: "status-report"
        case .submitReport: "submit-report"
        case .deliverReport: "deliver-report"
        case .command: "command"
        }
    }

    /// The first octet as it is encoded.
    public var firstOctet: UInt8 {
        switch self {
        case .deliver(let message): message.firstOctet
        case .submit(let message): message.firstOctet
        case .statusReport(let message): message.firstOctet
        case .submitReport(let message): message.firstOctet
        case .deliverReport(let message): message.firstOctet
        case .command(let message): message.firstOctet
        }
    }

    /// The TPDU octets.
    public func encoded() throws(SMSCodecError) -> [UInt8] {
        switch self {
        case .deliver(let message): try message.encoded()
        case .submit(let message): try message.encoded()
        case .statusReport(let message): try message.encoded()
        case .submitReport(let message): try message.encoded()
        case .deliverReport(let message): try message.encoded()
        case .command(let message): try message.encoded()
        }
    }

    /// Decodes a TPDU (no SMSC field) from `bytes`.
    ///
    /// - Throws: ``SMSCodecError`` naming the field and octet offset.
    public static func decode(_ bytes: [UInt8], direction: Direction) throws(SMSCodecError) -> TPDU {
        try PDUReader.withReader(bytes) { (reader) throws(SMSCodecError) in
            try decode(from: &reader, direction: direction)
        }
    }

    static func decode(from reader: inout PDUReader, direction: Direction) throws(SMSCodecError) -> TPDU {
        guard let first = reader.peek() else {
            throw reader.truncated("TP-MTI", needed: 1)
        }
        switch (first & 0x03, direction) {
        case (0b00, .toNetwork):
            return .deliverReport(try SMSDeliverReport.decode(from: &reader))
        case (0b00, _), (0b11, .fromNetwork), (0b11, .automatic):
            return .deliver(try SMSDeliver.decode(from: &reader))
        case (0b01, .fromNetwork):
            return .submitReport(try SMSSubmitReport.decode(from: &reader))
        case (0b01, .toNetwork):
            return .submit(try SMSSubmit.decode(from: &reader))
        case (0b01, _):
            var trial = reader
            if let report = try? SMSSubmitReport.decode(from: &trial), trial.isAtEnd,
                report.serviceCentreTimestamp.isValid, !reader.bytesAfterFirst(hasReservedIndicatorBits: report)
            {
                reader = trial
                return .submitReport(report)
            }
            return .submit(try SMSSubmit.decode(from: &reader))
        case (0b10, .toNetwork):
            return .command(try SMSCommand.decode(from: &reader))
        case (0b10, _):
            return .statusReport(try SMSStatusReport.decode(from: &reader))
        default:
            throw reader.invalid("TP-MTI", at: reader.offset, "TP-MTI 11 is reserved")
        }
    }
}

extension PDUReader {
    /// Whether the TP-PI of a SUBMIT-REPORT reading at the current position has reserved bits set.
    fileprivate func bytesAfterFirst(hasReservedIndicatorBits report: SMSSubmitReport) -> Bool {
        let position = index + 1 + (report.failureCause == nil ? 0 : 1)
        guard position < bytes.count else { return true }
        return ParameterIndicator(rawValue: bytes[position]).hasReservedBits
    }
}
