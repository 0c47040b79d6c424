/// The Type-of-Address octet of an address field (3GPP TS 23.040 §9.1.2.5): bit 7 set, bits 6…4 the type of
/// number, bits 3…0 the numbering plan. `0x91` is international E.164, `0x81` unknown, `0xD0` alphanumeric.
///
/// Decoding keeps the octet as read, bit 7 included, so a device that leaves bit 7 clear still round-trips.
public struct TypeOfAddress: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public init(_ typeOfNumber: TypeOfNumber, _ numberingPlan: NumberingPlan) {
        self.rawValue = 0x80 | typeOfNumber.rawValue << 4 | numberingPlan.rawValue & 0x0F
    }

    public var typeOfNumber: TypeOfNumber {
        TypeOfNumber(rawValue: (rawValue >> 4) & 0x07) ?? .unknown
    }

    public var numberingPlan: NumberingPlan {
        NumberingPlan(rawValue: rawValue & 0x0F)
    }

    /// `0x91`: international number, ISDN/telephone plan (E.164). Shown with a leading `+`.
    public static let international = TypeOfAddress(.international, .isdn)
    /// `0x81`: unknown type, ISDN/telephone plan: the usual choice for a number without `+`.
    public static let unknown = TypeOfAddress(.unknown, .isdn)
    /// `0xA1`: national number, ISDN/telephone plan.
    public static let national = TypeOfAddress(.national, .isdn)
    /// `0xD0`: alphanumeric (GSM 7-bit default alphabet), unknown plan.
    public static let alphanumeric = TypeOfAddress(.alphanumeric, .unknown)
}

/// Type of number (TS 23.040 §9.1.2.5, bits 6…4 of the Type-of-Address): a closed 3-bit set.
public enum TypeOfNumber: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unknown = 0
    case international = 1
    case national = 2
    case networkSpecific = 3
    case subscriber = 4
    /// The address value is GSM 7-bit text, packed (TS 23.038 §6.1.2.1.1).
    case alphanumeric = 5
    case abbreviated = 6
    case reserved = 7

    /// The name used in dumps and JSON: `international`, `network-specific`, …
    public var description: String {
        switch self {
        case .unknown: "unknown"
        case .international: "international"
        case .national: "national"
        case .networkSpecific: "network-specific"
        case .subscriber: "subscriber"
        case .alphanumeric: "alphanumeric"
        case .abbreviated: "abbreviated"
        case .reserved: "reserved"
        }
    }
}

/// Numbering plan identification (TS 23.040 §9.1.2.5, bits 3…0 of the Type-of-Address): an open set.
public struct NumberingPlan: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue & 0x0F
    }

    public static let unknown = NumberingPlan(rawValue: 0x0)
    /// ISDN/telephone numbering plan (E.164/E.163).
    public static let isdn = NumberingPlan(rawValue: 0x1)
    /// Data numbering plan (X.121).
    public static let data = NumberingPlan(rawValue: 0x3)
    public static let telex = NumberingPlan(rawValue: 0x4)
    public static let serviceCentreSpecific1 = NumberingPlan(rawValue: 0x5)
    public static let serviceCentreSpecific2 = NumberingPlan(rawValue: 0x6)
    public static let national = NumberingPlan(rawValue: 0x8)
    public static let `private` = NumberingPlan(rawValue: 0x9)
    public static let ermes = NumberingPlan(rawValue: 0xA)
    public static let reserved = NumberingPlan(rawValue: 0xF)
}
