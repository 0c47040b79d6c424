/// Application port addressing (3GPP TS 23.040 §9.2.3.24.3 and .4): IEI 0x04 with 8-bit ports or IEI 0x05
/// with 16-bit ports, e.g. WAP push to port 2948 from 9200.
public struct ApplicationPorts: Hashable, Sendable {
    public var destination: UInt16
    public var origin: UInt16
    /// Whether the ports are written as 16-bit values (IEI 0x05) rather than 8-bit ones (IEI 0x04).
    public var is16Bit: Bool

    public init(destination: UInt16, origin: UInt16, is16Bit: Bool = true) {
        self.destination = destination
        self.origin = origin
        self.is16Bit = is16Bit || destination > 0xFF || origin > 0xFF
    }

    /// The ports of a header element, or `nil` when it is not a port element of the right length.
    public init?(_ element: InformationElement) {
        let data = element.data
        switch element.identifier {
        case .applicationPort8Bit where data.count == 2:
            self.init(destination: UInt16(data[0]), origin: UInt16(data[1]), is16Bit: false)
        case .applicationPort16Bit where data.count == 4:
            self.init(
                destination: UInt16(data[0]) << 8 | UInt16(data[1]),
                origin: UInt16(data[2]) << 8 | UInt16(data[3]),
                is16Bit: true
            )
        default:
            return nil
        }
    }

    /// The header element carrying these ports.
    public var element: InformationElement {
        if is16Bit {
            InformationElement(
                identifier: .applicationPort16Bit,
                data: [
                    UInt8(truncatingIfNeeded: destination >> 8), UInt8(truncatingIfNeeded: destination),
                    UInt8(truncatingIfNeeded: origin >> 8), UInt8(truncatingIfNeeded: origin),
                ]
            )
        } else {
            InformationElement(
                identifier: .applicationPort8Bit,
                data: [UInt8(truncatingIfNeeded: destination), UInt8(truncatingIfNeeded: origin)]
            )
        }
    }
}
