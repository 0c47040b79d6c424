import Foundation

/// GB 18030, the Chinese national character set that CMPP 2.0 carries as Msg_Fmt 15 ("含GB汉字").
///
/// Not a TS 23.038 alphabet: CMPP gateways convert it to UCS2 before a message reaches the radio side. GB 18030
/// maps every Unicode scalar, with one, two or four octets (`中` → `D6 D0`, U+20000 → `95 32 82 36`), so encoding
/// cannot fail for a Swift string; decoding rejects octets that are not GB 18030.
///
/// The conversion uses Foundation (`CFStringEncoding` GB_18030_2000, `0x0632`), which is available on Linux
/// through swift-corelibs-foundation.
public enum GB18030 {
    /// Foundation's encoding for GB 18030-2000 (`kCFStringEncodingGB_18030_2000` as an `NSStringEncoding`).
    static let encoding = String.Encoding(rawValue: 0x8000_0632)

    /// The GB 18030 octets of `text`.
    ///
    /// - Throws: ``SMSCodecError/Code/unsupported`` when this platform's Foundation lacks the conversion.
    public static func encode(_ text: some StringProtocol) throws(SMSCodecError) -> [UInt8] {
        if text.isEmpty {
            return []
        }
        guard let data = String(text).data(using: encoding, allowLossyConversion: false) else {
            throw SMSCodecError(
                .unsupported,
                field: "Msg_Content",
                reason: "this platform's Foundation cannot convert text to GB 18030"
            )
        }
        return Array(data)
    }

    /// The text of GB 18030 `octets`.
    ///
    /// - Throws: ``SMSCodecError/Code/invalidValue`` when the octets are not valid GB 18030 (a truncated
    ///   multi-octet sequence, a byte no sequence starts with, …).
    public static func decode(_ octets: some Collection<UInt8>) throws(SMSCodecError) -> String {
        if octets.isEmpty {
            return ""
        }
        guard let text = String(bytes: Array(octets), encoding: encoding) else {
            throw SMSCodecError(
                .invalidValue,
                field: "Msg_Content",
                reason: "\(octets.count) octets are not valid GB 18030"
            )
        }
        return text
    }
}
