/// Hex text as PDU mode writes octets (3GPP TS 27.005 §3.1): two hex digits per octet.
///
/// Decoding accepts either case; encoding writes uppercase, as modems do.
public enum PDUHex {
    /// The octets of `hex`.
    ///
    /// - Throws: ``SMSCodecError/Code/invalidHex`` for an odd length or a character that is not a hex digit,
    ///   with the offset (in characters) of the first bad one.
    public static func decode(_ hex: some StringProtocol) throws(SMSCodecError) -> [UInt8] {
        var string = String(hex)
        let result = string.withUTF8 { decode(utf8: $0) }
        switch result {
        case .success(let octets): return octets
        case .failure(let error): throw error
        }
    }

    private static func decode(utf8: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], SMSCodecError> {
        guard utf8.count % 2 == 0 else {
            return .failure(
                SMSCodecError(.invalidHex, field: "hex", offset: utf8.count, reason: "odd number of hex digits")
            )
        }
        var bad: Int?
        let octets = [UInt8](unsafeUninitializedCapacity: utf8.count / 2) { out, initialized in
            var index = 0
            while index < out.count {
                let high = values[Int(utf8[2 * index])]
                let low = values[Int(utf8[2 * index + 1])]
                guard high | low < 0x10 else {
                    bad = 2 * index + (high < 0x10 ? 1 : 0)
                    break
                }
                out[index] = high << 4 | low
                index += 1
            }
            initialized = index
        }
        if let bad {
            return .failure(
                SMSCodecError(.invalidHex, field: "hex", offset: bad, reason: "character \(bad) is not a hex digit")
            )
        }
        return .success(octets)
    }

    /// Hex digit values by ASCII code; 0xFF for anything else.
    private static let values: [UInt8] = (0...255).map { code in
        switch UInt8(code) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(code) - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(code) - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(code) - UInt8(ascii: "a") + 10
        default: 0xFF
        }
    }

    /// `octets` as uppercase hex.
    public static func encode(_ octets: some Sequence<UInt8>) -> String {
        var utf8 = [UInt8]()
        utf8.reserveCapacity(octets.underestimatedCount * 2)
        for octet in octets {
            utf8.append(digits[Int(octet >> 4)])
            utf8.append(digits[Int(octet & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private static let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
