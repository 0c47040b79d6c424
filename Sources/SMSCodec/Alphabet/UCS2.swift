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
        if let text = octets.withContiguousStorageIfAvailable(decode(buffer:)) {
            return text
        }
        return Array(octets).withUnsafeBufferPointer(decode(buffer:))
    }

    /// Transcodes UTF-16BE straight into the string's UTF-8 storage: at most 3 UTF-8 octets per code unit
    /// (a surrogate pair's 4 octets come from 2 units).
    static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        let unitCount = input.count / 2
        return String(unsafeUninitializedCapacity: unitCount * 3) { out in
            var written = 0
            var index = 0
            @inline(__always) func unit(_ at: Int) -> UInt32 {
                UInt32(input[2 * at]) << 8 | UInt32(input[2 * at + 1])
            }
            while index < unitCount {
                var scalar = unit(index)
                index += 1
                if scalar & 0xF800 == 0xD800 {
                    if scalar < 0xDC00, index < unitCount, unit(index) & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10 | (unit(index) - 0xDC00))
                        index += 1
                    } else {
                        scalar = 0xFFFD
                    }
                }
                switch scalar {
                case 0..<0x80:
                    out[written] = UInt8(scalar)
                    written += 1
                case 0x80..<0x800:
                    out[written] = UInt8(0xC0 | scalar >> 6)
                    out[written + 1] = UInt8(0x80 | scalar & 0x3F)
                    written += 2
                case 0x800..<0x10000:
                    out[written] = UInt8(0xE0 | scalar >> 12)
                    out[written + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    out[written + 2] = UInt8(0x80 | scalar & 0x3F)
                    written += 3
                default:
                    out[written] = UInt8(0xF0 | scalar >> 18)
                    out[written + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                    out[written + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    out[written + 3] = UInt8(0x80 | scalar & 0x3F)
                    written += 4
                }
            }
            return written
        }
    }
}
