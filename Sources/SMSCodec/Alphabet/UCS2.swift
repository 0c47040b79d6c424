/// UCS2 as phones and SMSCs use it: UTF-16 big-endian, surrogate pairs included (3GPP TS 23.038 §6.2.3;
/// shared/spec/sms-pdu.md §13 rule 2).
public enum UCS2 {
    /// The UTF-16BE octets of `text`.
    public static func encode(_ text: some StringProtocol) -> [UInt8] {
        var octets: [UInt8] = []
        octets.reserveCapacity(text.utf16.count * 2)
        for unit in text.utf16 {
            octets.append(UInt8(truncatingIfNeeded: unit >> 8))
            octets.append(UInt8(truncatingIfNeeded: unit))
        }
        return octets
    }

    /// The UTF-16 code units of big-endian `octets`; a trailing odd octet is ignored.
    public static func codeUnits(of octets: some Collection<UInt8>) -> [UInt16] {
        var units: [UInt16] = []
        units.reserveCapacity(octets.count / 2)
        var iterator = octets.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            units.append(UInt16(high) << 8 | UInt16(low))
        }
        return units
    }

    /// The text of big-endian UTF-16 `octets`. Lenient as a receiver must be: a trailing odd octet is
    /// ignored and an unpaired surrogate becomes U+FFFD.
    public static func decode(_ octets: some Collection<UInt8>) -> String {
        String(decoding: codeUnits(of: octets), as: UTF16.self)
    }
}
