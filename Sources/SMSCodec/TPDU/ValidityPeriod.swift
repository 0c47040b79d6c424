/// TP-VP, how long the service centre keeps trying to deliver a submitted message (3GPP TS 23.040 §9.2.3.12),
/// in one of the three formats TP-VPF selects.
public enum ValidityPeriod: Hashable, Sendable, CustomStringConvertible {
    /// TP-VPF `10`, one octet (§9.2.3.12.1): 0…143 → (VP + 1) × 5 min;
    /// 144…167 → 12 h + (VP − 143) × 30 min; 168…196 → (VP − 166) days; 197…255 → (VP − 192) weeks.
    case relative(UInt8)
    /// TP-VPF `11`, seven octets in the format of TP-SCTS (§9.2.3.12.2).
    case absolute(SMSTimestamp)
    /// TP-VPF `01`, seven octets (§9.2.3.12.3).
    case enhanced(EnhancedValidityPeriod)

    /// The two TP-VPF bits (first-octet bits 4…3) that announce this format.
    var formatBits: UInt8 {
        switch self {
        case .relative: 0b10
        case .absolute: 0b11
        case .enhanced: 0b01
        }
    }

    /// The TP-VP octets.
    var encoded: [UInt8] {
        switch self {
        case .relative(let value): [value]
        case .absolute(let timestamp): timestamp.encoded
        case .enhanced(let enhanced): enhanced.octets
        }
    }

    /// Reads the TP-VP that TP-VPF announces; `nil` for `00` (absent).
    static func decode(format: UInt8, from reader: inout PDUReader) throws(SMSCodecError) -> ValidityPeriod? {
        switch format & 0b11 {
        case 0b10:
            return .relative(try reader.readOctet("TP-VP"))
        case 0b11:
            return .absolute(try SMSTimestamp.decode(from: &reader, field: "TP-VP"))
        case 0b01:
            let octets = try reader.readSlice(7, "TP-VP")
            return .enhanced(EnhancedValidityPeriod(octets: Array(octets)))
        default:
            return nil
        }
    }

    // MARK: - Relative durations

    /// The duration, in seconds, of a relative TP-VP value (§9.2.3.12.1).
    public static func seconds(ofRelative value: UInt8) -> Int {
        let value = Int(value)
        switch value {
        case 0...143: return (value + 1) * 300
        case 144...167: return 12 * 3600 + (value - 143) * 1800
        case 168...196: return (value - 166) * 86_400
        default: return (value - 192) * 7 * 86_400
        }
    }

    /// The relative TP-VP for a requested duration: the **smallest value whose period is at least** `seconds`
    /// (so the message is never dropped earlier than asked). Durations up to 5 minutes give `0`.
    ///
    /// - Throws: ``SMSCodecError/Code/tooLong`` beyond 63 weeks, the longest relative period.
    public static func relative(covering seconds: Int) throws(SMSCodecError) -> ValidityPeriod {
        let value: Int
        switch seconds {
        case ...300:
            value = 0
        case ...(12 * 3600):
            value = (seconds + 299) / 300 - 1
        case ...(24 * 3600):
            value = 143 + (seconds - 12 * 3600 + 1799) / 1800
        case ...(30 * 86_400):
            value = max(168, 166 + (seconds + 86_399) / 86_400)
        case ...(63 * 7 * 86_400):
            value = max(197, 192 + (seconds + 7 * 86_400 - 1) / (7 * 86_400))
        default:
            throw SMSCodecError(.tooLong, field: "TP-VP", reason: "\(seconds) s exceeds 63 weeks")
        }
        return .relative(UInt8(value))
    }

    /// The period in seconds for relative and enhanced-relative formats, `nil` for absolute.
    public var seconds: Int? {
        switch self {
        case .relative(let value): Self.seconds(ofRelative: value)
        case .absolute: nil
        case .enhanced(let enhanced): enhanced.seconds
        }
    }

    /// `relative 0xA9 = 3 days`, `absolute 2013-07-10T13:39:00+02:00`, `enhanced 01A90000000000`.
    public var description: String {
        switch self {
        case .relative(let value):
            "relative 0x" + PDUHex.encode([value]) + " = " + Self.describe(seconds: Self.seconds(ofRelative: value))
        case .absolute(let timestamp):
            "absolute " + timestamp.iso8601
        case .enhanced(let enhanced):
            "enhanced " + PDUHex.encode(enhanced.octets)
                + (enhanced.seconds.map { " = " + Self.describe(seconds: $0) } ?? "")
        }
    }

    /// `30 minutes`, `12 hours 30 minutes`, `3 days`, `63 weeks`.
    static func describe(seconds: Int) -> String {
        func unit(_ count: Int, _ name: String) -> String {
            "\(count) \(name)" + (count == 1 ? "" : "s")
        }
        if seconds >= 7 * 86_400, seconds % (7 * 86_400) == 0 {
            return unit(seconds / (7 * 86_400), "week")
        }
        if seconds >= 2 * 86_400, seconds % 86_400 == 0 {
            return unit(seconds / 86_400, "day")
        }
        var parts: [String] = []
        if seconds >= 3600 { parts.append(unit(seconds / 3600, "hour")) }
        if seconds % 3600 >= 60 { parts.append(unit(seconds % 3600 / 60, "minute")) }
        if seconds % 60 != 0 || parts.isEmpty { parts.append(unit(seconds % 60, "second")) }
        return parts.joined(separator: " ")
    }
}

/// An enhanced validity period (3GPP TS 23.040 §9.2.3.12.3): a functionality indicator and up to six octets.
///
/// Kept as the seven octets read, so that reserved formats and padding survive a round trip.
public struct EnhancedValidityPeriod: Hashable, Sendable {
    /// The seven TP-VP octets, functionality indicator first.
    public var octets: [UInt8]

    public init(octets: [UInt8]) {
        self.octets = Array((octets + [UInt8](repeating: 0, count: 7)).prefix(7))
    }

    /// Bit 6 of the functionality indicator: the SC makes only one delivery attempt.
    public var isSingleShot: Bool { octets[0] & 0x40 != 0 }

    /// Bit 7: the functionality indicator is extended by another octet.
    public var isExtended: Bool { octets[0] & 0x80 != 0 }

    /// Bits 2…0: 0 none, 1 relative (as §9.2.3.12.1), 2 relative seconds, 3 relative HH:MM:SS, 4…7 reserved.
    public var format: UInt8 { octets[0] & 0x07 }

    /// The period in seconds for formats 1…3 (read after any extension octets), `nil` otherwise.
    public var seconds: Int? {
        var index = 1
        while index < 7, octets[index - 1] & 0x80 != 0 { index += 1 }
        switch format {
        case 1 where index < 7:
            return ValidityPeriod.seconds(ofRelative: octets[index])
        case 2 where index < 7:
            return Int(octets[index])
        case 3 where index + 2 < 7:
            func bcd(_ octet: UInt8) -> Int { Int(octet & 0x0F) * 10 + Int(octet >> 4) }
            return bcd(octets[index]) * 3600 + bcd(octets[index + 1]) * 60 + bcd(octets[index + 2])
        default:
            return nil
        }
    }
}
