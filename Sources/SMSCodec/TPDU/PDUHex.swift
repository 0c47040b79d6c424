/// Hex text as PDU mode writes octets (3GPP TS 27.005 §3.1): two hex digits per octet.
///
/// Decoding accepts either case; encoding writes uppercase, as modems do.
public enum PDUHex {
    /// The octets of `hex`.
    ///
    /// - Throws: ``SMSCodecError/Code/invalidHex`` for an odd length or a character that is not a hex digit,
    ///   with the offset (in characters) of the first bad one.
    public static func decode(_ hex: some StringProtocol) throws(SMSCodecError) -> [UInt8] {
        let utf8 = hex.utf8
        guard utf8.count % 2 == 0 else {
            throw SMSCodecError(
                .invalidHex,
                field: "hex",
                offset: utf8.count,
                reason: "odd number of hex digits (\(utf8.count))"
            )
        }
        var octets = [UInt8]()
        octets.reserveCapacity(utf8.count / 2)
        var high: UInt8 = 0
        var position = 0
        for character in utf8 {
            guard let nibble = value(of: character) else {
                throw SMSCodecError(
                    .invalidHex,
                    field: "hex",
                    offset: position,
                    reason: "character \(position) is not a hex digit"
                )
            }
            if position & 1 == 0 {
                high = nibble << 4
            } else {
                octets.append(high | nibble)
            }
            position += 1
        }
        return octets
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

    @inline(__always)
    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- UInt8(ascii: "A") &+ 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
        default: nil
        }
    }
}
