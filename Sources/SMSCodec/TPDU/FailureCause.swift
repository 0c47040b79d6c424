/// TP-FCS, why the receiving entity rejected a message (3GPP TS 23.040 §9.2.3.22), carried by the RP-ERROR
/// forms of SMS-SUBMIT-REPORT and SMS-DELIVER-REPORT. The values `0x80`…`0xFF` are also the numbers of
/// `+CMS ERROR: 128…255`.
public struct FailureCause: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt8) {
        self.rawValue = value
    }

    /// `0x81`: short message type 0 not supported.
    public static let shortMessageType0NotSupported: FailureCause = 0x81
    /// `0x8F`: unspecified TP-PID error.
    public static let unspecifiedPIDError: FailureCause = 0x8F
    /// `0x90`: data coding scheme (alphabet) not supported.
    public static let alphabetNotSupported: FailureCause = 0x90
    /// `0xC0`: SC busy.
    public static let serviceCentreBusy: FailureCause = 0xC0
    /// `0xD0`: (U)SIM SMS storage full.
    public static let simStorageFull: FailureCause = 0xD0
    /// `0xD3`: memory capacity exceeded.
    public static let memoryCapacityExceeded: FailureCause = 0xD3
    /// `0xFF`: unspecified error cause.
    public static let unspecified: FailureCause = 0xFF

    /// Reads the optional TP-FCS of a report. The TPDU does not say which RP form carried it; TP-FCS values are
    /// `0x80`…`0xFF` while a TP-PI with no reserved bits is below `0x80` unless extended, so an octet with bit 7
    /// set is read as TP-FCS.
    static func decodeIfPresent(from reader: inout PDUReader) throws(SMSCodecError) -> FailureCause? {
        guard let octet = reader.peek() else {
            throw reader.truncated("TP-PI", needed: 1)
        }
        guard octet & 0x80 != 0 else { return nil }
        reader.index += 1
        return FailureCause(rawValue: octet)
    }
}
