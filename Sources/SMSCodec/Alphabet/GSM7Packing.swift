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
        if let packed = septets.withContiguousStorageIfAvailable({ pack(buffer: $0, fillBits: fillBits) }) {
            return packed
        }
        return Array(septets).withUnsafeBufferPointer { pack(buffer: $0, fillBits: fillBits) }
    }

    /// Unpacks `septetCount` septets from `octets`, skipping `fillBits` leading bits.
    ///
    /// Reads only as many septets as the octets hold: when `octets` is shorter than the count requires,
    /// the result is shorter than `septetCount` (TS 23.040 decoders clamp a TP-UDL that overstates the data).
    public static func unpack(_ octets: some Collection<UInt8>, septetCount: Int, fillBits: Int = 0) -> [UInt8] {
        precondition((0...6).contains(fillBits), "fill bits are 0…6")
        if let septets = octets.withContiguousStorageIfAvailable({
            unpack(buffer: $0, septetCount: septetCount, fillBits: fillBits)
        }) {
            return septets
        }
        return Array(octets).withUnsafeBufferPointer {
            unpack(buffer: $0, septetCount: septetCount, fillBits: fillBits)
        }
    }

    // MARK: - Buffer kernels

    static func pack(buffer septets: UnsafeBufferPointer<UInt8>, fillBits: Int) -> [UInt8] {
        let count = packedLength(septets: septets.count, fillBits: fillBits)
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            // Accumulate bits LSB-first and flush whole octets: one store per output octet.
            var accumulator: UInt32 = 0
            var bits = fillBits
            var index = 0
            for septet in septets {
                accumulator |= UInt32(septet & 0x7F) << UInt32(bits)
                bits += 7
                if bits >= 8 {
                    out[index] = UInt8(truncatingIfNeeded: accumulator)
                    index += 1
                    accumulator >>= 8
                    bits -= 8
                }
            }
            if bits > 0 {
                out[index] = UInt8(truncatingIfNeeded: accumulator)
                index += 1
            }
            initialized = index
        }
    }

    static func unpack(buffer input: UnsafeBufferPointer<UInt8>, septetCount: Int, fillBits: Int) -> [UInt8] {
        let available = max(0, (input.count * 8 - fillBits) / 7)
        let count = min(max(0, septetCount), available)
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            guard count > 0, let base = input.baseAddress else {
                initialized = 0
                return
            }
            // Eight septets at a time from one unaligned 64-bit load while 8 octets remain readable.
            var bit = fillBits
            var position = 0
            while position + 8 <= count, bit >> 3 + 8 <= input.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + bit >> 3).loadUnaligned(as: UInt64.self))
                    >> UInt64(bit & 7)
                for shift in 0..<8 {
                    out[position + shift] = UInt8(truncatingIfNeeded: word >> UInt64(7 * shift)) & 0x7F
                }
                position += 8
                bit += 56
            }
            // The rest one septet at a time, from a 16-bit window that stops at the input's end.
            while position < count {
                let index = bit >> 3
                var window = UInt16(input[index])
                if index + 1 < input.count {
                    window |= UInt16(input[index + 1]) << 8
                }
                out[position] = UInt8(truncatingIfNeeded: window >> UInt16(bit & 7)) & 0x7F
                position += 1
                bit += 7
            }
            initialized = count
        }
    }
}
