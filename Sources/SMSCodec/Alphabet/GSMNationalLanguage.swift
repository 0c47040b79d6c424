/// A National Language Identifier (3GPP TS 23.038 §6.2.1.2.4), naming a locking-shift or single-shift table.
///
/// It travels in the User Data Header: IEI 0x25 selects the locking-shift table (which replaces the default
/// alphabet), IEI 0x24 the single-shift table (which replaces the extension table reached through ESC).
/// An open set: identifiers this codec has no table for are kept as raw values.
public struct GSMNationalLanguage: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The GSM 7-bit default alphabet and its extension table.
    public static let `default` = GSMNationalLanguage(rawValue: 0)
    public static let turkish = GSMNationalLanguage(rawValue: 1)
    public static let spanish = GSMNationalLanguage(rawValue: 2)
    public static let portuguese = GSMNationalLanguage(rawValue: 3)
    public static let bengali = GSMNationalLanguage(rawValue: 4)
    public static let gujarati = GSMNationalLanguage(rawValue: 5)
    public static let hindi = GSMNationalLanguage(rawValue: 6)
    public static let kannada = GSMNationalLanguage(rawValue: 7)
    public static let malayalam = GSMNationalLanguage(rawValue: 8)
    public static let oriya = GSMNationalLanguage(rawValue: 9)
    public static let punjabi = GSMNationalLanguage(rawValue: 10)
    public static let tamil = GSMNationalLanguage(rawValue: 11)
    public static let telugu = GSMNationalLanguage(rawValue: 12)
    public static let urdu = GSMNationalLanguage(rawValue: 13)

    public var description: String {
        let names = [
            "default", "turkish", "spanish", "portuguese", "bengali", "gujarati", "hindi", "kannada", "malayalam",
            "oriya", "punjabi", "tamil", "telugu", "urdu",
        ]
        return Int(rawValue) < names.count ? names[Int(rawValue)] : "nli-\(rawValue)"
    }
}
