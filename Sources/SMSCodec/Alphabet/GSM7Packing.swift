/// Packing of GSM 7-bit septets into octets (3GPP TS 23.038 §6.1.2.1.1).
///
/// Septets are laid LSB-first into a bit stream: septet `i` occupies bits `7i … 7i+6`, and bit `b` of the
/// stream is bit `b mod 8` of octet `b div 8`. Every 8 septets fill exactly 7 octets.
///
/// After a User Data Header the text must start on a septet boundary (TS 23.040 §9.2.3.24): the stream then
/// starts `fillBits` bits into the first octet after the header, and those fill bits are zero.
///
/// ### Examples
/// `"hello"` → septets `68 65 6C 6C 6F` → octets `E8 32 9B FD 06`.
public enum GSM7Packing {
    /// The number of octets that `septetCount` septets occupy after `fillBits` fill bits.
    @inlinable
    public static func packedLength(septets septetCount: Int, fillBits: Int = 0) -> Int {
        (septetCount * 7 + fillBits + 7) / 8
    }

    /// Packs septets (values 0…127; the high bit is ignored) into octets, after `fillBits` zero bits.
    public static func pack(_ septets: some Collection<UInt8>, fillBits: Int = 0) -> [UInt8] {
        precondition((0...6).contains(fillBits), "fill bits are 0…6")
        var octets = [UInt8](repeating: 0, count: packedLength(septets: septets.count, fillBits: fillBits))
        octets.withUnsafeMutableBufferPointer { out in
            var bit = fillBits
            for septet in septets {
                let value = UInt16(septet & 0x7F) << UInt16(bit & 7)
                let index = bit >> 3
                out[index] |= UInt8(truncatingIfNeeded: value)
                if value > 0xFF {
                    out[index + 1] |= UInt8(truncatingIfNeeded: value >> 8)
                }
                bit += 7
            }
        }
        return octets
    }

    /// Unpacks `septetCount` septets from `octets`, skipping `fillBits` leading bits.
    ///
    /// Reads only as many septets as the octets hold: when `octets` is shorter than the count requires,
    /// the result is shorter than `septetCount` (TS 23.040 decoders clamp a TP-UDL that overstates the data).
    public static func unpack(_ octets: some Collection<UInt8>, septetCount: Int, fillBits: Int = 0) -> [UInt8] {
        precondition((0...6).contains(fillBits), "fill bits are 0…6")
        let available = max(0, (octets.count * 8 - fillBits) / 7)
        let count = min(max(0, septetCount), available)
        var septets = [UInt8](repeating: 0, count: count)
        let bytes = Array(octets)
        bytes.withUnsafeBufferPointer { input in
            septets.withUnsafeMutableBufferPointer { out in
                var bit = fillBits
                for i in 0..<count {
                    let index = bit >> 3
                    var window = UInt16(input[index])
                    if index + 1 < input.count {
                        window |= UInt16(input[index + 1]) << 8
                    }
                    out[i] = UInt8(truncatingIfNeeded: window >> UInt16(bit & 7)) & 0x7F
                    bit += 7
                }
            }
        }
        return septets
    }
}
