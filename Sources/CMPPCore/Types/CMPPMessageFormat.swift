import SMSCodec

/// `Msg_Fmt`: how Msg_Content is encoded (§7.4.3.1). An open set; the spec's "……" implies more values.
public struct CMPPMessageFormat: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt8) {
        self.rawValue = value
    }

    /// 0: ASCII. Msg_Length < 160.
    public static let ascii = CMPPMessageFormat(rawValue: 0)
    /// 3: 短信写卡操作, a SIM card write operation: binary.
    public static let simCardWrite = CMPPMessageFormat(rawValue: 3)
    /// 4: binary.
    public static let binary = CMPPMessageFormat(rawValue: 4)
    /// 8: UCS2, UTF-16 big-endian (surrogate pairs allowed).
    public static let ucs2 = CMPPMessageFormat(rawValue: 8)
    /// 15: 含GB汉字, GB Chinese; decoded as GB18030, the superset of GB2312 and GBK.
    public static let gb18030 = CMPPMessageFormat(rawValue: 15)

    /// Whether Msg_Content holds text in this format (0, 8, 15) rather than binary data.
    public var isText: Bool { self == .ascii || self == .ucs2 || self == .gb18030 }

    /// The text of `bytes` in this format, or `nil` for binary formats (3, 4) and unknown values.
    ///
    /// ASCII (0) is read as UTF-8, with invalid bytes replaced, because gateways put 8-bit text there.
    /// UCS2 and GB18030 go through SMSCodec's ``UCS2`` and ``GB18030``, the same code the modem side uses.
    ///
    /// - Throws: ``CMPPError/Code/invalidText`` for UCS2 of odd length or with a lone surrogate (a part of a
    ///   long message that split a surrogate pair: reassemble the parts' bytes first), and for bytes that are
    ///   not GB18030.
    public func decodeText(_ bytes: some Collection<UInt8>) throws(CMPPError) -> String? {
        switch self {
        case .ascii:
            return String(decoding: bytes, as: UTF8.self)
        case .ucs2:
            guard bytes.count % 2 == 0 else {
                throw CMPPError.invalidText("UCS2 content has an odd length")
            }
            guard let text = String(validating: UCS2.codeUnits(of: bytes), as: UTF16.self) else {
                throw CMPPError.invalidText("UCS2 content has a lone surrogate")
            }
            return text
        case .gb18030:
            do {
                return try GB18030.decode(bytes)
            } catch {
                throw CMPPError.invalidText("the content is not GB18030")
            }
        default:
            return nil
        }
    }

    /// `text` encoded in this format.
    ///
    /// - Throws: ``CMPPError/Code/invalidText`` when the format carries no text or `text` has a character
    ///   it cannot represent (e.g. non-ASCII for format 0).
    public func encodeText(_ text: String) throws(CMPPError) -> [UInt8] {
        switch self {
        case .ascii:
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
                throw CMPPError.invalidText("the text is not ASCII")
            }
            return Array(text.utf8)
        case .ucs2:
            return UCS2.encode(text)
        case .gb18030:
            do {
                return try GB18030.encode(text)
            } catch {
                throw CMPPError.invalidText("the text cannot be encoded in GB18030")
            }
        default:
            throw CMPPError.invalidText("Msg_Fmt \(rawValue) carries no text")
        }
    }

    public var description: String {
        switch rawValue {
        case 0: "ASCII"
        case 3: "SIM card write"
        case 4: "binary"
        case 8: "UCS2"
        case 15: "GB18030"
        default: "Msg_Fmt \(rawValue)"
        }
    }
}
