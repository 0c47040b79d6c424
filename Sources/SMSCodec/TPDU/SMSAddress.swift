/// An address: TP-OA, TP-DA, TP-RA (3GPP TS 23.040 §9.1.2.5) or the service centre address of the RP layer
/// (TS 24.011 §8.2.5.1) that PDU mode puts before the TPDU.
///
/// ``value`` holds the digits without `+` (semi-octets A–E as `*`, `#`, `a`, `b`, `c`), or the text of an
/// alphanumeric address. ``description`` adds the `+` of an international number.
///
/// The two length conventions differ: a TP address counts **semi-octets** (for alphanumeric ones, the
/// semi-octets the packed septets use: `ceil(septets × 7 / 4)`), the service centre field counts **octets**
/// including the Type-of-Address (shared/spec/sms-pdu.md §4).
public struct SMSAddress: Hashable, Sendable, CustomStringConvertible {
    public var type: TypeOfAddress
    public var value: String

    public init(type: TypeOfAddress, value: String) {
        self.type = type
        self.value = value
    }

    /// An address from how people write one: `+` and digits → international, digits (and `*#`) → unknown
    /// type, anything else (`abc` included) → alphanumeric.
    public init(_ text: String) {
        if text.hasPrefix("+"), text.count > 1, text.dropFirst().utf8.allSatisfy(Self.isDialCharacter) {
            self.init(type: .international, value: String(text.dropFirst()))
        } else if !text.isEmpty, text.utf8.allSatisfy(Self.isDialCharacter) {
            self.init(type: .unknown, value: text)
        } else {
            self.init(type: .alphanumeric, value: text)
        }
    }

    public var isAlphanumeric: Bool { type.typeOfNumber == .alphanumeric }

    /// `+` and digits for an international number, the digits or text otherwise.
    public var description: String {
        type.typeOfNumber == .international ? "+" + value : value
    }

    // MARK: - Semi-octets

    private static func isDialCharacter(_ character: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character) || character == UInt8(ascii: "*")
            || character == UInt8(ascii: "#")
    }

    /// The character of a non-digit semi-octet A…E: `*`, `#`, `a`, `b`, `c`.
    private static func semiOctetCharacter(_ nibble: UInt8) -> UInt8 {
        switch nibble {
        case 0xA: UInt8(ascii: "*")
        case 0xB: UInt8(ascii: "#")
        default: UInt8(ascii: "a") + nibble - 0xC
        }
    }

    /// The semi-octet of a digit or `*#abc` (`ABC` accepted too), `nil` for any other character.
    private static func semiOctet(for character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "*"): 0xA
        case UInt8(ascii: "#"): 0xB
        case UInt8(ascii: "a"), UInt8(ascii: "A"): 0xC
        case UInt8(ascii: "b"), UInt8(ascii: "B"): 0xD
        case UInt8(ascii: "c"), UInt8(ascii: "C"): 0xE
        default: nil
        }
    }

    /// Reads `count` semi-octets, low nibble first. A trailing `F` filler inside the count is dropped
    /// (python-gsmmodem vector with 12 counted digits whose last is `F`); a filler followed by digits is an error.
    private static func digits(
        _ octets: PDUReader.Octets,
        count: Int,
        field: StaticString,
        offset: Int
    ) throws(SMSCodecError) -> String {
        // A stack buffer and `String(decoding:)`: up to 15 octets become a small string, with no allocation.
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let limit = min(count, MemoryLayout.size(ofValue: storage))
        var written = 0
        var position = 0
        var fillerAt: Int?
        var digitAfterFiller: Int?
        var index = octets.startIndex
        withUnsafeMutableBytes(of: &storage) { utf8 in
            func take(_ nibble: UInt8) -> Bool {
                if nibble == 0xF {
                    fillerAt = fillerAt ?? position
                } else if fillerAt != nil {
                    digitAfterFiller = position
                    return false
                } else {
                    utf8[written] = nibble < 10 ? 0x30 | nibble : Self.semiOctetCharacter(nibble)
                    written += 1
                }
                position += 1
                return true
            }
            while position < limit, index < octets.endIndex {
                let octet = octets[index]
                index += 1
                guard take(octet & 0x0F) else { return }
                if position < limit, !take(octet >> 4) { return }
            }
        }
        if let digitAfterFiller {
            throw SMSCodecError(
                .invalidValue,
                field: "\(field)",
                offset: offset,
                reason: "filler semi-octet F before digit \(digitAfterFiller) of \(count)"
            )
        }
        return withUnsafeBytes(of: &storage) { String(decoding: $0[0..<written], as: UTF8.self) }
    }

    /// Packs semi-octets low nibble first, padding an odd count with `F`.
    private func semiOctets(field: StaticString) throws(SMSCodecError) -> [UInt8] {
        var octets = [UInt8]()
        octets.reserveCapacity((value.utf8.count + 1) / 2)
        var position = 0
        for character in value.utf8 {
            guard let nibble = Self.semiOctet(for: character) else {
                throw SMSCodecError(
                    .unencodableCharacter,
                    field: "\(field)",
                    offset: position,
                    reason: "character \(position) of the address is not a digit or *#abc"
                )
            }
            if position & 1 == 0 {
                octets.append(0xF0 | nibble)
            } else {
                octets[octets.count - 1] = octets[octets.count - 1] & 0x0F | nibble << 4
            }
            position += 1
        }
        return octets
    }

    private func packedAlphanumeric(field: StaticString) throws(SMSCodecError) -> (octets: [UInt8], septets: Int) {
        var septets: [UInt8]
        do {
            septets = try GSM7Alphabet().septets(for: value)
        } catch {
            throw SMSCodecError(error.code, field: "\(field)", offset: error.offset, reason: error.reason)
        }
        return (GSM7Packing.pack(septets), septets.count)
    }

    // MARK: - TP address (TS 23.040 §9.1.2.5)

    /// Reads a TP address: length in semi-octets, Type-of-Address, value.
    static func decodeTPAddress(from reader: inout PDUReader, field: StaticString) throws(SMSCodecError) -> SMSAddress {
        let start = reader.offset
        let length = Int(try reader.readOctet(field))
        let type = TypeOfAddress(rawValue: try reader.readOctet(field))
        guard length <= 20 else {
            throw reader.invalid(field, at: start, "address length \(length) exceeds 20 semi-octets")
        }
        let valueOffset = reader.offset
        let octets = try reader.readSlice((length + 1) / 2, field)
        if type.typeOfNumber == .alphanumeric {
            let septets = GSM7Packing.unpack(octets, septetCount: length * 4 / 7)
            return SMSAddress(type: type, value: GSM7Alphabet.default.decode(septets))
        }
        return SMSAddress(type: type, value: try digits(octets, count: length, field: field, offset: valueOffset))
    }

    /// The TP address octets: length in semi-octets, Type-of-Address, value.
    func encodedTPAddress(field: StaticString) throws(SMSCodecError) -> [UInt8] {
        if isAlphanumeric {
            let (octets, septets) = try packedAlphanumeric(field: field)
            let semiOctets = (septets * 7 + 3) / 4
            guard semiOctets <= 20 else {
                throw SMSCodecError(.tooLong, field: "\(field)", reason: "alphanumeric address over 11 septets")
            }
            return [UInt8(semiOctets), type.rawValue] + octets
        }
        guard value.utf8.count <= 20 else {
            throw SMSCodecError(.tooLong, field: "\(field)", reason: "address over 20 digits")
        }
        return [UInt8(value.utf8.count), type.rawValue] + (try semiOctets(field: field))
    }

    // MARK: - Service centre address (TS 24.011 §8.2.5.1)

    /// Reads the SMSC field of a PDU-mode string: length in octets (Type-of-Address included), `00` = absent.
    static func decodeServiceCentre(from reader: inout PDUReader) throws(SMSCodecError) -> SMSAddress? {
        let field: StaticString = "SMSC"
        let start = reader.offset
        let length = Int(try reader.readOctet(field))
        guard length > 0 else { return nil }
        guard length <= 11 else {
            throw reader.invalid(field, at: start, "SMSC length \(length) exceeds 11 octets")
        }
        let type = TypeOfAddress(rawValue: try reader.readOctet(field))
        let valueOffset = reader.offset
        let octets = try reader.readSlice(length - 1, field)
        if type.typeOfNumber == .alphanumeric {
            let septets = GSM7Packing.unpack(octets, septetCount: octets.count * 8 / 7)
            return SMSAddress(type: type, value: GSM7Alphabet.default.decode(septets))
        }
        return SMSAddress(
            type: type,
            value: try digits(octets, count: octets.count * 2, field: field, offset: valueOffset)
        )
    }

    /// The SMSC field for `address`: `00` when it is `nil`.
    static func encodedServiceCentre(_ address: SMSAddress?) throws(SMSCodecError) -> [UInt8] {
        guard let address else { return [0x00] }
        let octets =
            address.isAlphanumeric
            ? try address.packedAlphanumeric(field: "SMSC").octets : try address.semiOctets(field: "SMSC")
        guard octets.count <= 10 else {
            throw SMSCodecError(.tooLong, field: "SMSC", reason: "service centre address over 10 octets")
        }
        return [UInt8(octets.count + 1), address.type.rawValue] + octets
    }
}
