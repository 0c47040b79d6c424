/// The character set of a short message's user data, as the TP-DCS signals it (3GPP TS 23.038 §4).
public enum SMSAlphabet: String, Hashable, Sendable, CaseIterable {
    /// The GSM 7-bit default alphabet (or a national shift table): TP-UDL counts septets.
    case gsm7
    /// 8-bit data: TP-UDL counts octets; the content is binary, not text.
    case eightBit = "8bit"
    /// UCS2, sent as UTF-16BE (surrogate pairs included): TP-UDL counts octets.
    case ucs2

    /// The most user-data characters (septets, octets or UTF-16 units) a single short message holds
    /// with no User Data Header: 160, 140 or 70 (TS 23.040 §9.2.3.16).
    public var singleMessageCapacity: Int {
        switch self {
        case .gsm7: 160
        case .eightBit: 140
        case .ucs2: 70
        }
    }
}
