/// The concatenation information of one part of a long message (3GPP TS 23.040 §9.2.3.24.1 and .8):
/// IEI 0x00 with an 8-bit reference or IEI 0x08 with a 16-bit one.
public struct SMSConcatenation: Hashable, Sendable {
    /// Which of the two concatenation elements carries the reference.
    public enum ReferenceKind: String, Hashable, Sendable, CaseIterable {
        /// IEI 0x00, 3 octets of data: the de-facto default (153/134/67 characters per part).
        case eightBit
        /// IEI 0x08, 4 octets of data (152/133/66 characters per part).
        case sixteenBit
    }

    /// The reference shared by every part of one message (0…255 for ``ReferenceKind/eightBit``).
    public var reference: UInt16
    /// The number of parts, 1…255.
    public var total: UInt8
    /// This part's number, 1…``total``.
    public var sequence: UInt8
    public var kind: ReferenceKind

    public init(reference: UInt16, total: UInt8, sequence: UInt8, kind: ReferenceKind = .eightBit) {
        self.reference = kind == .eightBit ? reference & 0xFF : reference
        self.total = total
        self.sequence = sequence
        self.kind = kind
    }

    /// The element from a header element, or `nil` when it is not a concatenation element or is one a
    /// receiver must ignore: wrong length, `total` 0, `sequence` 0 or `sequence` > `total` (TS 23.040 §9.2.3.24.1).
    public init?(_ element: InformationElement) {
        let data = element.data
        switch element.identifier {
        case .concatenated8BitReference where data.count == 3:
            self.init(reference: UInt16(data[0]), total: data[1], sequence: data[2], kind: .eightBit)
        case .concatenated16BitReference where data.count == 4:
            self.init(
                reference: UInt16(data[0]) << 8 | UInt16(data[1]),
                total: data[2],
                sequence: data[3],
                kind: .sixteenBit
            )
        default:
            return nil
        }
        guard total > 0, sequence > 0, sequence <= total else { return nil }
    }

    /// The header element carrying this information.
    public var element: InformationElement {
        switch kind {
        case .eightBit:
            InformationElement(
                identifier: .concatenated8BitReference,
                data: [UInt8(truncatingIfNeeded: reference), total, sequence]
            )
        case .sixteenBit:
            InformationElement(
                identifier: .concatenated16BitReference,
                data: [UInt8(truncatingIfNeeded: reference >> 8), UInt8(truncatingIfNeeded: reference), total, sequence]
            )
        }
    }
}
