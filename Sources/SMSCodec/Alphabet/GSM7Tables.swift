/// The code tables of the GSM 7-bit alphabet (3GPP TS 23.038 §6.2.1 and Annex A).
///
/// A *locking-shift* table has 128 positions (position 0x1B is the escape to the single-shift table, never a
/// character); a *single-shift* table maps the septet after ESC to a character. The default pair is the GSM 7-bit
/// default alphabet and its extension table; national languages replace either or both.
enum GSM7Tables {
    /// The escape septet that selects the single-shift table for the next septet.
    static let escape: UInt8 = 0x1B

    /// TS 23.038 §6.2.1: the default alphabet. 0x09 is Ç (U+00C7) as in the standard, not ç as in the
    /// Unicode consortium's GSM0338.TXT (see shared/spec/sms-pdu.md §11.1). 0x1B (ESC) is U+001B here as a
    /// placeholder and is never produced or accepted as a character.
    static let defaultLockingShift: [Unicode.Scalar] = Array(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1B}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars
    )

    /// TS 23.038 §6.2.1.1: the default extension table (septet after ESC → character).
    static let defaultSingleShift: [UInt8: Unicode.Scalar] = [
        0x0A: "\u{0C}", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\",
        0x3C: "[", 0x3D: "~", 0x3E: "]", 0x40: "|", 0x65: "€",
    ]

    /// The locking-shift table for a national language, or `nil` when the standard defines none
    /// (Spanish has a single-shift table only) or this codec does not carry it.
    static func lockingShift(for language: GSMNationalLanguage) -> [Unicode.Scalar]? {
        switch language {
        case .default: defaultLockingShift
        case .turkish: turkishLockingShift
        case .portuguese: portugueseLockingShift
        default: nil
        }
    }

    /// The single-shift table for a national language, or `nil` when this codec does not carry it.
    static func singleShift(for language: GSMNationalLanguage) -> [UInt8: Unicode.Scalar]? {
        switch language {
        case .default: defaultSingleShift
        case .turkish: turkishSingleShift
        case .spanish: spanishSingleShift
        case .portuguese: portugueseSingleShift
        default: nil
        }
    }

    /// `table` with the characters at some positions replaced: national locking-shift tables that differ from the
    /// default alphabet in a few places are written as those differences.
    static func replacing(_ table: [Unicode.Scalar], with changes: [UInt8: Unicode.Scalar]) -> [Unicode.Scalar] {
        var result = table
        for (code, scalar) in changes {
            result[Int(code)] = scalar
        }
        return result
    }
}
