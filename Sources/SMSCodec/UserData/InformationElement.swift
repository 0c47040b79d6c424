/// One Information Element of a User Data Header (3GPP TS 23.040 §9.2.3.24): `IEI | IEDL | IED`.
///
/// Every element is kept as read, including ones this codec has no typed view for, so a header survives a
/// decode/encode round trip byte for byte.
public struct InformationElement: Hashable, Sendable {
    /// The Information Element Identifier.
    public var identifier: Identifier
    /// The element's data (IED), without the identifier and length octets.
    public var data: [UInt8]

    public init(identifier: Identifier, data: [UInt8]) {
        self.identifier = identifier
        self.data = data
    }

    /// The octets this element takes in a header: identifier, length and data.
    public var encodedLength: Int { 2 + data.count }

    /// An Information Element Identifier: an open set, with the values this codec interprets named.
    public struct Identifier: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral {
        public var rawValue: UInt8

        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        public init(integerLiteral value: UInt8) {
            self.rawValue = value
        }

        /// 0x00: concatenated short message, 8-bit reference (`ref`, `total`, `seq`).
        public static let concatenated8BitReference: Identifier = 0x00
        /// 0x01: special SMS message indication (message waiting).
        public static let specialMessageIndication: Identifier = 0x01
        /// 0x04: application port addressing, 8-bit ports (`dest`, `orig`).
        public static let applicationPort8Bit: Identifier = 0x04
        /// 0x05: application port addressing, 16-bit ports (`dest`, `orig`, big-endian).
        public static let applicationPort16Bit: Identifier = 0x05
        /// 0x08: concatenated short message, 16-bit reference (`ref` big-endian, `total`, `seq`).
        public static let concatenated16BitReference: Identifier = 0x08
        /// 0x24: national language single-shift table (TS 23.038 §6.2.1.2.4).
        public static let nationalLanguageSingleShift: Identifier = 0x24
        /// 0x25: national language locking-shift table (TS 23.038 §6.2.1.2.4).
        public static let nationalLanguageLockingShift: Identifier = 0x25
    }
}
