import Foundation
import NIOCore

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

    /// Foundation's GB18030 encoding (`kCFStringEncodingGB_18030_2000`). Checked to work on Linux
    /// (swift-corelibs-foundation 6.3) by the CMPPCore tests.
    static let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)

    /// Whether Msg_Content holds text in this format (0, 8, 15) rather than binary data.
    public var isText: Bool { self == .ascii || self == .ucs2 || self == .gb18030 }

    /// The text of `bytes` in this format, or `nil` for binary formats (3, 4) and unknown values.
    ///
    /// ASCII (0) is read as UTF-8, with invalid bytes replaced, because gateways put 8-bit text there.
    ///
    /// - Throws: ``CMPPError/Code/invalidText`` for UCS2 of odd length or with a lone surrogate, and for
    ///   bytes that are not GB18030.
    public func decodeText<Bytes: Collection>(_ bytes: Bytes) throws -> String? where Bytes.Element == UInt8 {
        switch self {
        case .ascii:
            return String(decoding: bytes, as: UTF8.self)
        case .ucs2:
            return try Self.decodeUTF16BigEndian(bytes)
        case .gb18030:
            guard let text = String(bytes: bytes, encoding: Self.gb18030Encoding) else {
                throw CMPPError.invalidText("the content is not GB18030")
            }
            return text
        default:
            return nil
        }
    }

    /// `text` encoded in this format.
    ///
    /// - Throws: ``CMPPError/Code/invalidText`` when the format carries no text or `text` has a character
    ///   it cannot represent (e.g. non-ASCII for format 0).
    public func encodeText(_ text: String) throws -> [UInt8] {
        switch self {
        case .ascii:
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
                throw CMPPError.invalidText("the text is not ASCII")
            }
            return Array(text.utf8)
        case .ucs2:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf16.count * 2)
            for unit in text.utf16 {
                bytes.append(UInt8(unit >> 8))
                bytes.append(UInt8(unit & 0xFF))
            }
            return bytes
        case .gb18030:
            guard let data = text.data(using: Self.gb18030Encoding) else {
                throw CMPPError.invalidText("the text cannot be encoded in GB18030")
            }
            return Array(data)
        default:
            throw CMPPError.invalidText("Msg_Fmt \(rawValue) carries no text")
        }
    }

    private static func decodeUTF16BigEndian<Bytes: Collection>(_ bytes: Bytes) throws -> String
    where Bytes.Element == UInt8 {
        guard bytes.count % 2 == 0 else {
            throw CMPPError.invalidText("UCS2 content has an odd length")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var iterator = bytes.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            units.append(UInt16(high) << 8 | UInt16(low))
        }
        var scalars = String.UnicodeScalarView()
        var decoder = UTF16()
        var unitIterator = units.makeIterator()
        while true {
            switch decoder.decode(&unitIterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
            case .emptyInput:
                return String(scalars)
            case .error:
                throw CMPPError.invalidText("UCS2 content has a lone surrogate")
            }
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
